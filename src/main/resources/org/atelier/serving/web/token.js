// The server's token (serve --token), for the page's calls: given once, as #token=TOKEN at the end of
// the address (a fragment never reaches a server or its logs, unlike a query) or typed into the field
// shown after a call is refused, kept for this tab only (sessionStorage) and sent as
// Authorization: Bearer on every call the page makes.
"use strict";
const TOKEN_KEY = "atelier-token";

(() => {
  const given = new URLSearchParams(location.hash.slice(1)).get("token");
  if (given) {
    sessionStorage.setItem(TOKEN_KEY, given);
    // out of the address bar and the tab's history, where someone looking over a shoulder would read it
    history.replaceState(null, "", location.pathname + location.search);
  }
})();

/** fetch, with the token when the page has one; a 401 shows the field that asks for it. */
async function api(path, options = {}) {
  const headers = new Headers(options.headers || {});
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers.set("Authorization", "Bearer " + token);
  const response = await fetch(path, { ...options, headers });
  if (response.status === 401) askForToken();
  return response;
}

function askForToken() {
  if (document.getElementById("token")) return;
  const form = document.createElement("form");
  form.className = "token";
  form.innerHTML = '<label>Token <input id="token" type="password" autocomplete="off"></label> <button type="submit">Use</button>';
  form.addEventListener("submit", e => {
    e.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, form.querySelector("input").value.trim());
    location.reload();
  });
  document.querySelector("header").append(form);
  form.querySelector("input").focus();
}
