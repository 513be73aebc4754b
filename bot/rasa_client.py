"""The gateway's one client of Rasa: the REST channel (citizen messages, privacy calls) and the HTTP API
(pause/resume, trigger an intent, read the tracker; these need RASA_TOKEN)."""
import asyncio
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import aiohttp

from registry.intents import FALLBACK_INTENT

logger = logging.getLogger(__name__)

REPLY_FIELDS = ("text", "buttons", "image", "custom", "attachment")

Reply = dict[str, Any]


class RasaUnavailable(Exception):
    """Rasa did not answer in time, answered with an error, or did not do what was asked."""


@dataclass(frozen=True)
class Understanding:
    """What Rasa made of the latest message of a conversation."""
    text: str
    intent: str | None
    confidence: float | None
    language: str | None                      # the reply language (slot)
    predicted_intent: str | None = None       # the classifier's best intent, the fallback left aside
    predicted_confidence: float | None = None
    message_language: str | None = None       # the language detected in this message


def as_reply(rasa_message: dict[str, Any]) -> Reply:
    """A bot message as the channels send it: its reply fields that have a value."""
    return {key: rasa_message[key] for key in REPLY_FIELDS if rasa_message.get(key)}


class RasaClient:
    def __init__(self, base_url: str, timeout_s: float, token: str = "") -> None:
        self.base_url = base_url
        self.token = token
        self.timeout = aiohttp.ClientTimeout(total=timeout_s)
        self._session: aiohttp.ClientSession | None = None

    async def start(self) -> None:
        self._session = aiohttp.ClientSession(timeout=self.timeout)

    async def close(self) -> None:
        if self._session:
            await self._session.close()

    # --- the REST channel --------------------------------------------------------------

    async def send(self, sender: str, text: str, metadata: dict[str, Any]) -> list[Reply]:
        """Sends one citizen message; returns the bot's replies."""
        body = {"sender": sender, "message": text, "metadata": metadata}
        answer = await self._call("POST", "webhooks/rest/webhook", body, label="webhook", with_token=False)
        return [as_reply(message) for message in answer]

    async def erase(self, sender: str) -> int:
        """Deletes the conversation from Rasa's tracker store; returns how many events."""
        answer = await self._call("DELETE", f"webhooks/rest/conversations/{quote(sender, safe='')}",
                                  label="DELETE conversations")
        return int(answer.get("erased_events", 0))

    async def purge(self, retention_days: float) -> int:
        """Rasa drops the conversations idle longer than this; returns how many."""
        answer = await self._call("POST", "webhooks/rest/purge", {"retention_days": retention_days},
                                  label="POST purge")
        return int(answer.get("purged_conversations", 0))

    # --- the HTTP API ------------------------------------------------------------------

    async def pause(self, conversation_id: str) -> None:
        await self._events(conversation_id, {"event": "pause"})

    async def resume(self, conversation_id: str) -> None:
        await self._events(conversation_id, {"event": "resume"})

    async def fresh_start(self, conversation_id: str, keep: Iterable[str]) -> None:
        """Resumes the conversation as a new session that keeps only the named slots (reply language,
        verification): what the citizen wrote while staff had it, and the matter before, no longer
        steer the policies. A session start is what Rasa's policies see at any conversation's start."""
        slots = (await self._tracker(conversation_id)).get("slots") or {}
        kept = [{"event": "slot", "name": name, "value": slots[name]} for name in keep if slots.get(name) is not None]
        await self._events(conversation_id, [{"event": "resume"}, {"event": "action", "name": "action_session_start"},
                                             {"event": "session_started"}, *kept,
                                             {"event": "action", "name": "action_listen"}])

    async def trigger_intent(self, conversation_id: str, intent: str,
                             entities: dict[str, Any] | None = None) -> list[Reply]:
        """Runs the intent as if the citizen had said it; returns the bot's replies."""
        answer = await self._call("POST", self._conversation(conversation_id, "trigger_intent"),
                                  {"name": intent, "entities": entities or {}}, label="POST trigger_intent")
        return [reply for reply in map(as_reply, answer.get("messages") or []) if reply]

    async def tracker(self, conversation_id: str) -> dict[str, Any] | None:
        """The conversation's tracker without its events; None when the API is not reachable."""
        if not self.token:
            return None
        try:
            return await self._tracker(conversation_id)
        except RasaUnavailable as error:
            logger.warning("tracker of %s not available: %s", conversation_id, error)
            return None

    async def latest_understanding(self, sender: str) -> Understanding | None:
        """Intent, confidence and reply language from the conversation's tracker; None when the API is
        not reachable."""
        tracker = await self.tracker(sender)
        return understanding_of(tracker) if tracker is not None else None

    # --- internals ---------------------------------------------------------------------

    @staticmethod
    def _conversation(conversation_id: str, tail: str) -> str:
        return f"conversations/{quote(conversation_id, safe='')}/{tail}"

    async def _tracker(self, conversation_id: str) -> dict[str, Any]:
        return await self._call("GET", self._conversation(conversation_id, "tracker"), label="GET tracker",
                                include_events="NONE")

    async def _events(self, conversation_id: str, events: Any) -> None:
        await self._call("POST", self._conversation(conversation_id, "tracker/events"), events, label="POST events")

    async def _call(self, method: str, path: str, body: Any = None, label: str = "", with_token: bool = True,
                    **query: str) -> Any:
        assert self._session is not None, "start() first"
        params = {"token": self.token, **query} if with_token else query
        try:
            async with self._session.request(method, f"{self.base_url}/{path}", params=params,
                                             json=body) as response:
                if response.status != 200:
                    raise RasaUnavailable(f"{label}: HTTP {response.status}")
                return await response.json()
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
            raise RasaUnavailable(str(error) or type(error).__name__) from error


def understanding_of(tracker: dict[str, Any]) -> Understanding:
    latest = tracker.get("latest_message") or {}
    intent = latest.get("intent") or {}
    ranking = [candidate for candidate in latest.get("intent_ranking") or [intent]
               if candidate.get("name") and candidate.get("name") != FALLBACK_INTENT]
    predicted = ranking[0] if ranking else {}
    detected = next((entity.get("value") for entity in latest.get("entities") or []
                     if entity.get("entity") == "message_language"), None)
    return Understanding(text=latest.get("text") or "", intent=intent.get("name"),
                         confidence=intent.get("confidence"),
                         language=(tracker.get("slots") or {}).get("language"),
                         predicted_intent=predicted.get("name"), predicted_confidence=predicted.get("confidence"),
                         message_language=detected)
