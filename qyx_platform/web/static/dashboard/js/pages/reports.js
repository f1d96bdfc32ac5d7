// Reports: choose kind and period, read the live report, download it, freeze and sign off.

import { atLeast, signInBox, whoami } from "../auth.js";
import { available, run } from "../gql.js";
import { lang, t } from "../i18n.js";
import { markdown } from "../markdown.js";
import { notice, pendingNotice, route_, withQuery } from "../page.js";
import { add, field, h, query, select, when } from "../util.js";

const KINDS = ["MONTHLY", "QUARTERLY", "ANNUAL"];

/** The last period of a kind that has ended (a report can be frozen once its period is over). */
export function lastEnded(kind, today = new Date()) {
  const year = today.getFullYear();
  const month = today.getMonth() + 1;
  if (kind === "ANNUAL") return String(year - 1);
  if (kind === "QUARTERLY") {
    const quarter = Math.floor((month - 1) / 3); // the quarter before this one
    return quarter === 0 ? `${year - 1}Q4` : `${year}Q${quarter}`;
  }
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, "0")}`;
}

/** The report as Markdown text (what the md download holds). */
export function reportMarkdown(report) {
  return [`# ${report.title}`, "", ...report.sections.flatMap((s) => [`## ${s.heading}`, "", s.body, ""])].join("\n");
}

function reportHtml(report, article) {
  const style = "body{font-family:sans-serif;max-width:50em;margin:2em auto;line-height:1.6}table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2em .5em}";
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(report.title)}</title><style>${style}</style></head><body>${article.innerHTML}</body></html>`;
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
}

function save(name, blob) {
  const url = URL.createObjectURL(blob);
  const link = h("a", { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function downloadLink(label, name, type, content) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  return h("a", { class: "button", href: url, download: name }, label);
}

export async function render(root) {
  if (!available("Report")) {
    add(root, h("div", { class: "page-head" }, h("h1", {}, t("reports"))), pendingNotice(["Report", "FreezeReport", "SignOffReport", "FrozenReport"]));
    return;
  }
  const q = query();
  const kind = KINDS.includes(q.kind) ? q.kind : "MONTHLY";
  const period = q.period && q.kind ? q.period : lastEnded(kind);
  const [me, data] = await Promise.all([whoami(), run("Report", { kind, period, lang: lang() === "en" ? "EN" : "ZH" }).catch((err) => ({ error: String(err.message || err) }))]);
  const kindSelect = select(KINDS.map((k) => [k, t(k)]), kind, { name: "kind" });
  const periodInput = h("input", { type: "text", name: "period", value: period, pattern: "\\d{4}(Q[1-4]|-\\d{2})?", required: true });
  kindSelect.addEventListener("change", () => (periodInput.value = lastEnded(kindSelect.value)));
  const chooser = h(
    "form",
    {
      class: "filters",
      onsubmit: (event) => {
        event.preventDefault();
        withQuery({ kind: kindSelect.value, period: periodInput.value.trim() });
      },
    },
    field(t("kind"), kindSelect),
    field(t("period"), periodInput),
    h("button", { type: "submit" }, t("show")),
  );
  add(root, h("div", { class: "page-head" }, h("h1", {}, t("reports")), signInBox(me, route_)), chooser);
  if (data.error) {
    add(root, notice(t("error"), data.error, true));
    return;
  }
  const report = data.report;
  const article = h(
    "article",
    { class: "report" },
    h("h2", {}, report.title),
    report.sections.map((s) => h("section", { "data-section": s.key }, h("h3", {}, s.heading), markdown(s.body))),
  );
  const message = h("div", { "aria-live": "polite" });
  const base = `${report.kind.toLowerCase()}-${report.period}`;
  const frozen = report.frozen;
  const actions = [];
  if (available("ReportFile")) {
    for (const fmt of ["md", "html", "xlsx", "docx"]) {
      actions.push(
        h(
          "button",
          {
            type: "button",
            "data-format": fmt,
            onclick: async () => {
              const file = (await run("ReportFile", { kind, period, format: fmt.toUpperCase(), lang: lang() === "en" ? "EN" : "ZH" })).reportFile;
              const bytes = Uint8Array.from(atob(file.content), (c) => c.charCodeAt(0));
              save(file.filename, new Blob([bytes], { type: file.mediaType }));
            },
          },
          `${t("download")} ${fmt}`,
        ),
      );
    }
  } else {
    actions.push(
      downloadLink(`${t("download")} md`, `${base}.md`, "text/markdown;charset=utf-8", reportMarkdown(report)),
      downloadLink(`${t("download")} html`, `${base}.html`, "text/html;charset=utf-8", reportHtml(report, article)),
    );
  }
  const supervisor = me.signedIn && atLeast(me.role, "supervisor");
  if (supervisor && available("FreezeReport")) {
    actions.push(
      h(
        "button",
        {
          type: "button",
          onclick: async () => {
            const result = (await run("FreezeReport", { kind, period, lang: lang() === "en" ? "EN" : "ZH" })).freezeReport;
            if (result.__typename === "FrozenReport") route_();
            else message.replaceChildren(notice(t("error"), result.message, true));
          },
        },
        t("freeze"),
      ),
    );
  }
  if (supervisor && frozen && !frozen.signedOffAt && available("SignOffReport")) {
    actions.push(
      h(
        "button",
        {
          type: "button",
          onclick: async () => {
            const result = (await run("SignOffReport", { id: frozen.id })).signOffReport;
            if (result.__typename === "FrozenReport") route_();
            else message.replaceChildren(notice(t("error"), result.message, true));
          },
        },
        t("signOff"),
      ),
    );
  }
  let changed = null;
  if (frozen && available("FrozenReport")) {
    const snap = (await run("FrozenReport", { id: frozen.id })).frozenReport;
    if (snap?.changedSince?.length) changed = h("div", { class: "notice" }, h("strong", {}, t("changedSince")), h("ul", {}, snap.changedSince.map((s) => h("li", {}, s.heading))));
  }
  add(root, 
    h(
      "div",
      { class: "report-meta" },
      h("p", {}, `${t("generatedAt")} ${when(report.generatedAt)} · `, frozen ? `${t("frozenAt")} ${when(frozen.frozenAt)} (${frozen.frozenBy})` : t("notFrozen"), frozen?.signedOffAt ? ` · ${t("signedOffAt")} ${when(frozen.signedOffAt)} (${frozen.signedOffBy})` : ""),
      h("div", { class: "actions" }, actions),
      message,
      changed,
    ),
    article,
  );
}
