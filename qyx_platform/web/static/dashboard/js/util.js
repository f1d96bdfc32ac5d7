// Small DOM and formatting helpers shared by the pages.

/** Create an element: h("a", {href: "/", class: "x"}, "text", child, [more]). */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (key === "class") el.className = value;
    else if (key === "text") el.textContent = value;
    else if (value === true) el.setAttribute(key, "");
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

/** Append children (skipping null, undefined and false; flattening arrays). */
export function add(el, ...children) {
  append(el, children);
  return el;
}

/** Replace an element's content. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let uid = 0;
/** A unique element id with a prefix. */
export function newId(prefix) {
  uid += 1;
  return `${prefix}-${uid}`;
}

/** A labelled control: <div class=field><label for>text</label>control</div>. */
export function field(labelText, control, extra) {
  if (!control.id) control.id = newId("f");
  return h("div", { class: "field" }, h("label", { for: control.id }, labelText), control, extra || null);
}

/** A <select> from [value, label] pairs. */
export function select(options, value, attrs) {
  const el = h("select", attrs || {});
  for (const option of options) {
    if (option.group) {
      const group = h("optgroup", { label: option.group });
      for (const [v, l] of option.options) group.append(h("option", { value: v, selected: v === value }, l));
      el.append(group);
    } else {
      const [v, l] = option;
      el.append(h("option", { value: v, selected: v === value }, l));
    }
  }
  return el;
}

/** A decimal string shown as is (the server keeps "3.80" as "3.80"); a dash for null. */
export function num(value) {
  return value === null || value === undefined || value === "" ? "–" : String(value);
}

/** A fraction (progress "0.45") as a percentage "45%". */
export function pct(value) {
  if (value === null || value === undefined) return "–";
  const n = Number(value);
  return Number.isFinite(n) ? `${Math.round(n * 100)}%` : "–";
}

/** A date-time string as YYYY-MM-DD HH:MM (local). */
export function when(value) {
  if (!value) return "–";
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A period string as a point on a year axis: 2025 → 2025, 2025Q3 → 2024.75, 2025-07 → 2024.583. */
export function periodX(period) {
  const p = String(period);
  let m = /^(\d{4})$/.exec(p);
  if (m) return Number(m[1]);
  m = /^(\d{4})Q([1-4])$/.exec(p);
  if (m) return Number(m[1]) - 1 + Number(m[2]) / 4;
  m = /^(\d{4})-(\d{2})$/.exec(p);
  if (m) return Number(m[1]) - 1 + Number(m[2]) / 12;
  return null;
}

/** The year of a period string. */
export function periodYear(period) {
  return Number(String(period).slice(0, 4));
}

/** Read the query string as an object. */
export function query() {
  return Object.fromEntries(new URLSearchParams(location.search));
}
