// Tongban web chat: one conversation per browser, kept across reloads.
(function () {
  "use strict";
  var log = document.getElementById("log");
  var form = document.getElementById("composer");
  var input = document.getElementById("message");

  function senderId() {
    var id = localStorage.getItem("tongban.sender");
    if (!id) {
      id = "w" + Date.now().toString(36) + Math.random().toString(36).slice(2, 10);
      localStorage.setItem("tongban.sender", id);
    }
    return id;
  }

  function history() {
    try { return JSON.parse(localStorage.getItem("tongban.history") || "[]"); }
    catch (e) { return []; }
  }

  function remember(entry) {
    var items = history();
    items.push(entry);
    localStorage.setItem("tongban.history", JSON.stringify(items.slice(-200)));
  }

  function show(entry) {
    var div = document.createElement("div");
    div.className = "msg " + entry.who;
    div.textContent = entry.text || "";
    if (entry.image) {
      var img = document.createElement("img");
      img.src = entry.image; img.alt = ""; img.style.maxWidth = "100%";
      div.appendChild(img);
    }
    if (entry.buttons && entry.buttons.length) {
      var row = document.createElement("div");
      row.className = "buttons";
      entry.buttons.forEach(function (b) {
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = b.title;
        button.onclick = function () { send(b.payload, b.title); };
        row.appendChild(button);
      });
      div.appendChild(row);
    }
    log.appendChild(div);
    log.scrollTop = log.scrollHeight;
  }

  function add(entry) { remember(entry); show(entry); }

  function send(message, shownAs) {
    add({ who: "user", text: shownAs || message });
    fetch("/api/chat", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: senderId(), message: message,
                             language: navigator.language || "" })
    }).then(function (r) { return r.json(); }).then(function (body) {
      (body.replies || []).forEach(function (reply) {
        add({ who: "bot", text: reply.text, buttons: reply.buttons, image: reply.image });
      });
      if (body.error) add({ who: "bot", text: body.error.message });
    }).catch(function () {
      add({ who: "bot", text: "网络连接失败，请稍后重试。\nNetwork error, please try again." });
    });
  }

  history().forEach(show);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value;
    input.value = "";
    if (text.trim()) send(text);
  });
}());
