"""wechatpy's client with its access token in the store every gateway process shares: one process
fetches it (under a lock in that store) and all use it until shortly before WeChat lets it expire."""
import threading
import time
import uuid

import requests
from wechatpy import WeChatClient
from wechatpy.exceptions import WeChatClientException
from wechatpy.session import SessionStorage

from bot.store.shared_values import SharedValues

REFRESH_LOCK_S = 10
LOCK_POLL_S = 0.1
# Refreshed this share of its lifetime early (at most 5 minutes), so no process sends an expired one.
REFRESH_EARLY_SHARE, REFRESH_EARLY_MAX_S = 0.1, 300


class SharedSession(SessionStorage):
    """wechatpy's session storage over the shared store."""

    def __init__(self, values: SharedValues) -> None:
        self.values = values

    def get(self, key, default=None):
        value = self.values.get(key)
        return default if value is None else value

    def set(self, key, value, ttl=None):
        ttl = float(ttl or 7200)
        self.values.set(key, value, ttl - min(ttl * REFRESH_EARLY_SHARE, REFRESH_EARLY_MAX_S))

    def delete(self, key):
        self.values.delete(key)


class SharedTokenClient(WeChatClient):
    def __init__(self, app_id: str, secret: str, api_base: str, values: SharedValues,
                 timeout_s: float = 5) -> None:
        super().__init__(app_id, secret, session=SharedSession(values), timeout=timeout_s)
        self.API_BASE_URL = f"{api_base}/cgi-bin/"
        self.token_url = f"{api_base}/cgi-bin/token"
        self.values = values
        self._thread = threading.local()   # the token this thread sent last

    @property
    def access_token(self) -> str:
        token = self.session.get(self.access_token_key) or self._refresh(stale=None)
        self._thread.sent = token
        return token

    def fetch_access_token(self) -> None:
        """wechatpy calls this when WeChat refused the token just sent (40001, 42001)."""
        self._refresh(stale=getattr(self._thread, "sent", None))

    def _refresh(self, stale: str | None) -> str:
        """A token other than `stale`: the shared one if another process renewed it, else a new one
        fetched by this process while it holds the lock (the others wait for it)."""
        lock, owner = f"{self.access_token_key}:refresh", uuid.uuid4().hex
        deadline = time.monotonic() + 2 * REFRESH_LOCK_S
        while time.monotonic() < deadline:
            current = self.session.get(self.access_token_key)
            if current is not None and current != stale:
                return current
            if self.values.add(lock, owner, REFRESH_LOCK_S):
                try:
                    current = self.session.get(self.access_token_key)
                    if current is not None and current != stale:
                        return current
                    return self._fetch()
                finally:
                    self.values.delete(lock, only_if=owner)
            time.sleep(LOCK_POLL_S)
        raise WeChatClientException(None, "access token refresh timed out", client=self)

    def _fetch(self) -> str:
        params = {"grant_type": "client_credential", "appid": self.appid, "secret": self.secret}
        try:
            response = self._http.get(self.token_url, params=params, timeout=self.timeout)
            response.raise_for_status()
            result = response.json()
        except (requests.RequestException, ValueError) as error:
            raise WeChatClientException(None, f"access token not fetched: {type(error).__name__}",
                                        client=self) from None  # the URL carries the secret
        if result.get("errcode") or "access_token" not in result:
            raise WeChatClientException(result.get("errcode"), result.get("errmsg"), client=self)
        self.session.set(self.access_token_key, result["access_token"], result.get("expires_in", 7200))
        return result["access_token"]
