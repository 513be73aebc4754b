// The desk API: JSON in and out, the session in its HttpOnly cookie; a 401 sends the console to the login.
var loggedOut = function () {};

export function whenLoggedOut(handler) { loggedOut = handler; }

export function api(method, path, body) {
  return fetch(path, {
    method: method, credentials: "same-origin",
    headers: body ? { "Content-Type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined
  }).then(function (r) {
    return r.json().catch(function () { return {}; }).then(function (data) {
      if (r.status === 401 && path !== "/api/desk/login") { loggedOut(); }
      if (!r.ok) { throw new Error((data.error && data.error.message) || ("HTTP " + r.status)); }
      return data;
    });
  });
}

// The gateway reads the id's ":" (web:<sender>, tg:<chat id>) literally, not as %3A.
export function conversationPath(conversationId) {
  return "/api/desk/conversations/" + encodeURIComponent(conversationId).replace(/%3A/gi, ":");
}
