// 总览 overview: the seven domains as cards and the headline figures of a period.

import { STATES, stateBar } from "../charts.js";
import { available, config, maybe, run } from "../gql.js";
import { nameOf, t } from "../i18n.js";
import { badge, currentPeriod, pendingNotice, periodPicker, withQuery } from "../page.js";
import { add, h, num, periodYear } from "../util.js";

/** Worst state of an indicator's series (an indicator counts once). */
export function indicatorState(statuses) {
  const order = ["BEHIND", "AT_RISK", "NO_DATA", "ON_TRACK", "ACHIEVED"];
  for (const s of order) if (statuses.some((x) => x.state === s)) return s;
  return "NO_DATA";
}

function thisMonth() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}`;
}

export async function render(root) {
  const period = currentPeriod();
  const year = periodYear(period);
  const [data, ranks, timeliness] = await Promise.all([
    run("Overview", { year, period }),
    maybe("OverviewRanks", { year }).catch(() => null),
    maybe("Timeliness", { period: thisMonth() }).catch(() => null),
  ]);
  // task targets: one request per domain (all seven at once would cost too much)
  const tasks = available("DomainTaskStates")
    ? await Promise.all(
        data.domains.map((d) =>
          run("DomainTaskStates", { code: d.code, period, jurisdiction: config.home }).catch(() => null),
        ),
      )
    : null;
  const scores = Object.fromEntries(data.scoreboard.domains.map((d) => [d.domain.code, d]));
  const changes = Object.fromEntries((ranks?.scoreboard.domains || []).map((d) => [d.domain.code, d.rankChange]));
  let total = 0;
  let good = 0;
  const cards = data.domains.map((d) => {
    const counts = {};
    for (const ind of d.indicators) {
      const s = indicatorState(ind.status);
      counts[s] = (counts[s] || 0) + 1;
      total += 1;
      if (s === "ACHIEVED" || s === "ON_TRACK") good += 1;
    }
    const score = scores[d.code] || {};
    const change = changes[d.code];
    const chart = h("div", {
      class: "chart mini",
      role: "img",
      "aria-label": `${t("stateCounts")}: ${STATES.map((s) => `${t(s)} ${counts[s] || 0}`).join("，")}`,
    });
    chart._counts = counts;
    return h(
      "article",
      { class: "card domain-card", "data-domain": d.code },
      h("h3", {}, h("a", { href: `/domain/${d.code}?period=${encodeURIComponent(period)}`, "data-link": true }, nameOf(d))),
      h("p", { class: "brand" }, d.brand),
      h("p", { class: "lead" }, `${t("leadDepartment")}${t("colon")}${nameOf(d.leadDepartment)}`),
      chart,
      h(
        "ul",
        { class: "legend" },
        STATES.filter((s) => counts[s]).map((s) => h("li", {}, badge(s), ` ${counts[s]}`)),
      ),
      h(
        "dl",
        { class: "facts" },
        h("dt", {}, t("coreScore")),
        h("dd", {}, num(score.coreScore)),
        h("dt", {}, t("rank")),
        h("dd", {}, num(score.rank)),
        h("dt", {}, t("rankChange")),
        h("dd", {}, change === undefined ? "–" : change === null ? "–" : change > 0 ? `↑${change}` : change < 0 ? `↓${-change}` : "＝"),
      ),
    );
  });
  const open = data.allProblems.totalCount - data.closedProblems.totalCount;
  let taskFigure = "–";
  if (tasks && tasks.every(Boolean)) {
    const all = tasks.flatMap((x) => x.domain.tasks.flatMap((k) => k.targets));
    const ok = all.filter((x) => ["ACHIEVED", "ON_TRACK"].includes(x.status?.state)).length;
    taskFigure = `${ok} / ${all.length}`;
  }
  let timelyFigure = "–";
  if (timeliness) {
    const rows = timeliness.timeliness.departments;
    // of the reports whose deadline has passed (pending ones are not due yet): none due, no rate
    const due = rows.reduce((a, r) => a + r.onTime + r.late + r.missing, 0);
    const onTime = rows.reduce((a, r) => a + r.onTime, 0);
    timelyFigure = due ? `${Math.round((onTime / due) * 100)}%` : "–";
  }
  const figure = (label, value, extra) =>
    h("div", { class: "figure" }, h("span", { class: "value" }, value), h("span", { class: "label" }, label), extra || null);
  const missing = ["OverviewRanks", "DomainTaskStates", "Timeliness"].filter((n) => !available(n));
  add(root, 
    h(
      "div",
      { class: "page-head" },
      h("h1", {}, lang_title(data.plan)),
      h("p", { class: "sub" }, data.plan.documentNumber),
      periodPicker(period, (p) => withQuery({ period: p })),
    ),
    h(
      "section",
      { "aria-labelledby": "headline" },
      h("h2", { id: "headline" }, t("headline")),
      h(
        "div",
        { class: "figures" },
        figure(t("indicatorsOnTrack"), `${good} / ${total}`),
        figure(t("taskTargetsOnTrack"), taskFigure),
        figure(t("timelinessMonth"), timelyFigure),
        figure(t("openProblems"), String(open)),
        figure(t("overdueProblems"), String(data.overdueProblems.totalCount)),
      ),
      missing.length ? pendingNotice(missing) : null,
    ),
    h("section", { "aria-labelledby": "domains" }, h("h2", { id: "domains" }, t("domains")), h("div", { class: "cards" }, cards)),
  );
}

function lang_title(plan) {
  return nameOf(plan, "title");
}

export async function after(root) {
  await Promise.all([...root.querySelectorAll(".chart.mini")].map((el) => stateBar(el, el._counts)));
}
