// 问题清单 / 销号清单: problems with filters; a supervisor raises, moves and closes them
// (closing needs evidence).

import { atLeast, signInBox, whoami } from "../auth.js";
import { available, maybe, run } from "../gql.js";
import { nameOf, t } from "../i18n.js";
import { notice, pendingNotice, route_, withQuery } from "../page.js";
import { add, field, h, query, select, when } from "../util.js";

const STATUSES = ["OPEN", "RECTIFYING", "CLOSED", "REOPENED"];
const LISTS = ["open", "closed", "all"];

function inList(list, problem) {
  if (list === "open") return problem.status !== "CLOSED";
  if (list === "closed") return problem.status === "CLOSED";
  return true;
}

async function mutate(name, variables, where) {
  const result = Object.values(await run(name, variables))[0];
  if (result.__typename === "Problem") return true;
  const text = result.errors ? result.errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join("；") : result.message;
  where.replaceChildren(notice(t("error"), text, true));
  return false;
}

function actions(problem, reload) {
  const message = h("div", { class: "row-message", "aria-live": "polite" });
  const buttons = [];
  if (problem.status === "OPEN" || problem.status === "REOPENED") {
    buttons.push(
      h("button", { type: "button", onclick: async () => (await mutate("StartRectifying", { id: problem.id }, message)) && reload() }, t("startRectifying")),
    );
  }
  if (problem.status !== "CLOSED") {
    const evidence = h("input", { type: "text", name: "evidence", required: true, "aria-describedby": `ev-${problem.id}` });
    buttons.push(
      h(
        "form",
        {
          class: "inline",
          onsubmit: async (event) => {
            event.preventDefault();
            if (!evidence.value.trim()) {
              message.replaceChildren(notice(t("error"), t("evidenceRequired"), true));
              evidence.focus();
              return;
            }
            if (await mutate("CloseProblem", { id: problem.id, evidence: evidence.value.trim() }, message)) reload();
          },
        },
        field(`${t("evidence")}（${problem.title}）`, evidence),
        h("span", { id: `ev-${problem.id}`, class: "muted" }, t("evidenceRequired")),
        h("button", { type: "submit" }, t("closeProblem")),
      ),
    );
  } else {
    buttons.push(h("button", { type: "button", onclick: async () => (await mutate("ReopenProblem", { id: problem.id }, message)) && reload() }, t("reopen")));
  }
  return h("div", { class: "actions" }, buttons, message);
}

function raiseForm(data, reload) {
  const title = h("input", { type: "text", name: "title", required: true });
  const department = select(data.departments.map((d) => [d.name, nameOf(d)]), null, { name: "department" });
  const domain = select([["", "–"], ...data.domains.map((d) => [d.code, nameOf(d)])], "", { name: "domain" });
  const indicator = h("input", { type: "text", name: "indicator", placeholder: "9 / youyou.childcare_places_per_1000" });
  const due = h("input", { type: "date", name: "dueDate", required: true });
  const description = h("textarea", { name: "description", rows: 2 });
  const message = h("div", { "aria-live": "polite" });
  return h(
    "form",
    {
      class: "raise",
      onsubmit: async (event) => {
        event.preventDefault();
        const input = {
          title: title.value.trim(),
          department: department.value,
          dueDate: due.value,
          description: description.value.trim() || null,
          domain: domain.value || null,
          indicator: indicator.value.trim() || null,
        };
        if (await mutate("RaiseProblem", { input }, message)) reload();
      },
    },
    h("h2", {}, t("raiseProblem")),
    h(
      "div",
      { class: "grid" },
      field(t("title"), title),
      field(t("department"), department),
      field(t("domain"), domain),
      field(t("indicator"), indicator),
      field(t("dueDate"), due),
      field(t("description"), description),
    ),
    h("button", { type: "submit" }, t("raise")),
    message,
  );
}

export async function render(root) {
  const q = query();
  const list = LISTS.includes(q.list) ? q.list : "open";
  const status = STATUSES.includes(q.status) ? q.status : null;
  const department = q.department || null;
  const overdue = q.overdue === "1" ? true : null;
  const [me, data, history] = await Promise.all([
    whoami(),
    run("Problems", { status, department, overdue }),
    maybe("ProblemHistory").catch(() => null),
  ]);
  const historyOf = Object.fromEntries((history?.problems.edges || []).map((e) => [e.node.id, e.node.history]));
  const supervisor = atLeast(me.role, "supervisor") && me.signedIn;
  const reload = () => route_();
  const problems = data.problems.edges.map((e) => e.node).filter((p) => inList(list, p));

  const listSelect = select(LISTS.map((l) => [l, l === "open" ? t("problemList") : l === "closed" ? t("closedList") : t("any")]), list, { name: "list" });
  const statusSelect = select([["", t("any")], ...STATUSES.map((s) => [s, t(s)])], status || "", { name: "status" });
  const departmentSelect = select([["", t("any")], ...data.departments.map((d) => [d.name, nameOf(d)])], department || "", { name: "department" });
  const overdueBox = h("input", { type: "checkbox", name: "overdue", checked: overdue === true });
  const filters = h(
    "form",
    {
      class: "filters",
      onsubmit: (event) => {
        event.preventDefault();
        withQuery({ list: listSelect.value, status: statusSelect.value, department: departmentSelect.value, overdue: overdueBox.checked ? "1" : null });
      },
    },
    h("h2", { class: "visually-hidden" }, t("filters")),
    field(t("problemList"), listSelect),
    field(t("status"), statusSelect),
    field(t("department"), departmentSelect),
    field(t("overdueOnly"), overdueBox),
    h("button", { type: "submit" }, t("apply")),
  );

  const rows = problems.map((p) =>
    h(
      "article",
      { class: "card problem", "data-problem": p.id, "data-status": p.status },
      h("h3", {}, p.title, " ", h("span", { class: `badge p-${p.status}` }, t(p.status)), p.overdue ? h("span", { class: "badge s-BEHIND" }, t("overdue")) : null),
      p.description ? h("p", {}, p.description) : null,
      h(
        "dl",
        { class: "facts" },
        h("dt", {}, t("department")),
        h("dd", {}, nameOf(p.department)),
        h("dt", {}, t("dueDate")),
        h("dd", {}, p.dueDate),
        h("dt", {}, t("raisedBy")),
        h("dd", {}, `${p.raisedBy} · ${when(p.raisedAt)}`),
        p.indicator ? [h("dt", {}, t("indicator")), h("dd", {}, h("a", { href: `/indicator/${encodeURIComponent(p.indicator)}`, "data-link": true }, p.indicator))] : null,
        p.closedAt ? [h("dt", {}, t("evidence")), h("dd", {}, `${p.evidence || ""} · ${when(p.closedAt)}`)] : null,
      ),
      historyOf[p.id]?.length
        ? h("details", {}, h("summary", {}, t("history")), h("ol", {}, historyOf[p.id].map((x) => h("li", {}, `${when(x.at)} ${x.by}: ${x.from ? t(x.from) : "–"} → ${t(x.to)}${x.note ? ` (${x.note})` : ""}`))))
        : null,
      supervisor ? actions(p, reload) : null,
    ),
  );
  add(root, 
    h("div", { class: "page-head" }, h("h1", {}, `${t(list === "closed" ? "closedList" : "problemList")} (${problems.length})`), signInBox(me, reload)),
    filters,
    supervisor ? raiseForm(data, reload) : h("p", { class: "muted" }, t("supervisorOnly")),
    available("ProblemHistory") ? null : pendingNotice(["ProblemHistory"]),
    rows.length ? h("div", { class: "cards wide" }, rows) : h("p", {}, t("noProblems")),
  );
}
