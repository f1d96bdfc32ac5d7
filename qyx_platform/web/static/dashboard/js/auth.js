// Signing in with a token (kept for this browser tab only) and who the token is.

import { run, setToken, token } from "./gql.js";
import { nameOf, t } from "./i18n.js";
import { notice } from "./page.js";
import { field, h } from "./util.js";

const ROLES = ["viewer", "reporter", "supervisor", "admin"];

/** Who the current token is ({role, department, signedIn}); an anonymous viewer without one. */
export async function whoami() {
  if (!token()) return { role: "viewer", department: null, signedIn: false, name: "anonymous" };
  try {
    return (await run("Me")).me;
  } catch (err) {
    setToken(null);
    return { role: "viewer", department: null, signedIn: false, name: "anonymous", error: String(err.message || err) };
  }
}

/** Whether a role includes another (viewer < reporter < supervisor < admin). */
export function atLeast(role, wanted) {
  return ROLES.indexOf(role) >= ROLES.indexOf(wanted);
}

/** The sign-in box: a token field, or who is signed in with a sign-out button. */
export function signInBox(me, onchange) {
  if (me.signedIn) {
    const who = `${t(me.role)}${me.department ? ` · ${nameOf(me.department)}` : ""}`;
    return h(
      "div",
      { class: "signin signed" },
      h("span", { "data-role": me.role }, t("signedInAs", { who })),
      " ",
      h("button", { type: "button", onclick: () => { setToken(null); onchange(); } }, t("signOut")),
    );
  }
  const input = h("input", { type: "password", name: "token", autocomplete: "off", spellcheck: "false", required: true, "aria-describedby": "token-help" });
  const form = h(
    "form",
    {
      class: "signin",
      onsubmit: (event) => {
        event.preventDefault();
        setToken(input.value.trim());
        onchange();
      },
    },
    field(t("token"), input),
    h("button", { type: "submit" }, t("signIn")),
    h("p", { id: "token-help", class: "muted" }, t("tokenHelp")),
    me.error ? notice(t("error"), me.error, true) : null,
  );
  return form;
}
