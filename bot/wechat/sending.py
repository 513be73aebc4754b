"""Messages to a WeChat user through the customer-service API (answers that missed the passive
reply, several messages, staff replies, retries), in order per user, with backoff on failures
that may pass."""
import asyncio
import logging
import weakref
from concurrent.futures import ThreadPoolExecutor

import requests
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt, wait_exponential
from wechatpy import WeChatClient
from wechatpy.exceptions import APILimitedException, WeChatClientException

logger = logging.getLogger(__name__)

SYSTEM_BUSY = -1


def _may_pass(error: BaseException) -> bool:
    if isinstance(error, (requests.RequestException, APILimitedException)):
        return True
    # no errcode: HTTP error or network failure; -1: WeChat's "system busy"
    return isinstance(error, WeChatClientException) and error.errcode in (None, SYSTEM_BUSY)


def _log_retry(state: RetryCallState) -> None:
    assert state.outcome is not None  # tenacity calls before_sleep only after an attempt
    logger.warning("wechat customer-service message failed (%s), retry %d",
                   type(state.outcome.exception()).__name__, state.attempt_number)


class CustomerService:
    def __init__(self, client: WeChatClient, max_attempts: int = 4, workers: int = 8) -> None:
        self.client = client
        self.max_attempts = max_attempts
        # wechatpy is synchronous: its calls get threads of their own, apart from the database's
        self._executor = ThreadPoolExecutor(workers, thread_name_prefix="wechat")
        self._order: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()

    async def send(self, openid: str, texts: list[str]) -> bool:
        """Sends the texts one after the other; False if one could not be sent."""
        lock = self._order.get(openid)
        if lock is None:
            lock = self._order[openid] = asyncio.Lock()
        async with lock:
            for text in texts:
                try:
                    await self._send_one(openid, text)
                except (WeChatClientException, requests.RequestException) as error:
                    logger.error("wechat customer-service message not sent: %s %s",
                                 getattr(error, "errcode", None), getattr(error, "errmsg", type(error).__name__))
                    return False
        return True

    async def _send_one(self, openid: str, text: str) -> None:
        loop = asyncio.get_running_loop()
        retrying = AsyncRetrying(retry=retry_if_exception(_may_pass), stop=stop_after_attempt(self.max_attempts),
                                 wait=wait_exponential(multiplier=0.5, max=8), before_sleep=_log_retry, reraise=True)
        async for attempt in retrying:
            with attempt:
                await loop.run_in_executor(self._executor, self.client.message.send_text, openid, text)

    def close(self) -> None:
        self._executor.shutdown(wait=False)
