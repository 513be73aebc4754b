"""The gateway's background passes (retrying kept messages, delivering notices, the daily purge):
one loop that repeats a pass for as long as the process runs."""
import asyncio
import logging
from collections.abc import Awaitable, Callable

logger = logging.getLogger(__name__)


async def repeat(work: Callable[[], Awaitable[object]], interval_s: float, what: str,
                 wake: asyncio.Event | None = None) -> None:
    """Runs `work` now and then every `interval_s`, sooner when `wake` is set. A failed pass is logged
    and the next one runs as planned: the loop outlives a database or channel failure."""
    while True:
        try:
            await work()
        except Exception:
            logger.exception("%s failed", what)
        if wake is None:
            await asyncio.sleep(interval_s)
            continue
        try:
            await asyncio.wait_for(wake.wait(), interval_s)
        except asyncio.TimeoutError:
            pass
        wake.clear()
