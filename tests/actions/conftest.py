"""Actions against a live govapi: a real server on a free port with its own SQLite file.

Actions are called as Rasa calls them (a tracker, a dispatcher and the domain of domain/);
`conversation` builds the tracker, `verify` binds a chat user through the real SMS-code flow.
"""
import sqlite3
import uuid
from pathlib import Path
from typing import Any

import pytest
import requests
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from registry import domain as domain_files
from tools.stack import Stack, stack_env

DEMO = {
    "zhang_wei": ("320102198503121234", "13800000001"),
    "li_na": ("320583199207082343", "13800000002"),
    "wang_fang": ("32030219580215456X", "13800000003"),
    "chen_ming": ("321302199901017893", "13800000004"),
}


@pytest.fixture(scope="session")
def domain() -> dict[str, Any]:
    return domain_files.load()


@pytest.fixture(scope="session")
def govapi(tmp_path_factory):
    var_dir: Path = tmp_path_factory.mktemp("govapi")
    env = stack_env(var_dir, GOVAPI_OTP_RATE_LIMIT="1000", GOVAPI_OTP_MAX_ATTEMPTS="3")
    running = Stack(env, var_dir)
    running.start(["govapi"])
    yield running
    running.stop()


@pytest.fixture(autouse=True)
def govapi_env(govapi, monkeypatch):
    monkeypatch.setenv("GOVAPI_URL", govapi.url("govapi"))
    monkeypatch.setenv("GOVAPI_API_KEY", govapi.env["GOVAPI_API_KEY"])


class Api:
    """Direct HTTP access to the sandbox, for arranging test data."""

    def __init__(self, stack: Stack) -> None:
        self.database = stack.var_dir / "govapi.db"
        self.url = stack.url("govapi")
        self.headers = {"X-API-Key": stack.env["GOVAPI_API_KEY"]}

    def generated_citizen(self, index: int) -> tuple:
        """(ID number, phone) of one of the generated citizens (not a demo citizen)."""
        with sqlite3.connect(self.database) as db:
            return db.execute("SELECT id_number, phone FROM citizens ORDER BY id LIMIT 1 OFFSET ?",
                              (20 + index,)).fetchone()

    def latest_code(self, phone: str) -> str:
        answer = requests.get(self.url + "/sandbox/sms", params={"phone": phone}, headers=self.headers, timeout=5)
        return answer.json()["messages"][0]["code"]

    def start(self, chat_user: str, id_number: str) -> str:
        """The chat user's verification handle for an ID number."""
        started = requests.post(self.url + "/v1/auth/identity", json={"id_number": id_number},
                                headers={**self.headers, "X-Chat-User": chat_user}, timeout=5)
        assert started.status_code == 201, started.text
        return started.json()["handle"]

    def bind(self, chat_user: str, citizen) -> None:
        """Binds a chat user to a demo citizen (by name) or to an (ID number, phone) pair."""
        id_number, phone = DEMO[citizen] if isinstance(citizen, str) else citizen
        headers = {**self.headers, "X-Chat-User": chat_user}
        handle = self.start(chat_user, id_number)
        sent = requests.post(self.url + "/v1/auth/otp", json={"handle": handle, "phone": phone},
                             headers=headers, timeout=5)
        assert sent.status_code == 202, sent.text
        verified = requests.post(self.url + "/v1/auth/verify", json={"handle": handle,
                                                                    "code": self.latest_code(phone)},
                                 headers=headers, timeout=5)
        assert verified.status_code == 200, verified.text

    def post(self, path: str, chat_user: str, **body) -> dict[str, Any]:
        headers = {**self.headers, "X-Chat-User": chat_user}
        return requests.post(self.url + path, json=body, headers=headers, timeout=5).json()

    def get(self, path: str, chat_user: str | None = None, **params) -> dict[str, Any]:
        headers = {**self.headers, **({"X-Chat-User": chat_user} if chat_user else {})}
        return requests.get(self.url + path, params=params, headers=headers, timeout=5).json()


@pytest.fixture
def api(govapi) -> Api:
    return Api(govapi)


def new_sender() -> str:
    return "web:t" + uuid.uuid4().hex[:12]


def conversation(intent: str, text: str = "", entities: dict[str, str] | None = None,
                 slots: dict[str, Any] | None = None, sender: str | None = None,
                 latest_action: str = "action_listen", active_loop: str | None = None) -> Tracker:
    """A tracker whose latest message is `text` understood as `intent` with `entities`."""
    message = {"intent": {"name": intent, "confidence": 1.0}, "text": text,
               "entities": [{"entity": name, "value": value} for name, value in (entities or {}).items()]}
    all_slots = {"language": "zh", "identity_verified": False, **(slots or {})}
    events = [{"event": "user", "text": text, "parse_data": message}]
    events += [{"event": "slot", "name": name, "value": value} for name, value in (slots or {}).items()]
    return Tracker(sender or new_sender(), all_slots, message, events, False, None,
                   {"name": active_loop} if active_loop else {}, latest_action)


def texts(dispatcher: CollectingDispatcher) -> list[str]:
    return [message.get("response") or message.get("text") or "" for message in dispatcher.messages]


def slot_values(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {event["name"]: event["value"] for event in events if event.get("event") == "slot"}
