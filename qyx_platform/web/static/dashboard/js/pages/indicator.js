// Indicator page: the chart for one jurisdiction or every jurisdiction under a parent, the
// revisions with who and when, the linked problems and the indicator's task targets.

import { indicatorChart, jurisdictionsChart } from "../charts.js";
import { config, run } from "../gql.js";
import { lang, nameOf, t } from "../i18n.js";
import { currentPeriod, notice, periodPicker, planYears, table, withQuery } from "../page.js";
import { add, field, h, num, query, select, when } from "../util.js";
import { seriesNamer, statusList, unitOf } from "./domain.js";

const ALL = "all";

/** The parent of a county or city code (331126 → 331100, 331100 → 330000). */
export function parentCode(code) {
  if (code.slice(4) !== "00") return `${code.slice(0, 4)}00`;
  if (code.slice(2) !== "0000") return `${code.slice(0, 2)}0000`;
  return code;
}

export async function render(root, code) {
  const period = currentPeriod();
  const under = parentCode(config.home);
  const chosen = query().jurisdiction || config.home;
  const jurisdiction = chosen === ALL ? config.home : chosen;
  const data = await run("Indicator", { code, period, jurisdiction, under });
  const ind = data.indicator;
  if (!ind) {
    add(root, notice(t("notFound"), code, true));
    return;
  }
  const names = Object.fromEntries((data.parent?.children || []).map((c) => [c.code, c.name]));
  names[config.home] = names[config.home] || config.home;
  const scopeOptions = [[ALL, t("allUnder", { name: data.parent?.name || under })]];
  for (const c of data.parent?.children || []) scopeOptions.push([c.code, `${c.name} (${c.code})`]);
  if (!names[jurisdiction] || !(data.parent?.children || []).some((c) => c.code === jurisdiction)) {
    scopeOptions.push([jurisdiction, jurisdiction]);
  }
  const scope = select(scopeOptions, chosen, { name: "jurisdiction" });
  scope.addEventListener("change", () => withQuery({ jurisdiction: scope.value === config.home ? null : scope.value }));

  const chart = h("div", { class: "chart tall", role: "img", "aria-label": `${nameOf(ind)}: ${t("actual")} / ${t("targetPath")}` });
  const unit = unitOf(ind);
  chart._draw =
    chosen === ALL
      ? () => jurisdictionsChart(chart, { ...ind, _unit: unit }, ind.under, names, planYears())
      : () => indicatorChart(chart, { ...ind, _unit: unit }, ind.status, [ind.years, ind.quarters, ind.months], planYears(), seriesNamer(ind));

  const revisions = data.observations.edges.map(({ node: r }) => [
    r.period,
    r.series ? seriesNamer(ind)(r.series) : "–",
    num(r.value),
    String(r.revision),
    r.reportedBy,
    when(r.reportedAt),
    r.approved ? t("approved") : t("pending"),
    r.note || "",
  ]);
  const problems = data.problems.edges
    .map((e) => e.node)
    .filter((p) => p.indicator === ind.code || p.indicator === String(ind.planNumber));
  const tasks = [];
  for (const task of ind.domain.tasks) {
    for (const target of task.targets) {
      if (target.indicator?.code === ind.code) {
        tasks.push([`${task.number}. ${nameOf(task, "title")}`, String(target.year), lang() === "en" && target.englishSubject ? target.englishSubject : target.text]);
      }
    }
  }
  const targets = ind.targets.map((c) => [
    c.isBaseline ? `${c.year} ${t("baseline")}` : String(c.year),
    c.series ? seriesNamer(ind)(c.series) : "–",
    c.text,
  ]);
  add(root, 
    h(
      "div",
      { class: "page-head" },
      h("p", {}, h("a", { href: `/domain/${ind.domain.code}?period=${encodeURIComponent(period)}`, "data-link": true }, nameOf(ind.domain))),
      h("h1", {}, `${ind.planNumber}. ${nameOf(ind)}`, ind.core ? h("span", { class: "core", title: t("core") }, " *") : null),
      h("p", { class: "muted" }, `${t("unit")}${t("colon")}${unit} · ${ind.polarity === "LOWER_IS_BETTER" ? t("lower") : t("higher")}`),
      h("div", { class: "controls" }, periodPicker(period, (p) => withQuery({ period: p })), field(t("scope"), scope)),
    ),
    h(
      "section",
      { "aria-labelledby": "st-h" },
      h("h2", { id: "st-h" }, `${t("state")} · ${names[jurisdiction] || jurisdiction} · ${period}`),
      statusList(ind, ind.status),
      ind.status[0]?.childrenExpected
        ? h("p", { class: "muted" }, t("reportedOf", { a: ind.status[0].childrenReported, b: ind.status[0].childrenExpected }))
        : null,
      chart,
    ),
    h("section", { "aria-labelledby": "tg-h" }, h("h2", { id: "tg-h" }, t("targetPath")), table(null, [t("year"), t("series"), t("target")], targets, { class: "data compact" })),
    h(
      "section",
      { "aria-labelledby": "rev-h" },
      h("h2", { id: "rev-h" }, `${t("revisions")} (${data.observations.totalCount})`),
      revisions.length
        ? table(null, [t("period"), t("series"), t("value"), t("revision"), t("reportedBy"), t("reportedAt"), t("status"), t("note")], revisions, { class: "data" })
        : h("p", {}, t("noRevisions")),
    ),
    h(
      "section",
      { "aria-labelledby": "pr-h" },
      h("h2", { id: "pr-h" }, t("linkedProblems")),
      problems.length
        ? table(
            null,
            [t("title"), t("department"), t("dueDate"), t("status")],
            problems.map((p) => [p.title, nameOf(p.department), p.dueDate, h("span", {}, t(p.status), p.overdue ? h("span", { class: "badge s-BEHIND" }, t("overdue")) : null)]),
            { class: "data" },
          )
        : h("p", {}, t("noProblems")),
    ),
    h(
      "section",
      { "aria-labelledby": "tt-h" },
      h("h2", { id: "tt-h" }, t("taskTargets")),
      tasks.length ? table(null, [t("tasks"), t("deadline"), t("target")], tasks, { class: "data" }) : h("p", {}, t("noTasks")),
    ),
  );
}

export async function after(root) {
  await Promise.all([...root.querySelectorAll(".chart")].map((el) => el._draw && el._draw()));
}
