// The trainers' curation screen (trainers, and supervisors through the view switch): the inbox of
// messages the NLU was unsure about, labelling with intents and entity spans, new intents, bulk
// actions on near-duplicates, the most confused intents.
import { api, conversationPath } from "./api.js";
import { $, addOptions, button, el } from "./dom.js";
import { turn } from "./transcript.js";

var LANGUAGES = { zh: "中文", en: "English" };
var CURATION_REASONS = { low_confidence: "低置信 / low confidence", fallback: "未理解 / fallback",
                         handoff: "转人工 / hand-off", flagged: "坐席标记 / flagged" };
var STATUSES = { open: "待处理 / open", accepted: "已标注 / accepted", proposed: "新意图 / proposed",
                 dismissed: "已忽略 / dismissed", exported: "已导出 / exported" };
var NEW_INTENT = /^[a-z][a-z0-9_]{0,63}$/;
// drafts: what the trainer typed or marked per item, kept across re-renders of the list.
var curation = { shown: false, items: [], intents: null, entities: [], threshold: null, checked: {}, drafts: {} };

function curationPath(tail) { return "/api/desk/curation" + tail; }

export function showCuration() {
  $("curation-view").hidden = false;
  if (curation.shown) return;
  curation.shown = true;
  $("curation-error").textContent = "";
  loadIntents().then(refreshCuration);
}

export function hideCuration() {
  curation.shown = false;
  $("curation-view").hidden = true;
}

export function forgetCuration() {
  hideCuration();
  curation.items = []; curation.checked = {}; curation.drafts = {}; curation.seen = null;
  $("curation-items").textContent = ""; $("curation-notice").textContent = "";
  $("curation-conversation").hidden = true;
}

function refreshCuration() {
  return Promise.all([loadItems(), loadConfusions()]);
}

// Every new or changed item comes through the live stream: one reload a second at most.
// Not while the trainer holds the mouse button to select characters: the list would change under it.
function refreshSoon() {
  if (curation.soon) return;
  curation.soon = setTimeout(function () {
    curation.soon = null;
    if (curation.pressing) refreshSoon(); else if (curation.shown) refreshCuration();
  }, 1000);
}

$("curation-items").addEventListener("mousedown", function () { curation.pressing = true; });
document.addEventListener("mouseup", function () { curation.pressing = false; });

function loadIntents() {
  return api("GET", curationPath("/intents")).then(function (data) {
    curation.intents = data.intents || []; curation.entities = data.entities || [];
    curation.domains = data.domains || [];
    var list = $("curation-intents"); list.textContent = "";
    addOptions(list, curation.intents);
  }).catch(function (error) {
    $("curation-error").textContent = "意图列表加载失败 / Could not load the intents: " + error.message;
  });
}

function loadItems() {
  var status = $("curation-status").value;
  return api("GET", curationPath("/items?status=" + encodeURIComponent(status))).then(function (data) {
    if (status !== $("curation-status").value) return;  // the filter changed while this was loading
    var seen = JSON.stringify([status, data.items, data.threshold]);
    if (seen === curation.seen) return;  // nothing changed: keep the page (focus, selection) as it is
    curation.seen = seen;
    curation.items = data.items || []; curation.threshold = data.threshold;
    var present = {};
    curation.items.forEach(function (item) { present[item.id] = true; });
    Object.keys(curation.checked).forEach(function (id) { if (!present[id]) delete curation.checked[id]; });
    renderItems();
  }).catch(function (error) {
    $("curation-error").textContent = "语料加载失败 / Could not load the items: " + error.message;
  });
}

function loadConfusions() {
  return api("GET", curationPath("/confusions")).then(function (data) {
    $("confusions-error").textContent = "";
    var body = $("confusions").tBodies[0]; body.textContent = "";
    (data.confusions || []).forEach(function (pair) {
      var row = el("tr");
      [pair.predicted || "—", pair.labelled, String(pair.count)].forEach(function (v) {
        row.appendChild(el("td", v));
      });
      body.appendChild(row);
    });
    if (!body.rows.length) {
      var empty = el("td", "暂无 / none yet"); empty.colSpan = 3;
      body.appendChild(el("tr")).appendChild(empty);
    }
  }).catch(function (error) {
    $("confusions-error").textContent = "混淆表加载失败 / Could not load the confusions: " + error.message;
  });
}

function percent(confidence) { return confidence == null ? "—" : Math.round(Number(confidence) * 100) + "%"; }

function when(iso) { return iso ? String(iso).slice(0, 16).replace("T", " ") : "—"; }

function draftOf(item) {
  var draft = curation.drafts[item.id];
  if (!draft) {
    var spans = (item.entities || []).map(function (e) {
      return { start: e.start, end: e.end, entity: e.entity, value: item.text.slice(e.start, e.end) };
    });
    draft = curation.drafts[item.id] = { intent: "", pending: null, propose: null, spans: spans };
  }
  return draft;
}

function renderItems() {
  var list = $("curation-items"), active = document.activeElement, focused = null;
  if (active && active.id && list.contains(active)) {
    focused = { id: active.id, start: active.selectionStart, end: active.selectionEnd };
  }
  list.textContent = "";
  var status = $("curation-status").value;
  curation.items.forEach(function (item) { list.appendChild(itemCard(item)); });
  if (!curation.items.length) list.appendChild(el("li", "没有语料 / Nothing here", "empty"));
  if (focused && $(focused.id)) {
    var again = $(focused.id); again.focus();
    if (focused.start != null && again.setSelectionRange) again.setSelectionRange(focused.start, focused.end);
  }
  $("curation-summary").textContent = curation.items.length + " 条 / items · " + STATUSES[status] +
    (curation.threshold != null ? " · 阈值 / threshold " + percent(curation.threshold) : "");
  updateChecked();
}

function updateChecked() {
  var count = Object.keys(curation.checked).length;
  $("checked-count").textContent = "已选 " + count + " / " + count + " checked";
  $("bulk-label").disabled = $("bulk-dismiss").disabled = count === 0;
  $("check-all").checked = count > 0 && count === curation.items.length;
  document.querySelectorAll("#curation-items .item-check").forEach(function (box) {
    box.checked = !!curation.checked[box.dataset.item];
  });
}

// The item's text, the marked entity spans highlighted; offsets count characters of item.text.
function itemText(item, draft) {
  var text = el("p", null, "item-text");
  text.id = "item-text-" + item.id; text.dataset.item = item.id;
  text.lang = item.language === "en" ? "en" : "zh-CN";
  var at = 0;
  draft.spans.slice().sort(function (a, b) { return a.start - b.start; }).forEach(function (span) {
    if (span.start < at) return;
    text.appendChild(document.createTextNode(item.text.slice(at, span.start)));
    var mark = el("mark", item.text.slice(span.start, span.end)); mark.title = span.entity;
    text.appendChild(mark);
    at = span.end;
  });
  text.appendChild(document.createTextNode(item.text.slice(at)));
  return text;
}

function itemCard(item) {
  var draft = draftOf(item);
  var card = el("li", null, "item " + item.status); card.dataset.item = item.id;
  card.setAttribute("aria-labelledby", "item-text-" + item.id);

  var head = el("div", null, "item-head");
  var check = el("input", null, "item-check"); check.type = "checkbox"; check.dataset.item = item.id;
  check.id = "check-" + item.id;
  check.checked = !!curation.checked[item.id];
  check.disabled = item.status === "exported";
  check.setAttribute("aria-label", "选中 / Check: " + item.text);
  check.addEventListener("change", function () {
    if (check.checked) curation.checked[item.id] = true; else delete curation.checked[item.id];
    updateChecked();
  });
  head.appendChild(check);
  head.appendChild(itemText(item, draft));
  card.appendChild(head);

  var meta = el("div", null, "item-meta");
  meta.appendChild(el("span", LANGUAGES[item.language] || item.language, "language"));
  var predicted = el("span", "预测 / predicted: " + (item.predicted_intent || "—") + " " + percent(item.confidence),
                     "predicted");
  if (item.confidence != null && curation.threshold != null && item.confidence < curation.threshold) {
    predicted.className += " low";
  }
  meta.appendChild(predicted);
  meta.appendChild(el("span", "×" + item.count, "count")).title = "出现次数 / times seen";
  (item.reasons || []).forEach(function (reason) {
    meta.appendChild(el("span", CURATION_REASONS[reason] || reason, "reason " + reason));
  });
  var seen = meta.appendChild(el("span", "最近 / last seen " + when(item.last_seen_at), "seen"));
  seen.title = (item.first_seen_at || "") + " → " + (item.last_seen_at || "");
  if (item.status !== "open") meta.appendChild(el("span", STATUSES[item.status] || item.status, "status"));
  if (item.label_intent) meta.appendChild(el("span", "标注 / labelled: " + item.label_intent, "labelled"));
  if (item.proposed_intent) {
    meta.appendChild(el("span", "新意图 / proposed: " + item.proposed_intent.name, "proposed")).title =
      item.proposed_intent.description || "";
  }
  if (item.conversation_id) {
    meta.appendChild(button("对话 / Conversation", function () { openConversation(item, card); }, "link"));
  }
  if ((item.similar_ids || []).length) {
    meta.appendChild(button("选中近似 / Select near-duplicates (" + item.similar_ids.length + ")",
                            function () { checkSimilar(item); }, "similar"));
  }
  card.appendChild(meta);

  var error = el("p", null, "error item-error"); error.setAttribute("role", "alert");
  if (item.status !== "exported") {
    card.appendChild(labelRow(item, draft, error));
    card.appendChild(entityRow(item, draft, error));
    card.appendChild(proposeForm(item, draft, error));
  }
  card.appendChild(error);
  return card;
}

function labelRow(item, draft, error) {
  var form = el("form", null, "row label-form");
  var id = "intent-" + item.id;
  var label = el("label", "意图 / Intent", "sr-only"); label.htmlFor = id;
  var input = el("input", null, "intent"); input.id = id;
  input.setAttribute("list", "curation-intents"); input.autocomplete = "off";
  input.placeholder = "意图 / intent" + (item.predicted_intent ? " (" + item.predicted_intent + ")" : "");
  input.value = draft.intent || "";
  input.addEventListener("input", function () { draft.intent = input.value; });
  var submit = el("button", "标注 / Label", "label"); submit.type = "submit";
  form.appendChild(label); form.appendChild(input); form.appendChild(submit);
  form.appendChild(button("忽略 / Dismiss", function () {
    curate(api("POST", curationPath("/items/" + item.id + "/dismiss")), error, "✔ 已忽略 / dismissed", item);
  }, "dismiss"));
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var intent = knownIntent(input.value, error);
    if (!intent) return;
    var entities = draft.spans.map(function (s) { return { start: s.start, end: s.end, entity: s.entity }; });
    curate(api("POST", curationPath("/items/" + item.id + "/label"), { intent: intent, entities: entities }), error,
           "✔ 已标注 / labelled: " + intent, item);
  });
  return form;
}

function knownIntent(value, error) {
  var intent = value.trim();
  if (!intent) { error.textContent = "请选择意图 / Choose an intent."; return null; }
  if (curation.intents && curation.intents.length && curation.intents.indexOf(intent) < 0) {
    error.textContent = "未知意图：" + intent + "。新意图请用“新意图”提交。\nUnknown intent " + intent +
                        ": use Propose intent for a new one.";
    return null;
  }
  return intent;
}

function entityRow(item, draft, error) {
  var row = el("div", null, "row entity-row");
  var id = "entity-" + item.id;
  var label = el("label", "实体类型 / Entity type"); label.htmlFor = id;
  var select = el("select", null, "entity-type"); select.id = id;
  select.appendChild(el("option", "— 选择 / choose —")).value = "";
  addOptions(select, curation.entities);
  if (draft.entityType) select.value = draft.entityType;
  select.addEventListener("change", function () { draft.entityType = select.value; });
  var pending = draft.pending;
  var hint = el("span", pending ? "已选 / selected: «" + item.text.slice(pending.start, pending.end) + "»"
                                : "用鼠标选中文字 / select characters of the text", "selection");
  hint.id = "selection-" + item.id; hint.setAttribute("aria-live", "polite");
  row.appendChild(label); row.appendChild(select);
  row.appendChild(button("标记实体 / Mark entity", function () {
    error.textContent = "";
    var span = draft.pending;
    if (!span) { error.textContent = "请先用鼠标选中文字 / Select characters of the text first."; return; }
    if (!select.value) { error.textContent = "请选择实体类型 / Choose an entity type."; return; }
    var overlaps = draft.spans.some(function (s) { return span.start < s.end && s.start < span.end; });
    if (overlaps) { error.textContent = "与已标记的实体重叠 / Overlaps a marked entity."; return; }
    draft.spans.push({ start: span.start, end: span.end, entity: select.value,
                       value: item.text.slice(span.start, span.end) });
    draft.pending = null;
    rerender(item);
  }, "mark"));
  row.appendChild(hint);
  var spans = el("ul", null, "spans"); spans.setAttribute("aria-label", "已标记的实体 / Marked entities");
  draft.spans.forEach(function (span, index) {
    var entry = el("li", span.entity + ": «" + span.value + "» [" + span.start + "–" + span.end + "] ");
    entry.appendChild(button("✕", function () { draft.spans.splice(index, 1); rerender(item); }, "plain remove"))
      .setAttribute("aria-label", "删除实体 / Remove entity " + span.entity + " " + span.value);
    spans.appendChild(entry);
  });
  row.appendChild(spans);
  return row;
}

// A message no intent fits: a new intent with a snake_case name, a description and (optional) domain.
function proposeForm(item, draft, error) {
  var kept = draft.propose || (draft.propose = { open: false, name: "", description: "", domain: "" });
  var details = el("details", null, "propose"); details.open = kept.open;
  details.addEventListener("toggle", function () { kept.open = details.open; });
  details.appendChild(el("summary", "新意图 / Propose intent"));
  var form = el("form", null, "row");
  function field(tag, key, label, placeholder) {
    var input = el(tag, null, "propose-" + key); input.id = "propose-" + key + "-" + item.id;
    input.setAttribute("aria-label", label);
    if (placeholder) { input.placeholder = placeholder; input.autocomplete = "off"; }
    input.value = kept[key];
    input.addEventListener(tag === "select" ? "change" : "input", function () { kept[key] = input.value; });
    return input;
  }
  var name = field("input", "name", "新意图名称 / New intent name", "snake_case_name");
  var description = field("input", "description", "说明 / Description", "说明 / description");
  form.appendChild(name); form.appendChild(description);
  if (curation.domains && curation.domains.length) {
    var domain = el("select", null, "propose-domain"); domain.id = "propose-domain-" + item.id;
    domain.setAttribute("aria-label", "业务领域 / Domain");
    addOptions(domain, curation.domains);
    if (kept.domain) domain.value = kept.domain;
    domain.addEventListener("change", function () { kept.domain = domain.value; });
    form.appendChild(domain);
  }
  var submit = el("button", "提交新意图 / Propose"); submit.type = "submit"; submit.id = "propose-submit-" + item.id;
  form.appendChild(submit);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var intent = name.value.trim(), text = description.value.trim();
    if (!NEW_INTENT.test(intent)) {
      error.textContent = "意图名须为小写下划线格式 / The name must be snake_case (e.g. subsidy_claim)."; return;
    }
    if (curation.intents && curation.intents.indexOf(intent) >= 0) {
      error.textContent = intent + " 已存在，请直接标注 / already exists: label with it instead."; return;
    }
    if (!text) { error.textContent = "请填写说明 / Describe the new intent."; return; }
    var body = { intent: intent, description: text };
    if (domain) body.domain = domain.value;
    curate(api("POST", curationPath("/items/" + item.id + "/propose"), body), error,
           "✔ 已提交新意图 / proposed: " + intent, item);
  });
  details.appendChild(form);
  return details;
}

function rerender(item) {
  var old = document.querySelector('#curation-items > li[data-item="' + item.id + '"]');
  if (old) old.parentNode.replaceChild(itemCard(item), old);
}

// One item's label / dismiss / propose: the list and the confusions are reloaded after it.
function curate(promise, error, done, item) {
  error.textContent = "";
  return promise.then(function () {
    delete curation.drafts[item.id]; delete curation.checked[item.id];
    $("curation-notice").textContent = "#" + item.id + " " + done;
    return refreshCuration();
  }).catch(function (e) { error.textContent = e.message; });
}

function checkSimilar(item) {
  var present = {};
  curation.items.forEach(function (i) { present[i.id] = true; });
  var found = [item.id].concat(item.similar_ids).filter(function (id) { return present[id]; });
  found.forEach(function (id) { curation.checked[id] = true; });
  updateChecked();
  var missing = item.similar_ids.length - (found.length - 1);
  $("curation-notice").textContent = "已选中 " + found.length + " 条 / " + found.length + " items checked" +
    (missing > 0 ? " (" + missing + " 条不在此列表 / not in this list)" : "");
}

// The text selection inside an item's text, as character offsets into item.text.
document.addEventListener("selectionchange", function () {
  var selection = window.getSelection();
  if (!curation.shown || !selection.rangeCount || selection.isCollapsed) return;
  var range = selection.getRangeAt(0);
  var start = range.startContainer.nodeType === 1 ? range.startContainer : range.startContainer.parentNode;
  var end = range.endContainer.nodeType === 1 ? range.endContainer : range.endContainer.parentNode;
  var box = start.closest && start.closest(".item-text");
  if (!box || !box.contains(end)) return;
  var item = curation.items.filter(function (i) { return String(i.id) === box.dataset.item; })[0];
  if (!item) return;
  var before = document.createRange();
  before.selectNodeContents(box); before.setEnd(range.startContainer, range.startOffset);
  var from = before.toString().length, to = from + range.toString().length;
  while (from < to && /\s/.test(item.text.charAt(from))) from++;
  while (to > from && /\s/.test(item.text.charAt(to - 1))) to--;
  if (from >= to) return;
  curation.drafts[item.id].pending = { start: from, end: to };
  var hint = $("selection-" + item.id);
  if (hint) hint.textContent = "已选 / selected: «" + item.text.slice(from, to) + "»";
});

function openConversation(item, card) {
  var error = card.querySelector(".item-error"); error.textContent = "";
  return api("GET", conversationPath(item.conversation_id)).then(function (data) {
    $("curation-conversation-title").textContent = "对话 / Conversation " + data.conversation_id;
    var list = $("curation-transcript"); list.textContent = "";
    data.messages.forEach(function (m) {
      var turnItem = list.appendChild(turn(m));
      if (m.id === item.message_id) { turnItem.className += " focus"; turnItem.setAttribute("aria-current", "true"); }
    });
    $("curation-conversation").hidden = false;
    var focus = list.querySelector(".focus");
    (focus || $("curation-conversation")).scrollIntoView({ block: "nearest" });
  }).catch(function (e) { error.textContent = "对话加载失败 / Could not load the conversation: " + e.message; });
}

$("close-conversation").addEventListener("click", function () { $("curation-conversation").hidden = true; });
$("curation-status").addEventListener("change", function () {
  curation.checked = {}; $("curation-error").textContent = ""; loadItems();
});
$("curation-refresh").addEventListener("click", function () {
  $("curation-error").textContent = ""; refreshCuration();
});
$("check-all").addEventListener("change", function () {
  curation.checked = {};
  if ($("check-all").checked) {
    curation.items.forEach(function (item) { if (item.status !== "exported") curation.checked[item.id] = true; });
  }
  updateChecked();
});

function bulk(body, done) {
  $("curation-error").textContent = "";
  body.ids = curation.items.filter(function (item) { return curation.checked[item.id]; })
    .map(function (item) { return item.id; });
  return api("POST", curationPath("/bulk"), body).then(function (data) {
    body.ids.forEach(function (id) { delete curation.drafts[id]; });
    curation.checked = {};
    $("curation-notice").textContent = "✔ " + (data.items || []).length + " 条 / items " + done;
    return refreshCuration();
  }).catch(function (error) { $("curation-error").textContent = "批量操作失败 / Bulk action failed: " + error.message; });
}

$("bulk-form").addEventListener("submit", function (event) {
  event.preventDefault();
  var intent = knownIntent($("bulk-intent").value, $("curation-error"));
  if (intent) bulk({ action: "label", intent: intent }, "已标注 / labelled: " + intent);
});
$("bulk-dismiss").addEventListener("click", function () { bulk({ action: "dismiss" }, "已忽略 / dismissed"); });

export function listenCuration(source) {
  source.addEventListener("curation", function () { if (curation.shown) refreshSoon(); });
}
