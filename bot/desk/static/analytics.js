// Tongban service analytics: figures, charts (SVG drawn by the gateway) and CSV of /api/desk/analytics.
import { api, whenLoggedOut } from "./desk/api.js";
import { $, el } from "./desk/dom.js";

var FIELDS = ["from", "to", "period", "channel", "language", "city", "county", "matter"];
var TOTALS = [["conversations", "会话 / Conversations"], ["containment", "自助完成 / Containment", true],
              ["handoffs", "转人工 / Hand-offs"], ["fallback_rate", "未理解 / Fallback rate", true],
              ["median_first_answer_s", "首次回复中位数 / Median first answer (s)"],
              ["completions", "办结 / Completed in chat"], ["csat", "满意度 / CSAT (4-5)", true],
              ["nps_style", "净满意 / NPS-style"], ["rated", "评价 / Ratings"],
              ["abandonment", "中途放弃 / Abandonment", true]];
var REASONS = { request_human: "主动要求 / asked", fallback: "两次未理解 / not understood twice",
                lockout: "身份锁定 / locked out", complaint: "投诉未登记 / complaint failed",
                after_hours: "非工作时间 / after hours", staff: "坐席发起 / staff" };

function shown(value, share) {
  if (value === null || value === undefined) return "—";
  if (typeof value === "number" && share) return Math.round(value * 1000) / 10 + "%";
  return String(value);
}

function query() {
  var params = new URLSearchParams();
  FIELDS.forEach(function (name) { if ($(name).value) params.set(name, $(name).value); });
  return params.toString();
}

function table(id, columns, rows) {
  var node = $(id); node.textContent = "";
  var head = el("tr");
  columns.forEach(function (column) { head.appendChild(el("th", column[1])); });
  node.appendChild(head);
  rows.forEach(function (row) {
    var line = el("tr");
    columns.forEach(function (column) { line.appendChild(el("td", shown(row[column[0]], column[2]))); });
    node.appendChild(line);
  });
  if (!rows.length) { var empty = el("tr"); empty.appendChild(el("td", "—")); node.appendChild(empty); }
}

function render(report) {
  var totals = $("totals"); totals.textContent = "";
  TOTALS.forEach(function (item) {
    var box = el("div"); box.appendChild(el("b", shown(report.totals[item[0]], item[2])));
    box.appendChild(el("span", item[1])); box.setAttribute("data-figure", item[0]); totals.appendChild(box);
  });
  table("matters", [["matter", "事项 / Matter"], ["conversations", "会话 / Conversations"],
                    ["completions", "办结 / Completed"], ["guides", "指南 / Guides"],
                    ["handoffs", "转人工 / Hand-offs"], ["rated", "评价 / Ratings"], ["csat", "满意度 / CSAT", true]],
        report.matters);
  table("places", [["city", "城市 / City"], ["county", "区县 / County"], ["conversations", "会话 / Conversations"],
                   ["handoffs", "转人工 / Hand-offs"], ["containment", "自助完成 / Containment", true],
                   ["csat", "满意度 / CSAT", true]], report.places);
  table("teams", [["team", "团队 / Team"], ["tickets", "工单 / Tickets"], ["median_wait_s", "等待中位数 / Median wait (s)"],
                  ["median_handling_s", "处理中位数 / Median handling (s)"]], report.desk_teams);
  table("intents", [["intent", "意图 / Intent"], ["messages", "消息 / Messages"]], report.top_intents);
  var reasons = Object.keys(report.handoff_reasons).map(function (key) {
    return { reason: REASONS[key] || key, handoffs: report.handoff_reasons[key] };
  });
  table("reasons", [["reason", "原因 / Reason"], ["handoffs", "转人工 / Hand-offs"]], reasons);
}

var latest = 0;   // a slow answer to an earlier request must not overwrite a later one

function load() {
  var q = query(), mine = ++latest;
  $("error").textContent = "";
  $("csv").href = "/api/desk/analytics.csv?" + q;
  ["conversations", "rates", "reasons", "matters"].forEach(function (name) {
    $("chart-" + name).src = "/api/desk/analytics/charts/" + name + ".svg?" + q;
  });
  return api("GET", "/api/desk/analytics?" + q).then(function (report) {
    if (mine !== latest) return;
    if (!$("from").value) $("from").value = report.filters.first_day;
    if (!$("to").value) $("to").value = report.filters.last_day;
    render(report);
  }).catch(function (error) { $("error").textContent = error.message; });
}

function showLogin() { $("analytics-view").hidden = true; $("login-view").hidden = false; }

function showAnalytics(staff) {
  if (staff.role !== "supervisor" && staff.role !== "analyst") {
    $("login-error").textContent = "此账号无权查看统计。\nThis account may not see the analytics.";
    showLogin(); return;
  }
  $("login-view").hidden = true; $("analytics-view").hidden = false;
  $("who").textContent = staff.username + " (" + staff.role + ")";
  $("desk-link").hidden = staff.role !== "supervisor";
  load();
}

whenLoggedOut(showLogin);

$("login-form").addEventListener("submit", function (event) {
  event.preventDefault();
  api("POST", "/api/desk/login", { username: $("username").value, password: $("password").value })
    .then(function (data) { showAnalytics(data.staff); })
    .catch(function (error) { $("login-error").textContent = error.message; });
});
$("filters").addEventListener("submit", function (event) { event.preventDefault(); load(); });
$("logout").addEventListener("click", function () {
  api("POST", "/api/desk/logout").then(showLogin, showLogin);
});
api("GET", "/api/desk/me").then(function (data) { showAnalytics(data.staff); }, showLogin);
