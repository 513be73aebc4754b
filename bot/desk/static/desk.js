// Tongban hotline desk console: logging in, the view switch between the hotline console
// (desk/hotline.js) and the trainers' curation screen (desk/curation.js), and the live stream
// (SSE, /api/desk/events) that both screens listen to.
import { api, whenLoggedOut } from "./desk/api.js";
import { forgetCuration, hideCuration, listenCuration, showCuration } from "./desk/curation.js";
import { $ } from "./desk/dom.js";
import { listenHotline, startHotline } from "./desk/hotline.js";

var CURATORS = ["trainer", "supervisor"];
var session = { staff: null, events: null };

function showLogin() {
  if (session.events) { session.events.close(); session.events = null; }
  forgetCuration();
  $("desk-view").hidden = true; $("login-view").hidden = false;
}

function showDesk(staff, teams, reasons) {
  if (staff.role === "analyst") { window.location.assign("/desk/analytics"); return; }
  session.staff = staff;
  $("login-view").hidden = true; $("desk-view").hidden = false;
  $("who").textContent = staff.username + " (" + staff.role + ")";
  $("views").hidden = staff.role !== "supervisor";
  $("analytics-link").hidden = staff.role !== "supervisor";
  listen();
  startHotline(staff, teams, reasons);
  showView(staff.role === "trainer" ? "curation" : "desk");
}

// Trainers see only the curation view; supervisors switch between both; agents never see it.
function showView(name) {
  var curating = name === "curation" && CURATORS.indexOf(session.staff.role) >= 0;
  document.querySelector("#desk-view > main").hidden = curating;
  $("show-desk").setAttribute("aria-pressed", String(!curating));
  $("show-curation").setAttribute("aria-pressed", String(curating));
  if (curating) showCuration(); else hideCuration();
}

function listen() {
  if (session.events) session.events.close();
  var source = session.events = new EventSource("/api/desk/events");
  source.addEventListener("hello", function () { $("live").className = "on"; });
  source.onerror = function () { $("live").className = ""; };
  listenHotline(source);
  listenCuration(source);
  source.addEventListener("logged_out", function () { showLogin(); });
}

whenLoggedOut(showLogin);

$("show-desk").addEventListener("click", function () { showView("desk"); });
$("show-curation").addEventListener("click", function () { showView("curation"); });

$("login-form").addEventListener("submit", function (event) {
  event.preventDefault();
  $("login-error").textContent = "";
  api("POST", "/api/desk/login", { username: $("username").value, password: $("password").value })
    .then(function () { return api("GET", "/api/desk/me"); })
    .then(function (me) { showDesk(me.staff, me.teams, me.reasons); })
    .catch(function (error) { $("login-error").textContent = error.message; });
});

$("logout").addEventListener("click", function () {
  api("POST", "/api/desk/logout").catch(function () {}).then(showLogin);
});

api("GET", "/api/desk/me").then(function (me) { showDesk(me.staff, me.teams, me.reasons); }).catch(showLogin);
