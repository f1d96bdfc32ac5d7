// Pieces every page uses: notices, the period picker, state badges, tables.

import { available, config, unavailableReason } from "./gql.js";
import { t } from "./i18n.js";
import { field, h, query, select } from "./util.js";

/** A notice box (role=status, or role=alert for errors). */
export function notice(title, text, isError) {
  return h(
    "div",
    { class: isError ? "notice error" : "notice", role: isError ? "alert" : "status" },
    h("strong", {}, title),
    text ? h("p", {}, text) : null,
  );
}

/** "Not available yet" for a feature whose operations the server's schema cannot answer. */
export function pendingNotice(names) {
  const missing = names.filter((n) => !available(n));
  const why = missing.map((n) => `${n}: ${(unavailableReason(n) || "").split(";")[0]}`).join(" · ");
  return h(
    "div",
    { class: "notice pending", role: "status", "data-pending": missing.join(" ") },
    h("strong", {}, t("notAvailable")),
    h("p", {}, t("notAvailableWhy", { what: why })),
  );
}

/** The plan years [first, last] (baseline is first − 1). */
export function planYears() {
  return config.years;
}

/** The default period: this year when inside the plan, else the nearest plan year. */
export function defaultPeriod() {
  const [first, last] = config.years;
  const now = new Date().getFullYear();
  return String(Math.min(Math.max(now, first), last));
}

/** The period of the URL (?period=) or the default. */
export function currentPeriod() {
  const p = query().period;
  return p && /^\d{4}(Q[1-4]|-\d{2})?$/.test(p) ? p : defaultPeriod();
}

/** A period picker: years, quarters and months of the plan, grouped by year. */
export function periodPicker(value, onchange) {
  const [first, last] = config.years;
  const groups = [];
  for (let y = first; y <= last; y += 1) {
    const options = [[String(y), `${y} ${t("wholeYear")}`]];
    for (let q = 1; q <= 4; q += 1) options.push([`${y}Q${q}`, `${y}Q${q}`]);
    for (let m = 1; m <= 12; m += 1) options.push([`${y}-${String(m).padStart(2, "0")}`, `${y}-${String(m).padStart(2, "0")}`]);
    groups.push({ group: String(y), options });
  }
  const el = select(groups, value, { name: "period" });
  el.addEventListener("change", () => onchange(el.value));
  return field(t("period"), el);
}

/** Move to the same page with new query parameters. */
export function withQuery(params) {
  const search = new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(params)) {
    if (v === null || v === undefined || v === "") search.delete(k);
    else search.set(k, v);
  }
  const text = search.toString();
  window.qyxGo(location.pathname + (text ? `?${text}` : ""));
}

/** A state badge: coloured, always with its word. */
export function badge(state) {
  return h("span", { class: `badge s-${state}` }, t(state));
}

/** A table with a caption, column headers and rows of cells. */
export function table(caption, headers, rows, attrs) {
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      attrs || {},
      caption ? h("caption", {}, caption) : null,
      h("thead", {}, h("tr", {}, headers.map((x) => h("th", { scope: "col" }, x)))),
      h("tbody", {}, rows.map((cells) => h("tr", {}, cells.map((c) => h("td", {}, c))))),
    ),
  );
}

/** Draw the current page again (after a change). */
export function route_() {
  return window.qyxRoute();
}
