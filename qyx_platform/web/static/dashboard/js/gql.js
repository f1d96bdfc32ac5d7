// The GraphQL client: every operation comes from the operations folder, handed over by the
// server (only those the schema can answer); nothing else is ever sent.

import { lang } from "./i18n.js";

const config = JSON.parse(document.getElementById("qyx-config").textContent);
const TOKEN_KEY = "qyx.token";

export { config };

/** Whether the server's schema answers this operation. */
export function available(name) {
  return Object.hasOwn(config.operations, name);
}

/** Why an operation is not available (or null). */
export function unavailableReason(name) {
  return config.unavailable[name] || null;
}

/** The bearer token of this tab's session (or null). */
export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

/** Sign in (store the token for this tab) or out (null). */
export function setToken(value) {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

/** An error of the GraphQL layer (network, HTTP or the errors list). */
export class GraphQLFailure extends Error {}

/** Run a named operation; resolves to its data. Rejects with GraphQLFailure. */
export async function run(name, variables) {
  if (!available(name)) throw new GraphQLFailure(`operation ${name} is not available`);
  // the server's messages (validation errors …) in the page's language
  const headers = { "Content-Type": "application/json", Accept: "application/json", "Accept-Language": lang() === "en" ? "en" : "zh-CN" };
  const bearer = token();
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  let response;
  try {
    response = await fetch("/graphql", {
      method: "POST",
      headers,
      body: JSON.stringify({ query: config.operations[name], operationName: name, variables: variables || {} }),
    });
  } catch (err) {
    throw new GraphQLFailure(String(err));
  }
  let body;
  try {
    body = await response.json();
  } catch {
    throw new GraphQLFailure(`HTTP ${response.status}`);
  }
  if (body.errors && body.errors.length) throw new GraphQLFailure(body.errors.map((e) => e.message).join("; "));
  if (!response.ok) throw new GraphQLFailure(`HTTP ${response.status}`);
  return body.data;
}

/** Run an operation when available, else resolve to null (for features still to land). */
export async function maybe(name, variables) {
  return available(name) ? run(name, variables) : null;
}
