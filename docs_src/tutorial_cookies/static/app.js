// --8<-- [start:csrf]
// The CSRF cookies are the only ones a script can read: the tokens are HttpOnly.
function cookie(name) {
  const found = document.cookie.split("; ").find((pair) => pair.startsWith(name + "="));
  return found ? found.slice(name.length + 1) : "";
}

async function call(method, path, body, csrfCookie = "csrf_access_token") {
  const response = await fetch(path, {
    method,
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRF-TOKEN": cookie(csrfCookie) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = `${response.status} ${JSON.stringify(await response.json())}`;
  document.querySelector("#output").textContent = text;
}
// --8<-- [end:csrf]

// --8<-- [start:page]
const value = (id) => document.querySelector(id).value;

document.querySelector("#login").addEventListener("submit", (event) => {
  event.preventDefault();
  call("POST", "/session", { username: value("#username"), password: value("#password") });
});
document.querySelector("#rename").addEventListener("submit", (event) => {
  event.preventDefault();
  call("PUT", "/me", { full_name: value("#full-name") });
});
document.querySelector("#me").addEventListener("click", () => call("GET", "/me"));
document.querySelector("#refresh").addEventListener("click", () =>
  call("POST", "/session/refresh", undefined, "csrf_refresh_token"),
);
document.querySelector("#logout").addEventListener("click", () =>
  call("POST", "/session/logout"),
);
// --8<-- [end:page]
