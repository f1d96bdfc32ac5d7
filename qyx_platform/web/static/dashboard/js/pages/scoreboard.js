// 多维晾晒 scoreboard: domains and departments ranked for a year, sortable by any column.

import { available, config, maybe, run } from "../gql.js";
import { nameOf, t } from "../i18n.js";
import { currentPeriod, pendingNotice, withQuery } from "../page.js";
import { add, field, h, num, periodYear, select } from "../util.js";

function rate(value) {
  if (value === null || value === undefined) return "–";
  const n = Number(value);
  if (!Number.isFinite(n)) return String(value);
  return n <= 1 ? `${Math.round(n * 100)}%` : `${n}%`;
}

function change(value) {
  if (value === null || value === undefined) return "–";
  return value > 0 ? `↑${value}` : value < 0 ? `↓${-value}` : "＝";
}

/** A sortable table: columns [{key, label, cell(row), sort(row)}]. */
export function sortable(caption, columns, rows, initial) {
  let by = initial;
  let ascending = true;
  const tbody = h("tbody");
  const buttons = [];
  const head = h(
    "tr",
    {},
    columns.map((col) => {
      const button = h(
        "button",
        { type: "button", class: "sort", "aria-label": t("sortBy", { col: col.label }), onclick: () => sortBy(col.key) },
        col.label,
      );
      buttons.push([col.key, button]);
      return h("th", { scope: "col", "data-key": col.key }, button);
    }),
  );
  function sortBy(key) {
    ascending = key === by ? !ascending : true;
    by = key;
    draw();
  }
  function draw() {
    const col = columns.find((c) => c.key === by);
    const value = (row) => {
      const v = col.sort ? col.sort(row) : null;
      return v === null || v === undefined || Number.isNaN(v) ? null : v;
    };
    const sorted = [...rows].sort((a, b) => {
      const x = value(a);
      const y = value(b);
      if (x === y) return 0;
      if (x === null) return 1; // empty values last either way
      if (y === null) return -1;
      const cmp = typeof x === "string" ? x.localeCompare(y, "zh") : x - y;
      return ascending ? cmp : -cmp;
    });
    tbody.replaceChildren(...sorted.map((row) => h("tr", {}, columns.map((c) => h("td", {}, c.cell(row))))));
    for (const [key, button] of buttons) {
      button.parentElement.setAttribute("aria-sort", key === by ? (ascending ? "ascending" : "descending") : "none");
    }
  }
  draw();
  return h("div", { class: "table-wrap" }, h("table", { class: "data sortable" }, h("caption", {}, caption), h("thead", {}, head), tbody));
}

export async function render(root) {
  const year = periodYear(currentPeriod());
  const [data, full, coverage] = await Promise.all([
    run("Scoreboard", { year }),
    maybe("ScoreboardFull", { year }).catch(() => null),
    maybe("ScoreboardCoverage", { year }).catch(() => null),
  ]);
  const extra = (list, key) => Object.fromEntries((list || []).map((x) => [key(x), x]));
  const fullDomains = extra(full?.scoreboard.domains, (x) => x.domain.code);
  const fullDepartments = extra(full?.scoreboard.departments, (x) => x.department.name);
  const covDomains = extra(coverage?.scoreboard.domains, (x) => x.domain.code);
  const covDepartments = extra(coverage?.scoreboard.departments, (x) => x.department.name);
  const domains = data.scoreboard.domains.map((d) => ({ ...d, ...fullDomains[d.domain.code], ...covDomains[d.domain.code], who: d.domain }));
  const departments = data.scoreboard.departments.map((d) => ({
    ...d,
    ...fullDepartments[d.department.name],
    ...covDepartments[d.department.name],
    who: d.department,
  }));
  const n = (v) => (v === null || v === undefined ? null : Number(v));
  const columns = (whoLabel, link) => [
    { key: "rank", label: t("rank"), cell: (r) => num(r.rank), sort: (r) => n(r.rank) },
    { key: "rankChange", label: t("rankChange"), cell: (r) => change(r.rankChange), sort: (r) => n(r.rankChange) },
    { key: "who", label: whoLabel, cell: (r) => (link ? h("a", { href: link(r), "data-link": true }, nameOf(r.who)) : nameOf(r.who)), sort: (r) => nameOf(r.who) },
    { key: "score", label: t("score"), cell: (r) => num(r.score), sort: (r) => n(r.score) },
    { key: "coreScore", label: t("coreScore"), cell: (r) => num(r.coreScore), sort: (r) => n(r.coreScore) },
    { key: "achieved", label: t("ACHIEVED"), cell: (r) => String(r.achieved), sort: (r) => r.achieved },
    { key: "onTrack", label: t("ON_TRACK"), cell: (r) => String(r.onTrack), sort: (r) => r.onTrack },
    { key: "atRisk", label: t("AT_RISK"), cell: (r) => String(r.atRisk), sort: (r) => r.atRisk },
    { key: "behind", label: t("BEHIND"), cell: (r) => String(r.behind), sort: (r) => r.behind },
    { key: "noData", label: t("NO_DATA"), cell: (r) => String(r.noData), sort: (r) => r.noData },
    { key: "timeliness", label: t("timeliness"), cell: (r) => rate(r.timeliness), sort: (r) => n(r.timeliness) },
    { key: "closureRate", label: t("closureRate"), cell: (r) => rate(r.closureRate), sort: (r) => n(r.closureRate) },
    { key: "milestonesDone", label: t("milestonesDone"), cell: (r) => rate(r.milestonesDone), sort: (r) => n(r.milestonesDone) },
    { key: "coverage", label: t("coverage"), cell: (r) => rate(r.coverage), sort: (r) => n(r.coverage) },
  ];
  const [first, last] = config.years;
  const years = [];
  for (let y = first; y <= last; y += 1) years.push([String(y), String(y)]);
  const picker = select(years, String(year), { name: "year" });
  picker.addEventListener("change", () => withQuery({ period: picker.value }));
  const missing = ["ScoreboardFull", "ScoreboardCoverage"].filter((x) => !available(x));
  add(root, 
    h("div", { class: "page-head" }, h("h1", {}, `${t("scoreboard")} · ${year}`), field(t("year"), picker)),
    missing.length ? pendingNotice(missing) : null,
    h("section", { "aria-label": t("byDomain") }, sortable(t("byDomain"), columns(t("domain"), (r) => `/domain/${r.who.code}?period=${year}`), domains, "rank")),
    h("section", { "aria-label": t("byDepartment") }, sortable(t("byDepartment"), columns(t("department"), null), departments, "rank")),
  );
}
