"""The satisfaction question as the citizen sees it and as it comes back: the action server's mark on
a reply that may be rated (`rating_ask`), the question with its five scores and "no thanks", and the
payloads of its buttons (`/rate_service{"rating": id, "score": n}` or `{"comment": true}`), which the
gateway answers itself: Rasa never sees them."""
import json
import re
from typing import Any

from analytics import texts

Reply = dict[str, Any]
MARKER = "rating_ask"
KINDS = ("completed", "guide")
NO_THANKS = 0                              # the score of "no thanks": the citizen declined to rate
PAYLOAD = re.compile(r'^/rate_service(\{.*\})$')


def payload(rating_id: int, **values: Any) -> str:
    return "/rate_service" + json.dumps({"rating": rating_id, **values}, separators=(",", ":"))


def parse_payload(text: str) -> dict[str, Any] | None:
    match = PAYLOAD.match(text or "")
    if not match:
        return None
    try:
        values = json.loads(match.group(1))
    except ValueError:
        return None
    return values if isinstance(values, dict) and isinstance(values.get("rating"), int) else None


def asked_rating(buttons: list[dict[str, Any]]) -> int | None:
    """The rating whose question these buttons are (its score buttons), if they are one."""
    for button in buttons:
        values = parse_payload(button.get("payload") or "")
        if values is not None and "score" in values:
            return values["rating"]
    return None


def rating_markers(replies: list[Reply]) -> list[dict[str, Any]]:
    return [reply["custom"][MARKER] for reply in replies
            if isinstance(reply.get("custom"), dict) and isinstance(reply["custom"].get(MARKER), dict)]


def without_markers(replies: list[Reply]) -> list[Reply]:
    """The replies without the mark (a reply that was nothing but the mark is left out)."""
    kept = []
    for reply in replies:
        custom = reply.get("custom")
        if isinstance(custom, dict) and MARKER in custom:
            custom = {key: value for key, value in custom.items() if key != MARKER}
            reply = {key: value for key, value in reply.items() if key != "custom"}
            if custom:
                reply["custom"] = custom
            if not reply:
                continue
        kept.append(reply)
    return kept


def ask_reply(rating_id: int, language: str | None, desk: bool = False) -> Reply:
    buttons = [{"title": texts.say(f"score_{score}", language), "payload": payload(rating_id, score=score)}
               for score in texts.SCORES]
    buttons.append({"title": texts.say("no_thanks", language), "payload": payload(rating_id, score=NO_THANKS)})
    return {"text": texts.say("ask_desk" if desk else "ask", language), "buttons": buttons}
