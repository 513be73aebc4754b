"""The one HTTP client of the unified platform's API (govapi).

Errors are mapped to a small set of kinds the dialogue can explain; the timeouts
and retries keep every call well under the five seconds a citizen may wait.
"""
import os
from dataclasses import dataclass
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

CONNECT_TIMEOUT_S = 1.0
READ_TIMEOUT_S = 3.0

# Kinds of failure the dialogue distinguishes.
UNAVAILABLE = "unavailable"
NOT_VERIFIED = "not_verified"
NOT_FOUND = "not_found"
INVALID = "invalid"
CONFLICT = "conflict"
LOCKED = "locked"
REFUSED = "refused"

_KIND_BY_STATUS = {400: INVALID, 401: REFUSED, 403: NOT_VERIFIED, 404: NOT_FOUND,
                   409: CONFLICT, 413: INVALID, 422: INVALID, 423: LOCKED, 429: REFUSED}


@dataclass
class GovApiError(Exception):
    kind: str
    code: str = ""
    status: int | None = None
    payload: dict[str, Any] | None = None

    def __str__(self) -> str:
        return f"govapi {self.kind} ({self.status} {self.code})"


def _retrying_session() -> requests.Session:
    # Only idempotent methods are retried; a read timeout is not retried so that
    # the worst case stays below five seconds.
    retry = Retry(total=2, connect=2, read=0, status=1, backoff_factor=0.1,
                  status_forcelist=(502, 503, 504),
                  allowed_methods=frozenset({"GET", "HEAD", "PUT", "DELETE"}),
                  raise_on_status=False)
    session = requests.Session()
    session.mount("http://", HTTPAdapter(max_retries=retry, pool_maxsize=32))
    session.mount("https://", HTTPAdapter(max_retries=retry, pool_maxsize=32))
    return session


class GovApiClient:
    def __init__(self, base_url: str, api_key: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.session = _retrying_session()

    @classmethod
    def from_env(cls) -> "GovApiClient":
        return cls(os.environ.get("GOVAPI_URL", "http://127.0.0.1:8000"),
                   os.environ.get("GOVAPI_API_KEY", "tongban-sandbox-key"))

    def get(self, path: str, chat_user: str | None = None, **params: Any) -> dict[str, Any]:
        return self._request("GET", path, chat_user, params=params or None)

    def post(self, path: str, body: dict[str, Any], chat_user: str | None = None) -> dict[str, Any]:
        return self._request("POST", path, chat_user, json=body)

    def delete(self, path: str, chat_user: str | None = None) -> dict[str, Any]:
        return self._request("DELETE", path, chat_user)

    def _request(self, method: str, path: str, chat_user: str | None, **kwargs: Any) -> dict[str, Any]:
        headers = {"X-API-Key": self.api_key}
        if chat_user:
            headers["X-Chat-User"] = chat_user
        try:
            response = self.session.request(method, self.base_url + path, headers=headers,
                                            timeout=(CONNECT_TIMEOUT_S, READ_TIMEOUT_S), **kwargs)
        except requests.RequestException as error:
            raise GovApiError(UNAVAILABLE, code=type(error).__name__) from error
        return _decode(response)


def _decode(response: requests.Response) -> dict[str, Any]:
    try:
        payload = response.json()
    except ValueError:
        payload = {}
    if response.ok:
        return payload
    error = payload.get("error", {}) if isinstance(payload, dict) else {}
    kind = _KIND_BY_STATUS.get(response.status_code, UNAVAILABLE)
    raise GovApiError(kind, code=error.get("code", ""), status=response.status_code, payload=payload)
