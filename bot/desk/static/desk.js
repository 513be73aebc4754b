// Tongban hotline desk console: queues, transcript, staff actions; live through SSE (/api/desk/events).
// Trainers (and supervisors, through the view switch) curate the NLU's uncertain messages.
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var state = { staff: null, teams: {}, reasons: {}, tickets: [], selected: null, conversation: null, events: null };
  var CURATORS = ["trainer", "supervisor"], FLAGGERS = ["agent", "supervisor"];
  var WHO = { citizen: "市民 / citizen", bot: "机器人 / bot", staff: "坐席 / staff" };
  var CHANNELS = { web: "网页 / Web", tg: "Telegram", wx: "微信 / WeChat" };

  // "微信 / WeChat · wx:o6_bm…" from a conversation id "<channel>:<id>"
  function withChannel(conversationId) {
    var channel = String(conversationId || "").split(":")[0];
    return (CHANNELS[channel] || channel) + " · " + conversationId;
  }

  function api(method, path, body) {
    return fetch(path, {
      method: method, credentials: "same-origin",
      headers: body ? { "Content-Type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (data) {
        if (r.status === 401 && path !== "/api/desk/login") { showLogin(); }
        if (!r.ok) { throw new Error((data.error && data.error.message) || ("HTTP " + r.status)); }
        return data;
      });
    });
  }

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }

  function waited(ticket) {
    var since = Date.parse(ticket.opened_at);
    var until = ticket.claimed_at ? Date.parse(ticket.claimed_at) : Date.now();
    var s = Math.max(0, Math.round((until - since) / 1000));
    return Math.floor(s / 60) + ":" + ("0" + (s % 60)).slice(-2);
  }

  function teamName(team) { var t = state.teams[team]; return t ? t.zh + " " + t.en : team; }
  function reasonName(reason) { var r = state.reasons[reason]; return r ? r.zh + " / " + r.en : reason; }

  // --- login ------------------------------------------------------------------------
  function showLogin() {
    if (state.events) { state.events.close(); state.events = null; }
    forgetCuration();
    $("desk-view").hidden = true; $("login-view").hidden = false;
  }

  function showDesk(staff, teams, reasons) {
    if (staff.role === "analyst") { window.location.assign("/desk/analytics"); return; }
    state.staff = staff; state.teams = teams; state.reasons = reasons || {};
    $("login-view").hidden = true; $("desk-view").hidden = false;
    $("who").textContent = staff.username + " (" + staff.role + ")";
    var select = $("transfer-team"); select.textContent = "";
    Object.keys(teams).forEach(function (key) {
      var option = el("option", teams[key].zh + " " + teams[key].en); option.value = key; select.appendChild(option);
    });
    $("stats-panel").hidden = staff.role !== "supervisor";
    $("views").hidden = staff.role !== "supervisor";
    $("analytics-link").hidden = staff.role !== "supervisor";
    listen();
    if (staff.role === "trainer") { showView("curation"); return; }
    showView("desk"); loadQueues(); loadLinks(); loadStats();
  }

  // Trainers see only the curation view; supervisors switch between both; agents never see it.
  function showView(name) {
    var curating = name === "curation" && CURATORS.indexOf(state.staff.role) >= 0;
    document.querySelector("#desk-view > main").hidden = curating;
    $("show-desk").setAttribute("aria-pressed", String(!curating));
    $("show-curation").setAttribute("aria-pressed", String(curating));
    if (curating) showCuration(); else hideCuration();
  }

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

  // The gateway reads the id's ":" (web:<sender>, tg:<chat id>) literally, not as %3A.
  function conversationPath(conversationId) {
    return "/api/desk/conversations/" + encodeURIComponent(conversationId).replace(/%3A/gi, ":");
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

  function turn(message, options) {
    var who = message.who || (message.direction === "in" ? "citizen" : "bot");
    var item = el("li", null, who); item.dataset.message = message.id;
    var meta = WHO[who] + (message.staff ? " " + message.staff : "") + " · " + (message.created_at || "").slice(11, 19);
    if (who === "citizen" && message.intent) {
      meta += " · " + message.intent + (message.confidence != null ? " " + Number(message.confidence).toFixed(2) : "");
    }
    item.appendChild(el("span", meta, "meta"));
    item.appendChild(document.createTextNode(message.display_text || message.text || (message.image ? "[image]" : "")));
    var typed = (message.text || "").trim() && (message.text || "").trim().charAt(0) !== "/";  // not a button's payload
    var flaggable = (options || {}).flag && FLAGGERS.indexOf(state.staff.role) >= 0;
    if (who === "citizen" && typed && message.id != null && flaggable) {
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
    data.messages.forEach(function (m) { list.appendChild(turn(m, { flag: true })); });
    list.scrollTop = list.scrollHeight;
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

  // --- curation inbox (trainers, supervisors) -----------------------------------------
  var LANGUAGES = { zh: "中文", en: "English" };
  var CURATION_REASONS = { low_confidence: "低置信 / low confidence", fallback: "未理解 / fallback",
                           handoff: "转人工 / hand-off", flagged: "坐席标记 / flagged" };
  var STATUSES = { open: "待处理 / open", accepted: "已标注 / accepted", proposed: "新意图 / proposed",
                   dismissed: "已忽略 / dismissed", exported: "已导出 / exported" };
  var NEW_INTENT = /^[a-z][a-z0-9_]{0,63}$/;
  // drafts: what the trainer typed or marked per item, kept across re-renders of the list.
  var curation = { shown: false, items: [], intents: null, entities: [], threshold: null, checked: {}, drafts: {} };

  function curationPath(tail) { return "/api/desk/curation" + tail; }

  function showCuration() {
    $("curation-view").hidden = false;
    if (curation.shown) return;
    curation.shown = true;
    $("curation-error").textContent = "";
    loadIntents().then(refreshCuration);
  }

  function hideCuration() {
    curation.shown = false;
    $("curation-view").hidden = true;
  }

  function forgetCuration() {
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

  function addOptions(parent, names) {
    names.forEach(function (name) { var option = el("option", name); option.value = name; parent.appendChild(option); });
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

  function button(text, handler, cls) {
    var node = el("button", text, cls); node.type = "button";
    node.addEventListener("click", handler);
    return node;
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

  // --- live events --------------------------------------------------------------------
  function listen() {
    if (state.events) state.events.close();
    var source = state.events = new EventSource("/api/desk/events");
    source.addEventListener("hello", function () { $("live").className = "on"; });
    source.onerror = function () { $("live").className = ""; };
    source.addEventListener("ticket", function () {
      loadQueues().catch(function () {}); loadStats();
      if (state.selected) select(state.selected.id).catch(function () {});
    });
    source.addEventListener("message", function (event) {
      var data = JSON.parse(event.data);
      if (data.conversation_id !== state.conversation) return;
      var list = $("transcript");
      if (list.querySelector('[data-message="' + data.message.id + '"]')) return;
      list.appendChild(turn(data.message, { flag: true })); list.scrollTop = list.scrollHeight;
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
    source.addEventListener("curation", function () { if (curation.shown) refreshSoon(); });
    source.addEventListener("logged_out", function () { showLogin(); });
  }

  api("GET", "/api/desk/me").then(function (me) { showDesk(me.staff, me.teams, me.reasons); }).catch(showLogin);
}());
