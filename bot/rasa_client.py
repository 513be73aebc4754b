"""Client of Rasa's REST channel and HTTP API."""
import asyncio
from dataclasses import dataclass
from typing import Any, Dict, List, Optional
from urllib.parse import quote

import aiohttp

from registry.intents import FALLBACK_INTENT


class RasaUnavailable(Exception):
    """Rasa did not answer in time or answered with an error."""


@dataclass(frozen=True)
class Understanding:
    """What Rasa made of the latest message of a conversation."""
    text: str
    intent: Optional[str]
    confidence: Optional[float]
    language: Optional[str]                      # the reply language (slot)
    predicted_intent: Optional[str] = None       # the classifier's best intent, the fallback left aside
    predicted_confidence: Optional[float] = None
    message_language: Optional[str] = None       # the language detected in this message


class RasaClient:
    def __init__(self, base_url: str, timeout_s: float, token: str = "") -> None:
        self.base_url = base_url
        self.token = token
        self.timeout = aiohttp.ClientTimeout(total=timeout_s)
        self._session: Optional[aiohttp.ClientSession] = None

    async def start(self) -> None:
        self._session = aiohttp.ClientSession(timeout=self.timeout)

    async def close(self) -> None:
        if self._session:
            await self._session.close()

    def _http(self) -> aiohttp.ClientSession:
        assert self._session is not None, "start() first"
        return self._session

    async def send(self, sender: str, text: str, metadata: Dict[str, Any]) -> List[Dict[str, Any]]:
        """Sends one citizen message; returns the bot's replies."""
        body = {"sender": sender, "message": text, "metadata": metadata}
        try:
            async with self._http().post(f"{self.base_url}/webhooks/rest/webhook", json=body) as response:
                if response.status != 200:
                    raise RasaUnavailable(f"HTTP {response.status}")
                return await response.json()
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
            raise RasaUnavailable(str(error) or type(error).__name__) from error

    async def erase(self, sender: str) -> int:
        """Deletes the conversation from Rasa's tracker store; returns how many events."""
        answer = await self._privacy_call("DELETE", f"conversations/{quote(sender, safe='')}")
        return int(answer.get("erased_events", 0))

    async def purge(self, retention_days: float) -> int:
        """Rasa drops the conversations idle longer than this; returns how many."""
        answer = await self._privacy_call("POST", "purge", {"retention_days": retention_days})
        return int(answer.get("purged_conversations", 0))

    async def _privacy_call(self, method: str, path: str, body: Any = None) -> Dict[str, Any]:
        url = f"{self.base_url}/webhooks/rest/{path}"
        try:
            async with self._http().request(method, url, params={"token": self.token}, json=body) as response:
                if response.status != 200:
                    raise RasaUnavailable(f"{method} {path.split('/', 1)[0]}: HTTP {response.status}")
                return await response.json()
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
            raise RasaUnavailable(str(error) or type(error).__name__) from error

    async def latest_understanding(self, sender: str) -> Optional[Understanding]:
        """Intent, confidence and reply language from the conversation's tracker (HTTP API,
        needs RASA_TOKEN); None when the API is not reachable."""
        if not self.token:
            return None
        url = f"{self.base_url}/conversations/{quote(sender, safe='')}/tracker"
        params = {"token": self.token, "include_events": "NONE"}
        try:
            async with self._http().get(url, params=params) as response:
                if response.status != 200:
                    return None
                tracker = await response.json()
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
            return None
        return understanding_of(tracker)


def understanding_of(tracker: Dict[str, Any]) -> Understanding:
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
