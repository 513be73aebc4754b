"""Nearest service halls for a shared location, from govapi. The gateway asks govapi
directly: a location is not text, so there is nothing for the NLU to understand,
and the answer needs no dialogue state."""
import asyncio
import logging
from typing import Any

import aiohttp

from bot import notices

logger = logging.getLogger(__name__)


class HallFinder:
    def __init__(self, govapi_url: str, api_key: str, timeout_s: float = 5) -> None:
        self.url = f"{govapi_url}/v1/halls/nearest"
        self.headers = {"X-API-Key": api_key}
        self.timeout = aiohttp.ClientTimeout(total=timeout_s)

    async def nearest(self, lat: float, lng: float, limit: int = 3) -> list[dict[str, Any]] | None:
        params = {"lat": f"{lat:.6f}", "lng": f"{lng:.6f}", "limit": str(limit)}
        try:
            async with aiohttp.ClientSession(timeout=self.timeout) as session:
                async with session.get(self.url, params=params, headers=self.headers) as response:
                    if response.status != 200:
                        logger.warning("govapi nearest halls: HTTP %s", response.status)
                        return None
                    return (await response.json())["halls"]
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError, KeyError) as error:
            logger.warning("govapi nearest halls failed: %s", error)
            return None


def describe_halls(halls: list[dict[str, Any]] | None, language: str | None) -> str:
    """The answer to a shared location, in the conversation's language (both if unknown)."""
    if not halls:
        return notices.NO_HALL_FOUND
    languages = [language] if language in ("zh", "en") else ["zh", "en"]
    parts = []
    for code in languages:
        lines = [notices.NEAREST_HALLS_TITLE[code]]
        lines += [notices.NEAREST_HALL_LINE[code].format(**hall) for hall in halls]
        parts.append("\n\n".join(lines))
    return "\n\n".join(parts)
