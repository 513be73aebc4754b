"""Desk settings from the environment (defaults in README)."""
import os
from dataclasses import dataclass


@dataclass(frozen=True)
class DeskSettings:
    hours: str
    timezone: str
    session_hours: float
    link_minutes: float
    telegram_bot_username: str
    public_url: str
    sse_keep_alive_s: float
    curation_threshold: float    # a message understood with less confidence goes to the trainers (0: fallbacks only)

    @classmethod
    def from_env(cls) -> "DeskSettings":
        env = os.environ
        return cls(
            hours=env.get("DESK_HOURS", "Mon-Fri 09:00-17:00"),
            timezone=env.get("DESK_TIMEZONE", "Asia/Shanghai"),
            session_hours=float(env.get("DESK_SESSION_HOURS", "12")),
            link_minutes=float(env.get("DESK_LINK_MINUTES", "120")),
            telegram_bot_username=env.get("TELEGRAM_BOT_USERNAME", "").strip().lstrip("@"),
            public_url=env.get("GATEWAY_PUBLIC_URL", "").rstrip("/"),
            sse_keep_alive_s=float(env.get("DESK_SSE_KEEP_ALIVE_S", "15")),
            curation_threshold=float(env.get("CURATION_THRESHOLD") or 0),
        )
