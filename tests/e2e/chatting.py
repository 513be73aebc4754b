"""A citizen talking to the stack through the gateway, and language checks on replies."""
import re
import uuid

import requests

HAN = re.compile(r"[\u4e00-\u9fff]")
# Proper names that may stand beside their English names in English replies.
PROPER_NAMES = ("苏服办", "通办")


def is_chinese(text: str) -> bool:
    return bool(HAN.search(text))


def is_english(text: str) -> bool:
    for name in PROPER_NAMES:
        text = text.replace(name, "")
    return not HAN.search(text) and bool(re.search(r"[A-Za-z]", text))


class Chat:
    """One citizen talking to the stack through the gateway's /api/chat."""

    def __init__(self, gateway_url: str) -> None:
        self.url = gateway_url + "/api/chat"
        self.sender = "t" + uuid.uuid4().hex[:12]

    def say(self, message: str) -> list:
        response = requests.post(self.url, json={"sender": self.sender, "message": message}, timeout=20)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["sender"] == self.sender
        return body["replies"]

    def text(self, message: str) -> str:
        return "\n".join(reply.get("text", "") for reply in self.say(message))


