// The browser side of the cookie tutorial. The token cookies are HttpOnly: this script
// never sees them, the browser attaches them to every request to the app by itself.
// The script's only job is the CSRF double submit: copy the readable CSRF cookie into
// the X-CSRF-TOKEN header, which a page on another site cannot do.

// --8<-- [start:csrf]
function readCookie(name) {
  for (const pair of document.cookie.split("; ")) {
    const separator = pair.indexOf("=");
    if (pair.slice(0, separator) === name) {
      return decodeURIComponent(pair.slice(separator + 1));
    }
  }
  return null;
}

async function send(method, path, { body, csrfCookie = "csrf_access_token" } = {}) {
  const headers = {};
  const csrf = readCookie(csrfCookie);
  if (csrf !== null) {
    headers["X-CSRF-TOKEN"] = csrf;
  }
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
  }
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "same-origin",
  });
  return { status: response.status, body: await response.json() };
}
// --8<-- [end:csrf]

// --8<-- [start:api]
export const login = (username, password) => send("POST", "/login", { body: { username, password } });
export const whoAmI = () => send("GET", "/me");
export const addNote = (text) => send("POST", "/notes", { body: { text } });
export const refresh = () => send("POST", "/refresh", { csrfCookie: "csrf_refresh_token" });
export const logout = () => send("POST", "/logout");
// --8<-- [end:api]

// --8<-- [start:page]
const output = document.querySelector("#output");

function show({ status, body }) {
  output.textContent = `${status} ${JSON.stringify(body)}`;
}

function onSubmit(selector, action) {
  document.querySelector(selector).addEventListener("submit", async (event) => {
    event.preventDefault();
    show(await action(new FormData(event.target)));
  });
}

function onClick(selector, action) {
  document.querySelector(selector).addEventListener("click", async () => show(await action()));
}

onSubmit("#login-form", (form) => login(form.get("username"), form.get("password")));
onSubmit("#note-form", (form) => addNote(form.get("text")));
onClick("#whoami", whoAmI);
onClick("#refresh", refresh);
onClick("#logout", logout);
// --8<-- [end:page]
