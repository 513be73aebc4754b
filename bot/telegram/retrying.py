"""Backoff and retry for every Bot API call (except getUpdates, which PTB never passes
through a rate limiter): 429 waits the retry_after Telegram asks for, 5xx and network
errors back off exponentially. Hooked in as PTB's rate limiter."""
import logging
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram.error import BadRequest, NetworkError, RetryAfter
from telegram.ext import BaseRateLimiter
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt

logger = logging.getLogger(__name__)


def _retryable(error: BaseException) -> bool:
    return isinstance(error, RetryAfter) or (isinstance(error, NetworkError)
                                             and not isinstance(error, BadRequest))


def _seconds(value: Any) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class RetryingRateLimiter(BaseRateLimiter[None]):
    def __init__(self, max_attempts: int = 5, base_delay_s: float = 0.5, max_delay_s: float = 30) -> None:
        self.max_attempts = max_attempts
        self.base_delay_s = base_delay_s
        self.max_delay_s = max_delay_s

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    def _wait(self, state: RetryCallState) -> float:
        assert state.outcome is not None  # tenacity waits only after an attempt
        error = state.outcome.exception()
        if isinstance(error, RetryAfter):
            delay = _seconds(error.retry_after)
        else:
            delay = self.base_delay_s * 2 ** (state.attempt_number - 1)
        return min(delay, self.max_delay_s)

    def _log(self, state: RetryCallState) -> None:
        assert state.outcome is not None  # tenacity calls before_sleep only after an attempt
        logger.warning("telegram call failed (%s), retry %d", state.outcome.exception(), state.attempt_number)

    async def process_request(self, callback: Callable[..., Coroutine[Any, Any, Any]], args: Any,
                              kwargs: dict[str, Any], endpoint: str, data: dict[str, Any],
                              rate_limit_args: None) -> Any:
        retrying = AsyncRetrying(retry=retry_if_exception(_retryable), wait=self._wait,
                                 stop=stop_after_attempt(self.max_attempts), before_sleep=self._log,
                                 reraise=True)
        return await retrying(callback, *args, **kwargs)
