// Domain page: each indicator with its chart (actuals against the target path), state and
// progress; the task targets with their states; the projects and milestones on a timeline.

import { indicatorChart } from "../charts.js";
import { available, config, maybe, run } from "../gql.js";
import { lang, nameOf, t } from "../i18n.js";
import { badge, currentPeriod, notice, pendingNotice, periodPicker, planYears, table, withQuery } from "../page.js";
import { add, h, num, pct } from "../util.js";

/** The unit in the current language. */
export function unitOf(ind) {
  return lang() === "en" && ind.englishUnit ? ind.englishUnit : ind.unit;
}

/** A series key's name in the current language. */
export function seriesNamer(ind) {
  return (key) => nameOf(ind.series.find((s) => s.key === key)) || key;
}

/** The status lines of an indicator (one per series). */
export function statusList(ind, statuses) {
  const name = seriesNamer(ind);
  return h(
    "ul",
    { class: "status" },
    statuses.map((s) =>
      h(
        "li",
        { "data-state": s.state },
        s.series ? h("span", { class: "series" }, `${name(s.series)}${t("colon")}`) : null,
        badge(s.state),
        " ",
        h("span", {}, `${t("actual")} ${num(s.actual)}`),
        s.period && s.actual !== null ? h("span", { class: "muted" }, ` (${s.period})`) : null,
        " · ",
        h("span", {}, `${t("target")} ${s.target ? s.target.text : "–"}`),
        s.checkpoint !== null && s.checkpoint !== undefined ? h("span", {}, ` · ${t("checkpoint")} ${num(s.checkpoint)}`) : null,
        " · ",
        h("span", {}, `${t("progress")} ${pct(s.progress)}`),
      ),
    ),
  );
}

function indicatorCard(ind, period) {
  const chart = h("div", {
    class: "chart",
    role: "img",
    "aria-label": `${nameOf(ind)}: ${t("actual")} / ${t("targetPath")}`,
  });
  chart._draw = () =>
    indicatorChart(chart, { ...ind, _unit: unitOf(ind) }, ind.status, [ind.years, ind.quarters, ind.months], planYears(), seriesNamer(ind));
  return h(
    "article",
    { class: "card indicator-card", "data-indicator": ind.code, "data-state": ind.status.map((s) => s.state).join(" ") },
    h(
      "h3",
      {},
      h("span", { class: "num" }, `${ind.planNumber}. `),
      h("a", { href: `/indicator/${encodeURIComponent(ind.code)}?period=${encodeURIComponent(period)}`, "data-link": true }, nameOf(ind)),
      ind.core ? h("span", { class: "core", title: t("core") }, " *") : null,
    ),
    h(
      "p",
      { class: "muted" },
      `${t("unit")}${t("colon")}${unitOf(ind)} · ${ind.polarity === "LOWER_IS_BETTER" ? t("lower") : t("higher")} · `,
      ind.targets
        .filter((c) => !c.series || c.series === ind.series[0]?.key)
        .map((c) => `${c.isBaseline ? t("baseline") : c.year} ${c.text}`)
        .join("，"),
    ),
    statusList(ind, ind.status),
    chart,
  );
}

export async function render(root, code) {
  const period = currentPeriod();
  const jurisdiction = config.home;
  const [data, states, projects, planned] = await Promise.all([
    run("Domain", { code, period, jurisdiction }),
    maybe("DomainTaskStates", { code, period, jurisdiction }).catch(() => null),
    maybe("DomainProjects", { code }).catch(() => null),
    maybe("DomainProjectsPlanned", { code }).catch(() => null),
  ]);
  const domain = data.domain;
  if (!domain) {
    add(root, notice(t("notFound"), code, true));
    return;
  }
  add(root, 
    h(
      "div",
      { class: "page-head" },
      h("h1", {}, nameOf(domain)),
      h("p", { class: "brand" }, domain.brand),
      h("p", { class: "lead" }, `${t("leadDepartment")}${t("colon")}${nameOf(domain.leadDepartment)}`),
      periodPicker(period, (p) => withQuery({ period: p })),
    ),
    h(
      "section",
      { "aria-labelledby": "ind-h" },
      h("h2", { id: "ind-h" }, t("indicators")),
      h("div", { class: "cards wide" }, domain.indicators.map((ind) => indicatorCard(ind, period))),
    ),
    taskSection(domain, states),
    projectSection(projects, planned),
  );
}

function taskSection(domain, states) {
  const stateOf = new Map();
  for (const task of states?.domain?.tasks || []) {
    for (const target of task.targets) stateOf.set(`${task.number}|${target.year}|${target.text}`, target);
  }
  const rows = [];
  for (const task of domain.tasks) {
    for (const target of task.targets) {
      const found = stateOf.get(`${task.number}|${target.year}|${target.text}`);
      rows.push([
        `${task.number}. ${nameOf(task, "title")}`,
        String(target.year),
        lang() === "en" && target.englishSubject ? target.englishSubject : target.text,
        found?.status ? badge(found.status.state) : "–",
        found?.status ? num(found.status.actual) : "–",
      ]);
    }
  }
  return h(
    "section",
    { "aria-labelledby": "task-h" },
    h("h2", { id: "task-h" }, t("taskTargets")),
    available("DomainTaskStates") ? null : pendingNotice(["DomainTaskStates"]),
    rows.length
      ? table(null, [t("tasks"), t("deadline"), t("target"), t("state"), t("actual")], rows, { class: "data" })
      : h("p", {}, t("noTasks")),
  );
}

function projectSection(projects, planned) {
  const items = [];
  if (projects?.domain) {
    for (const p of projects.domain.projects) {
      for (const m of p.milestones) {
        items.push({
          when: m.dueDate,
          project: p.name,
          title: m.title,
          state: m.state,
          done: m.doneDate,
          evidence: m.evidence,
          department: m.department?.name,
        });
      }
    }
  } else if (planned?.domain) {
    for (const p of planned.domain.projects) {
      for (const m of p.milestones) items.push({ when: String(m.year), project: nameOf(p), title: m.title });
    }
  }
  items.sort((a, b) => String(a.when).localeCompare(String(b.when)));
  return h(
    "section",
    { "aria-labelledby": "proj-h" },
    h("h2", { id: "proj-h" }, t("projects")),
    available("DomainProjects") ? null : pendingNotice(["DomainProjects"]),
    items.length
      ? h(
          "ol",
          { class: "timeline" },
          items.map((m) =>
            h(
              "li",
              { "data-state": m.state || "" },
              h("time", {}, m.when),
              h("div", {}, h("strong", {}, m.project), " · ", m.title),
              m.state
                ? h(
                    "div",
                    { class: "muted" },
                    h("span", { class: `badge m-${m.state}` }, t(`m_${m.state}`)),
                    m.done ? ` ${t("done")} ${m.done}` : "",
                    m.department ? ` · ${m.department}` : "",
                    m.evidence ? ` · ${t("evidence")}${t("colon")}${m.evidence}` : "",
                  )
                : null,
            ),
          ),
        )
      : h("p", {}, t("noProjects")),
  );
}

export async function after(root) {
  await Promise.all([...root.querySelectorAll(".chart")].map((el) => el._draw && el._draw()));
}
