"""The parts of Rasa's HTTP API the desk uses: pause/resume, trigger an intent, read the tracker."""
import asyncio
import logging
from typing import Any, Dict, Iterable, List, Optional
from urllib.parse import quote

import aiohttp

logger = logging.getLogger(__name__)


class RasaApiError(Exception):
    """Rasa's HTTP API did not do what was asked."""


class RasaApi:
    def __init__(self, base_url: str, token: str, timeout_s: float) -> None:
        self.base_url = base_url
        self.token = token
        self.timeout = aiohttp.ClientTimeout(total=timeout_s)
        self._session: Optional[aiohttp.ClientSession] = None

    async def start(self) -> None:
        self._session = aiohttp.ClientSession(timeout=self.timeout)

    async def close(self) -> None:
        if self._session:
            await self._session.close()

    def _url(self, conversation_id: str, tail: str) -> str:
        return f"{self.base_url}/conversations/{quote(conversation_id, safe='')}/{tail}"

    async def _call(self, method: str, url: str, body: Any = None, **query: str) -> Any:
        params = {"token": self.token, **query}
        assert self._session is not None, "start() first"
        try:
            async with self._session.request(method, url, params=params, json=body) as response:
                if response.status != 200:
                    raise RasaApiError(f"{method} {url.rsplit('/', 1)[-1]}: HTTP {response.status}")
                return await response.json()
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
            raise RasaApiError(str(error) or type(error).__name__) from error

    async def pause(self, conversation_id: str) -> None:
        await self._call("POST", self._url(conversation_id, "tracker/events"), {"event": "pause"})

    async def resume(self, conversation_id: str) -> None:
        await self._call("POST", self._url(conversation_id, "tracker/events"), {"event": "resume"})

    async def fresh_start(self, conversation_id: str, keep: Iterable[str]) -> None:
        """Resumes the conversation as a new session that keeps only the named slots (reply language,
        verification): what the citizen wrote while staff had it, and the matter before, no longer
        steer the policies. A session start is what Rasa's policies see at any conversation's start."""
        state = await self._call("GET", self._url(conversation_id, "tracker"), include_events="NONE")
        slots = state.get("slots") or {}
        kept = [{"event": "slot", "name": name, "value": slots[name]} for name in keep if slots.get(name) is not None]
        await self._call("POST", self._url(conversation_id, "tracker/events"),
                         [{"event": "resume"}, {"event": "action", "name": "action_session_start"},
                          {"event": "session_started"}, *kept, {"event": "action", "name": "action_listen"}])

    async def trigger_intent(self, conversation_id: str, intent: str,
                             entities: Optional[Dict[str, Any]] = None) -> List[Dict[str, Any]]:
        """Runs the intent as if the citizen had said it; returns the bot's replies."""
        answer = await self._call("POST", self._url(conversation_id, "trigger_intent"),
                                  {"name": intent, "entities": entities or {}})
        return answer.get("messages") or []

    async def tracker(self, conversation_id: str) -> Optional[Dict[str, Any]]:
        try:
            return await self._call("GET", self._url(conversation_id, "tracker"), include_events="NONE")
        except RasaApiError as error:
            logger.warning("tracker of %s not available: %s", conversation_id, error)
            return None
