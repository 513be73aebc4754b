"""Settings read from environment variables, with the documented defaults."""
from __future__ import annotations

import os
from dataclasses import dataclass


def _env(name: str, default: str) -> str:
    return os.environ.get(name, default)


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8000
    database_url: str = "sqlite:///var/govapi.db"
    api_key: str = "tongban-sandbox-key"
    sandbox: bool = True
    session_minutes: float = 30.0
    handle_minutes: float = 30.0
    seed_citizens: int = 10_000
    otp_ttl_seconds: float = 300.0
    otp_max_attempts: int = 5
    lockout_minutes: float = 15.0
    otp_rate_limit: int = 5
    otp_rate_window_seconds: float = 600.0
    slot_capacity: int = 4
    booking_days: int = 30
    workers: int = 1
    access_log: bool = True
    secret: str = "tongban-sandbox-secret"
    notify_url: str = ""                 # the gateway's notification webhook; empty: nothing is sent
    notify_secret: str = "tongban-notify-secret"
    notify_interval_s: float = 1.0       # how often a worker looks at the outbox (it is also woken)
    notify_retry_s: float = 1.0          # first pause after a failed delivery, doubled each time

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            host=_env("GOVAPI_HOST", cls.host),
            port=int(_env("GOVAPI_PORT", str(cls.port))),
            database_url=_env("GOVAPI_DATABASE_URL", cls.database_url),
            api_key=_env("GOVAPI_API_KEY", cls.api_key),
            sandbox=_env("GOVAPI_SANDBOX", "1") == "1",
            session_minutes=float(_env("GOVAPI_SESSION_MINUTES", str(cls.session_minutes))),
            handle_minutes=float(_env("GOVAPI_HANDLE_MINUTES", str(cls.handle_minutes))),
            seed_citizens=int(_env("GOVAPI_SEED_CITIZENS", str(cls.seed_citizens))),
            otp_ttl_seconds=float(_env("GOVAPI_OTP_TTL_SECONDS", str(cls.otp_ttl_seconds))),
            otp_max_attempts=int(_env("GOVAPI_OTP_MAX_ATTEMPTS", str(cls.otp_max_attempts))),
            lockout_minutes=float(_env("GOVAPI_LOCKOUT_MINUTES", str(cls.lockout_minutes))),
            otp_rate_limit=int(_env("GOVAPI_OTP_RATE_LIMIT", str(cls.otp_rate_limit))),
            otp_rate_window_seconds=float(
                _env("GOVAPI_OTP_RATE_WINDOW_SECONDS", str(cls.otp_rate_window_seconds))
            ),
            slot_capacity=int(_env("GOVAPI_SLOT_CAPACITY", str(cls.slot_capacity))),
            booking_days=int(_env("GOVAPI_BOOKING_DAYS", str(cls.booking_days))),
            workers=int(_env("GOVAPI_WORKERS", str(cls.workers))),
            access_log=_env("GOVAPI_ACCESS_LOG", "1") == "1",
            secret=_env("GOVAPI_SECRET", cls.secret),
            notify_url=_env("GOVAPI_NOTIFY_URL", cls.notify_url).strip(),
            notify_secret=_env("GOVAPI_NOTIFY_SECRET", cls.notify_secret),
            notify_interval_s=float(_env("GOVAPI_NOTIFY_INTERVAL_S", str(cls.notify_interval_s))),
            notify_retry_s=float(_env("GOVAPI_NOTIFY_RETRY_S", str(cls.notify_retry_s))),
        )
