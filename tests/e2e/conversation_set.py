"""Issue 16's conversation set (tests/e2e/conversations/*.yml): loading, playing one conversation
through the gateway, and counting the turns to a completed matter."""
import statistics
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

SET_DIR = Path(__file__).resolve().parent / "conversations"
DEMO = {
    "zhang_wei": ("320102198503121234", "13800000001"),
    "li_na": ("320583199207082343", "13800000002"),
    "wang_fang": ("32030219580215456X", "13800000003"),
    "chen_ming": ("321302199901017893", "13800000004"),
}
VERIFICATION_TURNS = 3   # ID number, mobile number, SMS code


def conversations() -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for path in sorted(SET_DIR.glob("*.yml")):
        found.extend(yaml.safe_load(path.read_text(encoding="utf-8")))
    return found


def turns_of(step: dict[str, Any]) -> int:
    return VERIFICATION_TURNS if "verify" in step else 1


def turns_to_done(conversation: dict[str, Any]) -> int | None:
    """Citizen messages from the first one to the one that completes the matter (None: not completed)."""
    count = 0
    for step in conversation["turns"]:
        count += turns_of(step)
        if step.get("done"):
            return count
    return None


def median_turns(items: list[dict[str, Any]]) -> tuple[float, list[int]]:
    counts = [turns_to_done(c) for c in items if c.get("kind") == "fully_stated"]
    counts = [c for c in counts if c is not None]
    return statistics.median(counts), counts


def citizen_login(name: str, generated: Callable[[int], list[tuple[str, str]]]) -> tuple[str, str]:
    if name.startswith("generated_"):
        index = int(name.split("_")[1])
        return generated(index)[index - 1]
    return DEMO[name]


class Player:
    """Plays conversations through a gateway; `code_of(phone)` reads the latest SMS code."""

    def __init__(self, say: Callable[[str], list[dict[str, Any]]], code_of: Callable[[str], str],
                 generated: Callable[[int], list[tuple[str, str]]]) -> None:
        self.say = say
        self.code_of = code_of
        self.generated = generated

    def play(self, conversation: dict[str, Any]) -> list[str]:
        """Every reply text of the conversation; fails at the first turn that does not answer as expected."""
        said: list[str] = []
        for number, step in enumerate(conversation["turns"], start=1):
            replies = self._step(step)
            text = "\n".join(reply.get("text") or "" for reply in replies)
            said.append(text)
            where = f"{conversation['name']!r}, turn {number} ({step})"
            for wanted in step.get("expect", []):
                assert str(wanted) in text, f"{where}: {wanted!r} missing from\n{text}"
            for unwanted in step.get("absent", []):
                assert str(unwanted) not in text, f"{where}: {unwanted!r} in\n{text}"
            payloads = [button["payload"] for reply in replies for button in reply.get("buttons") or []]
            for payload in step.get("buttons", []):
                assert payload in payloads, f"{where}: no button {payload!r} in {payloads}"
        everything = "\n".join(said)
        for question in conversation.get("never", []):
            assert question not in everything, f"{conversation['name']!r} asked again: {question!r}\n{everything}"
        return said

    def _step(self, step: dict[str, Any]) -> list[dict[str, Any]]:
        if "verify" in step:
            id_number, phone = citizen_login(step["verify"], self.generated)
            asked_phone = self.say(id_number)
            assert "手机" in _texts(asked_phone) or "mobile" in _texts(asked_phone), asked_phone
            self.say(phone)
            return self.say(self.code_of(phone))
        if "code" in step:
            return self.say(self.code_of(citizen_login(step["code"], self.generated)[1]))
        return self.say(str(step["say"]))


def _texts(replies: list[dict[str, Any]]) -> str:
    return "\n".join(reply.get("text") or "" for reply in replies)
