"""Elder mode (长辈模式) in the gateway.

Rasa says when the mode changes: utter_elder_mode_on/_off carry `custom: {"elder_mode": true|false}`,
which Rasa sends as a message part of its own; it is folded away here and the mode is kept with the
conversation. While a conversation is in elder mode, every answer's last message gets a one-tap
button to the 12345 hotline (the existing hand-off, /request_human), and the web chat is told to
show its large style. The web chat's header switch becomes the same payload the offer's button
sends, made by the gateway (typed text never becomes an intent)."""
import json
import re
from typing import Any

from bot.store import DATABASE_DOWN, in_thread
from bot.store.message_store import MessageStore

Reply = dict[str, Any]

CUSTOM_KEY = "elder_mode"
HOTLINE_PAYLOAD = "/request_human"
HOTLINE_TITLES = {"zh": "人工服务 12345", "en": "Talk to a person (12345)"}
SHOWN_AS = {True: "长辈模式：开 / Elder mode: on", False: "长辈模式：关 / Elder mode: off"}
CJK = re.compile(r"[\u3400-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")


def switch_payload(on: bool) -> str:
    """The payload that switches the mode, as the offer's button sends it."""
    return "/elder_mode" + json.dumps({"elder_switch": "on" if on else "off"}, separators=(",", ":"))


def is_link(payload: Any) -> bool:
    """A button whose payload is a web address opens it; it is never a message to Rasa."""
    return isinstance(payload, str) and payload.startswith(("http://", "https://"))


def switched_to(replies: list[Reply]) -> bool | None:
    """The mode an answer switches to, if it switches."""
    modes = [reply["custom"][CUSTOM_KEY] for reply in replies
             if isinstance(reply.get("custom"), dict) and isinstance(reply["custom"].get(CUSTOM_KEY), bool)]
    return modes[-1] if modes else None


def folded(replies: list[Reply]) -> list[Reply]:
    """The replies without the mode's custom part (a part that carries nothing else is dropped)."""
    kept = []
    for reply in replies:
        custom = reply.get("custom")
        if isinstance(custom, dict) and CUSTOM_KEY in custom:
            rest = {key: value for key, value in custom.items() if key != CUSTOM_KEY}
            reply = {key: value for key, value in reply.items() if key != "custom"} | ({"custom": rest} if rest else {})
        if any(reply.get(key) for key in ("text", "buttons", "image", "custom", "attachment")):
            kept.append(reply)
    return kept


def language_of(replies: list[Reply], fallback: str | None) -> str:
    """The language the replies are written in (English ones may name 苏服办, Chinese ones 12345 or APP)."""
    text = " ".join(str(reply.get("text") or "") for reply in replies)
    cjk, latin = len(CJK.findall(text)), len(LATIN.findall(text))
    if cjk or latin:
        return "zh" if cjk * 3 >= latin else "en"
    return "en" if (fallback or "").lower().startswith("en") else "zh"


def with_hotline(replies: list[Reply], language: str) -> list[Reply]:
    """The replies with the hotline button on the last one (unless it offers it already)."""
    if not replies:
        return replies
    last = replies[-1]
    buttons = list(last.get("buttons") or [])
    if any(isinstance(b, dict) and b.get("payload") == HOTLINE_PAYLOAD for b in buttons):
        return replies
    buttons.append({"title": HOTLINE_TITLES[language], "payload": HOTLINE_PAYLOAD})
    return replies[:-1] + [{**last, "buttons": buttons}]


class ElderMode:
    """Keeps each conversation's mode and dresses Rasa's answers for it."""

    def __init__(self, router, store: MessageStore) -> None:
        self.store = store
        router.on_answer(self.on_answer)

    async def on_answer(self, conversation_id: str, metadata: dict[str, Any], replies: list[Reply]) -> list[Reply]:
        switched = switched_to(replies)
        if switched is not None:
            await in_thread(self.store.set_elder_mode, conversation_id, switched)
            replies = folded(replies)
        conversation = await in_thread(self.store.conversation, conversation_id) or {}
        if not conversation.get("elder_mode"):
            return replies
        return with_hotline(replies, language_of(replies, conversation.get("language_code")))

    async def is_on(self, conversation_id: str) -> bool | None:
        """The conversation's mode; None while the database is away (the page keeps the mode it shows)."""
        try:
            conversation = await in_thread(self.store.conversation, conversation_id) or {}
        except DATABASE_DOWN:
            return None
        return bool(conversation.get("elder_mode"))
