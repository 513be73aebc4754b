"""Notification settings from the environment (defaults in README)."""
import os
from dataclasses import dataclass


@dataclass(frozen=True)
class NotificationSettings:
    secret: str               # shared with govapi (GOVAPI_NOTIFY_SECRET)
    quiet_hours: str          # e.g. "21:00-08:00"; empty: none
    timezone: str
    timestamp_window_s: float  # a signed request older (or newer) than this is refused
    interval_s: float         # how often held and failed notices are looked at again
    retry_s: float            # first pause after a failed send, doubled each time

    @classmethod
    def from_env(cls) -> "NotificationSettings":
        env = os.environ
        return cls(
            secret=env.get("GOVAPI_NOTIFY_SECRET", "tongban-notify-secret"),
            quiet_hours=env.get("NOTIFICATIONS_QUIET_HOURS", "21:00-08:00").strip(),
            timezone=env.get("NOTIFICATIONS_TIMEZONE", "Asia/Shanghai"),
            timestamp_window_s=float(env.get("NOTIFICATIONS_TIMESTAMP_WINDOW_S", "300")),
            interval_s=float(env.get("NOTIFICATIONS_INTERVAL_S", "5")),
            retry_s=float(env.get("NOTIFICATIONS_RETRY_S", "2")),
        )
