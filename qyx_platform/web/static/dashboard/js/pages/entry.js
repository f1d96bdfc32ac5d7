// Data entry for a department: sign in with a token, see what the department owes this cycle
// (every item with its last value and deadline), enter values (the server's message appears
// next to a rejected field and nothing is written), or upload a CSV/XLSX file.

import { atLeast, signInBox, whoami } from "../auth.js";
import { available, maybe, run } from "../gql.js";
import { lang, nameOf, t } from "../i18n.js";
import { badge, currentPeriod, notice, pendingNotice, periodPicker, planYears, route_, table, withQuery } from "../page.js";
import { add, field, h, newId, num, query } from "../util.js";

/** The frequency a period is the reporting cycle of: 2025 → YEARLY, 2025Q3 → QUARTERLY,
 * 2025-07 → MONTHLY (an item is owed in the cycles of its own frequency, as timeliness counts). */
function frequencyOf(period) {
  return /Q/.test(period) ? "QUARTERLY" : /-/.test(period) ? "MONTHLY" : "YEARLY";
}

/** The latest cycle of each frequency that has ended by ``today`` (the browser's date), within
 * the plan's years: what a department reports now. */
function lastEnded(today, years) {
  const [first, last] = years;
  const clamp = (y) => Math.min(Math.max(y, first), last);
  const y = today.getFullYear();
  const m = today.getMonth() + 1; // 1-12, the month under way
  const month = m === 1 ? `${clamp(y - 1)}-12` : `${clamp(y)}-${String(m - 1).padStart(2, "0")}`;
  const q = Math.floor((m - 1) / 3); // quarters ended this year
  const quarter = q === 0 ? `${clamp(y - 1)}Q4` : `${clamp(y)}Q${q}`;
  return { MONTHLY: month, QUARTERLY: quarter, YEARLY: String(clamp(y - 1)) };
}

function items(data, tasks, me, period) {
  const mine = (dept) => atLeast(me.role, "supervisor") || dept === me.department?.name;
  const owed = (frequency) => !frequency || frequency === frequencyOf(period);
  const rows = [];
  for (const domain of data.domains) {
    if (!mine(domain.leadDepartment.name)) continue;
    for (const ind of domain.indicators) {
      if (!owed(ind.frequency)) continue;
      const keys = ind.series.length ? ind.series.map((s) => s.key) : [null];
      for (const key of keys) {
        const status = ind.status.find((s) => (s.series || null) === key) || {};
        const series = ind.series.find((s) => s.key === key);
        rows.push({
          code: ind.code,
          label: `${ind.planNumber}. ${nameOf(ind)}${series ? ` · ${nameOf(series)}` : ""}`,
          unit: lang() === "en" && ind.englishUnit ? ind.englishUnit : ind.unit,
          series: key,
          status,
        });
      }
    }
  }
  for (const found of tasks || []) {
    const domain = found?.domain;
    if (!domain) continue;
    for (const task of domain.tasks) {
      for (const target of task.targets) {
        if (!target.code || !owed(target.frequency)) continue;
        rows.push({
          code: target.code,
          // its own short name: several targets can share one sentence of the plan
          label: lang() === "en" && target.englishSubject ? target.englishSubject : target.subject || target.text,
          unit: target.unit || "",
          series: null,
          status: target.status || {},
        });
      }
    }
  }
  return rows;
}

/** Row index and message from a GraphQL variable error ("Variable '$input' has invalid value
 * at [2].value: Value cannot represent a Decimal: "abc"."). */
export function variableError(text) {
  const m = /(?:input|at )\[(\d+)\]\.(\w+)/.exec(text);
  return m ? { index: Number(m[1]), field: m[2], message: text } : null;
}

function entryForm(rows, period, deadline, missing) {
  const message = h("div", { class: "form-message", "aria-live": "polite" });
  const inputs = rows.map((row) => {
    const input = h("input", { type: "text", inputmode: "decimal", name: `value-${row.code}-${row.series || ""}`, autocomplete: "off", "data-code": row.code, "data-series": row.series || "" });
    const error = h("span", { class: "field-error", id: newId("err"), role: "alert" });
    input.setAttribute("aria-describedby", error.id);
    return { row, input, error };
  });
  const clear = () => {
    for (const x of inputs) {
      x.error.textContent = "";
      x.input.removeAttribute("aria-invalid");
    }
  };
  const form = h(
    "form",
    {
      class: "entry",
      novalidate: true,
      onsubmit: async (event) => {
        event.preventDefault();
        clear();
        const filled = inputs.filter((x) => x.input.value.trim() !== "");
        if (!filled.length) {
          message.replaceChildren(notice(t("nothingToSubmit"), null, true));
          return;
        }
        const input = filled.map((x) => ({ indicator: x.row.code, period, value: x.input.value.trim(), series: x.row.series }));
        const show = (errors) => {
          for (const e of errors) {
            const target = filled[e.index];
            if (!target) continue;
            target.error.textContent = target.error.textContent ? `${target.error.textContent}；${e.message}` : e.message;
            target.input.setAttribute("aria-invalid", "true");
          }
          message.replaceChildren(notice(t("rejected"), errors.filter((e) => !filled[e.index]).map((e) => e.message).join("；") || null, true));
          const first = filled.find((x) => x.input.getAttribute("aria-invalid"));
          if (first) first.input.focus();
        };
        let result;
        try {
          result = (await run("ReportValues", { input })).reportObservations;
        } catch (err) {
          const found = variableError(String(err.message || err));
          if (found) show([found]);
          else message.replaceChildren(notice(t("error"), String(err.message || err), true));
          return;
        }
        if (result.__typename === "ReportAccepted") {
          await route_();
          const after = document.querySelector(".form-message");
          if (after) after.replaceChildren(notice(t("accepted", { n: result.accepted }), null));
        } else if (result.__typename === "ReportRejected") {
          show(result.errors);
        } else {
          message.replaceChildren(notice(t("error"), result.message, true));
        }
      },
    },
    h(
      "div",
      { class: "table-wrap" },
      h(
        "table",
        { class: "data entry-table" },
        h("caption", {}, `${t("owes")} · ${period}${deadline ? ` · ${t("deadline")} ${deadline}` : ""}`),
        h("thead", {}, h("tr", {}, [t("indicator"), t("lastValue"), t("state"), t("newValue")].map((x) => h("th", { scope: "col" }, x)))),
        h(
          "tbody",
          {},
          inputs.map(({ row, input, error }) =>
            h(
              "tr",
              { "data-code": row.code },
              h("th", { scope: "row" }, row.label),
              h("td", {}, num(row.status.actual), row.status.actual !== null && row.status.actual !== undefined ? h("span", { class: "muted" }, ` (${row.status.period})`) : null),
              h(
                "td",
                {},
                row.status.state ? badge(row.status.state) : "–",
                missing.has(row.code) ? h("span", { class: "badge m-OVERDUE", "data-missing": "1" }, t("missingItem")) : null,
              ),
              h("td", {}, h("label", { for: input.id || (input.id = newId("v")), class: "visually-hidden" }, `${t("newValue")}${t("colon")}${row.label}`), input, h("span", { class: "unit" }, ` ${row.unit}`), error),
            ),
          ),
        ),
      ),
    ),
    h("button", { type: "submit" }, t("submit")),
    message,
  );
  return form;
}

function toBase64(buffer) {
  const bytes = new Uint8Array(buffer);
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

function uploadForm() {
  const file = h("input", { type: "file", name: "file", accept: ".csv,.tsv,.txt,.xlsx,.xlsm", required: true, "aria-describedby": "upload-help" });
  const check = h("input", { type: "checkbox", name: "check" });
  const result = h("div", { class: "upload-result", "aria-live": "polite" });
  return h(
    "form",
    {
      class: "upload",
      onsubmit: async (event) => {
        event.preventDefault();
        const chosen = file.files[0];
        if (!chosen) {
          file.focus();
          return;
        }
        const content = toBase64(await chosen.arrayBuffer());
        const answer = (await run("ImportFile", { filename: chosen.name, content, check: check.checked })).importObservations;
        if (answer.__typename === "ImportAccepted") {
          const words = { rows: answer.rows, n: answer.newValues, r: answer.revised };
          result.replaceChildren(notice(answer.checkedOnly ? t("checkOk", words) : t("importOk", words), null));
        } else if (answer.__typename === "ImportRejected") {
          result.replaceChildren(
            notice(t("rejected"), null, true),
            table(null, [t("line"), t("column"), t("message")], answer.errors.map((e) => [e.line ? String(e.line) : t("wholeFile"), e.column || "–", e.message]), { class: "data line-errors" }),
          );
        } else {
          result.replaceChildren(notice(t("error"), answer.message, true));
        }
      },
    },
    h("h2", {}, t("upload")),
    field(t("file"), file),
    h("p", { id: "upload-help", class: "muted" }, t("uploadHelp")),
    field(t("checkOnly"), check),
    h("button", { type: "submit" }, t("upload")),
    result,
  );
}

export async function render(root) {
  const me = await whoami();
  const head = h("div", { class: "page-head" }, h("h1", {}, t("entry")), signInBox(me, route_));
  add(root, head);
  if (!me.signedIn) return;
  if (!atLeast(me.role, "reporter")) {
    add(root, notice(t("viewerNoEntry"), null));
    return;
  }
  // the current reporting cycle unless one is asked for: the last month ended (a quarter or a
  // year when the department owes nothing monthly, decided once its items are known)
  const asked = query().period;
  const ended = lastEnded(new Date(), planYears());
  const period = asked ? currentPeriod() : ended.MONTHLY;
  const [data, timeliness] = await Promise.all([
    run("EntryItems", { period }),
    maybe("Timeliness", { period }).catch(() => null),
  ]);
  if (!asked) {
    const mineFreq = new Set(
      data.domains
        .filter((d) => atLeast(me.role, "supervisor") || d.leadDepartment.name === me.department?.name)
        .flatMap((d) => d.indicators.map((i) => i.frequency)),
    );
    const cycle = ["MONTHLY", "QUARTERLY", "YEARLY"].find((f) => mineFreq.has(f));
    if (cycle && cycle !== "MONTHLY") {
      // in place of this address (the back button does not return to the redirect)
      const search = new URLSearchParams(location.search);
      search.set("period", ended[cycle]);
      history.replaceState(null, "", `${location.pathname}?${search}`);
      window.qyxRoute();
      return;
    }
  }
  // the task targets of my department's domains (reported like indicators)
  const domains = data.domains.filter((d) => atLeast(me.role, "supervisor") || d.leadDepartment.name === me.department?.name);
  const tasks = available("DomainTaskStates")
    ? await Promise.all(domains.map((d) => run("DomainTaskStates", { code: d.code, period }).catch(() => null)))
    : null;
  const rows = items(data, tasks, me, period);
  const deadline = timeliness?.timeliness?.deadline || null;
  const mine = (timeliness?.timeliness?.departments || []).filter(
    (d) => atLeast(me.role, "supervisor") || d.department.name === me.department?.name,
  );
  const notReported = new Set(mine.flatMap((d) => d.missingItems.map((x) => x.code)));
  head.append(periodPicker(period, (p) => withQuery({ period: p })));
  const pending = ["DomainTaskStates", "Timeliness"].filter((n) => !available(n));
  add(root, 
    pending.length ? pendingNotice(pending) : null,
    rows.length ? entryForm(rows, period, deadline, notReported) : h("p", {}, t("noItems")),
    uploadForm(),
  );
}
