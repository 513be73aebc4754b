// Tongban web chat: one conversation per browser. The gateway stores the conversation,
// so the page shows it again after a reload and picks up replies that arrive later.
(function () {
  "use strict";
  var POLL_MS = 2000;
  var TEXTS = {
    zh: { placeholder: "请输入问题", send: "发送", switchTo: "English", elder: "长辈模式",
          offline: "网络连接失败，请稍后重试。" },
    en: { placeholder: "Type your question", send: "Send", switchTo: "中文", elder: "Elder mode",
          offline: "Network error, please try again." }
  };
  var log = document.getElementById("log");
  var form = document.getElementById("composer");
  var input = document.getElementById("message");
  var sendButton = document.getElementById("send");
  var languageButton = document.getElementById("language");
  var elderSwitch = document.getElementById("elder");
  var typing = document.getElementById("typing");
  var lastId = 0;
  var busy = false;

  function senderId() {
    var id = localStorage.getItem("tongban.sender");
    if (!id) {
      id = "w" + Date.now().toString(36) + Math.random().toString(36).slice(2, 10);
      localStorage.setItem("tongban.sender", id);
    }
    return id;
  }

  function language() {
    var chosen = localStorage.getItem("tongban.language");
    if (chosen) return chosen;
    return (navigator.language || "zh").toLowerCase().indexOf("zh") === 0 ? "zh" : "en";
  }

  function showLanguage() {
    var texts = TEXTS[language()];
    document.documentElement.lang = language() === "zh" ? "zh-CN" : "en";
    input.placeholder = texts.placeholder;
    sendButton.textContent = texts.send;
    languageButton.textContent = texts.switchTo;
    elderSwitch.textContent = texts.elder;
  }

  // Elder mode (长辈模式) is the conversation's, kept by the gateway: every answer says whether it is on.
  function showElderMode(on) {
    document.documentElement.classList.toggle("elder", on === true);
    elderSwitch.setAttribute("aria-checked", on === true ? "true" : "false");
  }

  function isElderMode() {
    return elderSwitch.getAttribute("aria-checked") === "true";
  }

  // Text with links: [title](https://…) and bare https:// addresses, built as DOM nodes (never innerHTML).
  var LINK = /\[([^\]\n]+)\]\((https?:\/\/[^)\s]+)\)|(https?:\/\/[^\s<>()"'，。；！？]+)/g;
  function appendText(parent, text) {
    var last = 0, match;
    LINK.lastIndex = 0;
    while ((match = LINK.exec(text)) !== null) {
      parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      var a = document.createElement("a");
      a.href = match[2] || match[3];
      a.textContent = match[1] || match[3];
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      parent.appendChild(a);
      last = LINK.lastIndex;
    }
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function disableOldButtons() {
    var rows = log.querySelectorAll(".buttons");
    rows.forEach(function (row) {
      row.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
    });
  }

  // A button whose payload is a web address opens it; it is never sent as a message.
  var LINK_PAYLOAD = /^https?:\/\//;
  function linkButton(b) {
    var a = document.createElement("a");
    a.className = "link-button";
    a.href = b.payload;
    a.textContent = b.title;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }

  function replyButton(b) {
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = b.title;
    button.onclick = function () { send(b.payload, b.title); };
    return button;
  }

  function show(entry) {
    if (entry.who === "user") disableOldButtons();
    var div = document.createElement("div");
    div.className = "msg " + entry.who;
    div.dataset.id = entry.id;
    if (entry.who === "bot") appendText(div, entry.text || "");
    else div.textContent = entry.text || "";
    if (entry.image) {
      var img = document.createElement("img");
      img.src = entry.image; img.alt = "";
      div.appendChild(img);
    }
    if (entry.buttons && entry.buttons.length) {
      var row = document.createElement("div");
      row.className = "buttons";
      entry.buttons.forEach(function (b) {
        row.appendChild(LINK_PAYLOAD.test(b.payload || "") ? linkButton(b) : replyButton(b));
      });
      div.appendChild(row);
    }
    log.appendChild(div);
    log.scrollTop = log.scrollHeight;
  }

  function showNotice(text) {
    show({ id: "", who: "bot", text: text });
  }

  function refresh() {
    var url = "/api/chat/history?sender=" + encodeURIComponent(senderId()) + "&after=" + lastId;
    return fetch(url).then(function (r) { return r.json(); }).then(function (body) {
      if (typeof body.elder_mode === "boolean") showElderMode(body.elder_mode);
      (body.messages || []).forEach(function (m) {
        if (m.id > lastId) { lastId = m.id; show(m); }
      });
    });
  }

  // A message whose answer was lost on the way (a gateway restarting, the balancer's 502) is sent
  // again with the same client_id: the gateway stores and answers it once.
  var RETRIES = 3;
  var sent = 0;

  function post(body, attempt) {
    return fetch("/api/chat", { method: "POST", headers: { "Content-Type": "application/json" }, body: body })
      .then(function (r) {
        if (r.status >= 502 && r.status <= 504) throw new Error("gateway unavailable");
        return r.json();
      })
      .catch(function (error) {
        if (attempt >= RETRIES) throw error;
        return new Promise(function (resolve) { setTimeout(resolve, 1000 * Math.pow(2, attempt)); })
          .then(function () { return post(body, attempt + 1); });
      });
  }

  function send(message, shownAs, startPayload, elderMode) {
    if (busy) return;
    busy = true;
    typing.hidden = false;
    disableOldButtons();
    sent += 1;
    var request = { sender: senderId(), message: message, shown_as: shownAs || null,
                    language: language(), start_payload: startPayload || null,
                    client_id: senderId() + "." + Date.now().toString(36) + "." + sent };
    if (typeof elderMode === "boolean") request.elder_mode = elderMode;   // the gateway makes the switch
    post(JSON.stringify(request), 0)
    .then(function (body) {
      if (body.error) showNotice(body.error.message);
      return refresh();
    }).catch(function () {
      showNotice(TEXTS.zh.offline + "\n" + TEXTS.en.offline);
    }).then(function () {
      busy = false;
      typing.hidden = true;
    });
  }

  languageButton.addEventListener("click", function () {
    var next = language() === "zh" ? "en" : "zh";
    localStorage.setItem("tongban.language", next);
    showLanguage();
    send('/switch_language{"language":"' + next + '"}', next === "zh" ? "中文" : "English");
  });

  elderSwitch.addEventListener("click", function () {
    send(null, null, null, !isElderMode());
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value;
    if (!text.trim() || busy) return;
    input.value = "";
    send(text);
  });

  showLanguage();
  // A hotline hand-off link (/?handoff=<token>) starts the conversation about the caller's matter.
  var handoff = new URLSearchParams(window.location.search).get("handoff");
  if (handoff) {
    window.history.replaceState(null, "", window.location.pathname);
    send("/greet", "👋", handoff);
  }
  refresh().catch(function () {});
  setInterval(function () { if (!busy) refresh().catch(function () {}); }, POLL_MS);
}());
