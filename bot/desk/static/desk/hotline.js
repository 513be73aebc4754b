// The hotline console: team queues, one ticket or followed conversation with its transcript, the staff
// actions, the supervisors' figures and phone → chat links.
import { api, conversationPath } from "./api.js";
import { $, el } from "./dom.js";
import { turn, who, withChannel } from "./transcript.js";

var FLAGGERS = ["agent", "supervisor"];
var state = { staff: null, teams: {}, reasons: {}, tickets: [], selected: null, conversation: null };

function waited(ticket) {
  var since = Date.parse(ticket.opened_at);
  var until = ticket.claimed_at ? Date.parse(ticket.claimed_at) : Date.now();
  var s = Math.max(0, Math.round((until - since) / 1000));
  return Math.floor(s / 60) + ":" + ("0" + (s % 60)).slice(-2);
}

function teamName(team) { var t = state.teams[team]; return t ? t.zh + " " + t.en : team; }
function reasonName(reason) { var r = state.reasons[reason]; return r ? r.zh + " / " + r.en : reason; }

export function startHotline(staff, teams, reasons) {
  state.staff = staff; state.teams = teams; state.reasons = reasons || {};
  var select = $("transfer-team"); select.textContent = "";
  Object.keys(teams).forEach(function (key) {
    var option = el("option", teams[key].zh + " " + teams[key].en); option.value = key; select.appendChild(option);
  });
  $("stats-panel").hidden = staff.role !== "supervisor";
  if (staff.role !== "trainer") { loadQueues(); loadLinks(); loadStats(); }
}

// --- queues -----------------------------------------------------------------------
function loadQueues() {
  if (state.staff.role === "trainer") { $("queues").textContent = "—"; return Promise.resolve(); }
  return api("GET", "/api/desk/queues").then(function (data) {
    state.tickets = data.tickets; renderQueues();
  });
}

function renderQueues() {
  var box = $("queues"); box.textContent = "";
  Object.keys(state.teams).forEach(function (team) {
    var mine = state.tickets.filter(function (t) { return t.team === team; });
    var section = el("div", null, "team");
    var waiting = mine.filter(function (t) { return t.state === "waiting"; }).length;
    section.appendChild(el("strong", teamName(team) + " · " + waiting));
    mine.forEach(function (ticket) {
      var row = el("div", null, "ticket " + ticket.state);
      row.dataset.ticket = ticket.id;
      if (state.selected && state.selected.id === ticket.id) row.className += " selected";
      var label = "#" + ticket.id + " " + withChannel(ticket.conversation_id) + " · " + reasonName(ticket.reason);
      if (ticket.state === "active") label += " · " + (ticket.claimed_by_name || "");
      if (ticket.state === "callback") label += " · 回电 / call back";
      row.appendChild(el("span", label));
      var wait = el("span", waited(ticket), "wait"); wait.dataset.ticket = ticket.id;
      row.appendChild(wait);
      row.addEventListener("click", function () { select(ticket.id); });
      section.appendChild(row);
    });
    box.appendChild(section);
  });
}

setInterval(function () {
  document.querySelectorAll(".wait").forEach(function (node) {
    var ticket = state.tickets.filter(function (t) { return String(t.id) === node.dataset.ticket; })[0];
    if (ticket) node.textContent = waited(ticket);
  });
}, 1000);

// --- one ticket -------------------------------------------------------------------
function select(ticketId) {
  return api("GET", "/api/desk/tickets/" + ticketId).then(function (data) {
    state.selected = data.ticket; state.conversation = data.conversation_id;
    renderConversation(data); renderQueues();
  });
}

function followConversation(conversationId) {
  return api("GET", conversationPath(conversationId)).then(function (data) {
    state.selected = null; state.conversation = conversationId; renderConversation(data);
  });
}

function reloadSelected() {
  if (state.selected) return select(state.selected.id);
  if (state.conversation) return followConversation(state.conversation);
  return Promise.resolve();
}

// A turn of the transcript; a typed citizen message (not a button's payload) can be flagged for trainers.
function hotlineTurn(message) {
  var item = turn(message);
  var typed = (message.text || "").trim() && (message.text || "").trim().charAt(0) !== "/";
  if (who(message) === "citizen" && typed && message.id != null && FLAGGERS.indexOf(state.staff.role) >= 0) {
    item.appendChild(flagButton(message.id));
  }
  return item;
}

// An agent hands a citizen message the NLU got wrong to the trainers' curation inbox.
function flagButton(messageId) {
  var button = el("button", "⚑ 标记给训练师 / Flag for trainers", "flag");
  button.type = "button";
  button.setAttribute("aria-label", "标记此消息给训练师 / Flag this message for trainers");
  button.addEventListener("click", function () {
    $("transcript-error").textContent = "";
    button.disabled = true;
    api("POST", "/api/desk/messages/" + encodeURIComponent(messageId) + "/flag").then(function () {
      button.textContent = "✔ 已标记 / Flagged";
    }).catch(function (error) {
      button.disabled = false;
      $("transcript-error").textContent = "标记失败 / Flagging failed: " + error.message;
    });
  });
  return button;
}

function renderConversation(data) {
  var ticket = state.selected;
  $("conversation-title").textContent = ticket
    ? "#" + ticket.id + " " + withChannel(data.conversation_id) + " · " + teamName(ticket.team) + " · " + ticket.state
    : withChannel(data.conversation_id) + " (跟进 / following)";
  var list = $("transcript"); list.textContent = ""; $("transcript-error").textContent = "";
  data.messages.forEach(function (m) { list.appendChild(hotlineTurn(m)); });
  list.scrollTop = list.scrollHeight;
  renderContext(data);
  var staffRole = state.staff.role !== "trainer";
  $("actions").hidden = !ticket || !staffRole;
  if (ticket) {
    var mine = ticket.claimed_by === state.staff.id || state.staff.role === "supervisor";
    $("claim-button").disabled = ticket.state !== "waiting";
    $("reply-button").disabled = !(ticket.state === "active" && mine);
    $("resolve-button").disabled = !((ticket.state === "active" && mine) || ticket.state === "callback");
    $("handback-button").disabled = !(ticket.state === "active" && mine);
    $("transfer-button").disabled = ticket.state === "resolved" || ticket.state === "callback";
  }
}

// The side panel: the verified identity, Rasa's slots, the tickets' notes and events.
function renderContext(data) {
  var identity = data.identity;
  $("identity").textContent = identity ? ("✔ " + (identity.id_number || "") + " " + (identity.phone || "")) : "未核验 / not verified";
  var slots = $("slots"); slots.textContent = "";
  Object.keys(data.slots || {}).forEach(function (name) {
    slots.appendChild(el("dt", name)); slots.appendChild(el("dd", JSON.stringify(data.slots[name])));
  });
  var events = $("events"); events.textContent = "";
  (data.events || []).forEach(function (e) {
    if (e.kind === "reply") return;
    events.appendChild(el("li", e.created_at.slice(11, 19) + " " + e.kind + (e.staff ? " · " + e.staff : "") +
                                (e.text ? ": " + e.text : ""), e.kind === "note" ? "note" : ""));
  });
}

function act(promise) {
  $("action-error").textContent = "";
  return promise.then(function () { return Promise.all([reloadSelected(), loadQueues()]); })
    .catch(function (error) { $("action-error").textContent = error.message; });
}

function ticketPath(tail) { return "/api/desk/tickets/" + state.selected.id + tail; }

$("claim-button").addEventListener("click", function () { act(api("POST", ticketPath("/claim"))); });
$("resolve-button").addEventListener("click", function () { act(api("POST", ticketPath("/resolve"))); });
$("transfer-button").addEventListener("click", function () {
  act(api("POST", ticketPath("/transfer"), { team: $("transfer-team").value }));
});
$("handback-button").addEventListener("click", function () {
  act(api("POST", ticketPath("/hand-back"), { intent: $("handback-intent").value.trim() }));
});
$("reply-form").addEventListener("submit", function (event) {
  event.preventDefault();
  var text = $("reply-text").value.trim();
  if (!text) return;
  act(api("POST", ticketPath("/reply"), { text: text }).then(function () { $("reply-text").value = ""; }));
});
$("note-form").addEventListener("submit", function (event) {
  event.preventDefault();
  var text = $("note-text").value.trim();
  if (!text) return;
  act(api("POST", ticketPath("/notes"), { text: text }).then(function () { $("note-text").value = ""; }));
});

// --- supervisor view --------------------------------------------------------------
function loadStats() {
  if (state.staff.role !== "supervisor") return;
  api("GET", "/api/desk/stats").then(function (data) {
    var table = $("stats"); table.textContent = "";
    var head = el("tr");
    ["", "等待 waiting", "处理中 active", "平均等待 avg wait", "今日 today"].forEach(function (h) { head.appendChild(el("th", h)); });
    table.appendChild(head);
    Object.keys(data.teams).forEach(function (team) {
      var t = data.teams[team], row = el("tr");
      [teamName(team), t.waiting, t.active, t.average_wait_s == null ? "—" : Math.round(t.average_wait_s) + "s",
       t.handled_today].forEach(function (v) { row.appendChild(el("td", String(v))); });
      table.appendChild(row);
    });
  }).catch(function () {});
}

// --- phone → chat -------------------------------------------------------------------
function loadLinks() {
  if (state.staff.role === "trainer") return;
  api("GET", "/api/desk/links").then(function (data) {
    var list = $("links"); list.textContent = "";
    data.links.forEach(function (link) {
      var item = el("li", link.matter + (link.note ? " · " + link.note : "") + " · " +
                          (link.used_at ? "已打开 / opened" : "未使用 / unused"));
      if (link.conversation_id) {
        var follow = el("button", "跟进 / Follow"); follow.type = "button";
        follow.addEventListener("click", function () { followConversation(link.conversation_id); });
        item.appendChild(follow);
      }
      list.appendChild(item);
    });
  }).catch(function () {});
}

$("link-form").addEventListener("submit", function (event) {
  event.preventDefault();
  api("POST", "/api/desk/links", { matter: $("link-matter").value.trim(), note: $("link-note").value })
    .then(function (data) {
      var box = $("link-result"); box.textContent = "";
      box.appendChild(el("div", "Web: " + data.web_url));
      box.appendChild(el("div", "Telegram: " + (data.telegram_url || "—")));
      box.appendChild(el("div", "微信 / WeChat: " + (data.wechat_message
        ? "向公众号发送 / send to the official account: " + data.wechat_message : "—")));
      loadLinks();
    }).catch(function (error) { $("link-result").textContent = error.message; });
});

// --- live events --------------------------------------------------------------------
export function listenHotline(source) {
  source.addEventListener("ticket", function () {
    loadQueues().catch(function () {}); loadStats();
    if (state.selected) select(state.selected.id).catch(function () {});
  });
  source.addEventListener("message", function (event) {
    var data = JSON.parse(event.data);
    if (data.conversation_id !== state.conversation) return;
    var list = $("transcript");
    if (list.querySelector('[data-message="' + data.message.id + '"]')) return;
    list.appendChild(hotlineTurn(data.message)); list.scrollTop = list.scrollHeight;
  });
  source.addEventListener("note", function (event) {
    var data = JSON.parse(event.data);
    if (state.selected && data.ticket_id === state.selected.id) reloadSelected().catch(function () {});
  });
  source.addEventListener("activity", function (event) {
    var data = JSON.parse(event.data);
    if (data.conversation_id === state.conversation) reloadSelected().catch(function () {});
  });
  source.addEventListener("link", function () { loadLinks(); });
}
