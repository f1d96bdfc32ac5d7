// The dashboard's shell: navigation, language switch, demo banner, and the router that draws
// the page of location.pathname (links are handled here, so pages switch without a reload).

import { config } from "./gql.js";
import { lang, setLang, t } from "./i18n.js";
import { disposeAll, resizeAll } from "./charts.js";
import { fill, h } from "./util.js";
import { notice } from "./page.js";
import { signInBox } from "./auth.js";

const PAGES = [
  [/^\/$/, "overview", () => import("./pages/overview.js")],
  [/^\/domain\/([^/]+)$/, "overview", () => import("./pages/domain.js")],
  [/^\/indicator\/([^/]+)$/, "overview", () => import("./pages/indicator.js")],
  [/^\/scoreboard$/, "scoreboard", () => import("./pages/scoreboard.js")],
  [/^\/problems$/, "problems", () => import("./pages/problems.js")],
  [/^\/reports$/, "reports", () => import("./pages/reports.js")],
  [/^\/entry$/, "entry", () => import("./pages/entry.js")],
];
const NAV = [
  ["/", "overview"],
  ["/scoreboard", "scoreboard"],
  ["/problems", "problems"],
  ["/reports", "reports"],
  ["/entry", "entry"],
];

let drawing = 0;

function chrome(section) {
  document.documentElement.lang = lang() === "en" ? "en" : "zh-CN";
  document.getElementById("home-link").textContent = t("appTitle");
  const nav = document.getElementById("nav");
  nav.setAttribute("aria-label", t("mainNav"));
  fill(
    nav,
    h(
      "ul",
      {},
      NAV.map(([href, key]) =>
        h("li", {}, h("a", { href, "data-link": true, "aria-current": key === section ? "page" : null }, t(key))),
      ),
    ),
  );
  const tools = document.getElementById("tools");
  fill(
    tools,
    h(
      "button",
      {
        type: "button",
        class: "lang",
        lang: lang() === "en" ? "zh-CN" : "en",
        "aria-label": t("switchLangLabel"),
        onclick: () => {
          setLang(lang() === "en" ? "zh" : "en");
          route();
        },
      },
      t("switchLang"),
    ),
  );
  const banner = document.getElementById("demo-banner");
  banner.hidden = !config.demo;
  if (config.demo) fill(banner, h("strong", {}, t("demoBanner")));
  // GraphiQL is not served in production: no link to it then
  fill(document.getElementById("foot"), config.graphiql ? h("a", { href: "/graphql" }, t("graphiql")) : null, config.graphiql ? " · " : "", "庆政办发〔2023〕19号");
}

/** Draw the page of the current location. */
export async function route() {
  drawing += 1;
  const mine = drawing;
  const path = location.pathname;
  const found = PAGES.find(([re]) => re.test(path));
  disposeAll();
  const main = document.getElementById("main");
  chrome(found ? found[1] : null);
  main.setAttribute("aria-busy", "true");
  fill(main, h("p", { class: "loading" }, t("loading")));
  try {
    if (!found) {
      fill(main, notice(t("notFound"), path));
      return;
    }
    const [re, , load] = found;
    const module = await load();
    const args = re.exec(path).slice(1).map(decodeURIComponent);
    const content = h("div", { class: "page" });
    await module.render(content, ...args);
    if (mine !== drawing) return;
    fill(main, content);
    await module.after?.(content);
  } catch (err) {
    if (mine !== drawing) return;
    const text = String(err.message || err);
    // reading may need a token (QYX_READ_REQUIRES_TOKEN=1): offer to sign in right here
    const signIn = /token|令牌|bearer/i.test(text) ? signInBox({ signedIn: false }, () => route()) : null;
    fill(main, notice(t("error"), text, true), signIn);
  } finally {
    if (mine === drawing) {
      main.removeAttribute("aria-busy");
      document.body.dataset.ready = String(mine);
      // the page and all its charts are drawn (what a benchmark times)
      performance.mark("qyx:page-rendered", { detail: path });
    }
  }
}

/** Go to a URL inside the dashboard without reloading. */
export function go(url) {
  history.pushState(null, "", url);
  route().then(() => document.getElementById("main").focus({ preventScroll: true }));
}

document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-link], a[href^='/']");
  if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  const href = link.getAttribute("href");
  if (!href || href.startsWith("/graphql") || href.startsWith("/static") || link.hasAttribute("download")) return;
  event.preventDefault();
  go(href);
});
window.addEventListener("popstate", () => route());
let resizeTimer = 0;
window.addEventListener("resize", () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(resizeAll, 100);
});
window.qyxGo = go;
window.qyxRoute = route;
route();
