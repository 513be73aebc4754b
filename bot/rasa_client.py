"""Client of Rasa's REST channel and HTTP API."""
import asyncio
from dataclasses import dataclass
from typing import Any, Dict, List, Optional
from urllib.parse import quote

import aiohttp


class RasaUnavailable(Exception):
    """Rasa did not answer in time or answered with an error."""


@dataclass(frozen=True)
class Understanding:
    """What Rasa made of the latest message of a conversation."""
    text: str
    intent: Optional[str]
    confidence: Optional[float]
    language: Optional[str]


class RasaClient:
    def __init__(self, base_url: str, timeout_s: float, token: str = "") -> None:
        self.base_url = base_url
        self.token = token
        self.timeout = aiohttp.ClientTimeout(total=timeout_s)
        self._session: aiohttp.ClientSession = None

    async def start(self) -> None:
        self._session = aiohttp.ClientSession(timeout=self.timeout)

    async def close(self) -> None:
        if self._session:
            await self._session.close()

    async def send(self, sender: str, text: str, metadata: Dict[str, Any]) -> List[Dict[str, Any]]:
        """Sends one citizen message; returns the bot's replies."""
        body = {"sender": sender, "message": text, "metadata": metadata}
        try:
            async with self._session.post(f"{self.base_url}/webhooks/rest/webhook", json=body) as response:
                if response.status != 200:
                    raise RasaUnavailable(f"HTTP {response.status}")
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
            async with self._session.get(url, params=params) as response:
                if response.status != 200:
                    return None
                tracker = await response.json()
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
            return None
        latest = tracker.get("latest_message") or {}
        intent = latest.get("intent") or {}
        return Understanding(text=latest.get("text") or "", intent=intent.get("name"),
                             confidence=intent.get("confidence"),
                             language=(tracker.get("slots") or {}).get("language"))
