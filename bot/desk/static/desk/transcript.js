// One turn of a conversation as both screens show it: who said it, when, what the NLU understood.
import { el } from "./dom.js";

var WHO = { citizen: "市民 / citizen", bot: "机器人 / bot", staff: "坐席 / staff" };
var CHANNELS = { web: "网页 / Web", tg: "Telegram", wx: "微信 / WeChat" };

// "微信 / WeChat · wx:o6_bm…" from a conversation id "<channel>:<id>"
export function withChannel(conversationId) {
  var channel = String(conversationId || "").split(":")[0];
  return (CHANNELS[channel] || channel) + " · " + conversationId;
}

export function who(message) { return message.who || (message.direction === "in" ? "citizen" : "bot"); }

export function turn(message) {
  var speaker = who(message);
  var item = el("li", null, speaker); item.dataset.message = message.id;
  var meta = WHO[speaker] + (message.staff ? " " + message.staff : "") + " · " + (message.created_at || "").slice(11, 19);
  if (speaker === "citizen" && message.intent) {
    meta += " · " + message.intent + (message.confidence != null ? " " + Number(message.confidence).toFixed(2) : "");
  }
  item.appendChild(el("span", meta, "meta"));
  item.appendChild(document.createTextNode(message.display_text || message.text || (message.image ? "[image]" : "")));
  return item;
}
