"""Analytics settings from the environment (defaults in README)."""
import os
from dataclasses import dataclass

SOURCES = ("tracker", "rabbitmq", "off")


@dataclass(frozen=True)
class AnalyticsSettings:
    source: str            # where Rasa's events come from: the SQLite tracker store, RabbitMQ, or nowhere
    tracker_db: str        # the embedded tracker store (SQLite file)
    rabbitmq_url: str
    queue: str
    timezone: str          # days and weeks are counted in this zone (the desk's)
    poll_s: float

    @classmethod
    def from_env(cls) -> "AnalyticsSettings":
        env = os.environ
        source = env.get("ANALYTICS_SOURCE", "tracker").strip().lower()
        if source not in SOURCES:
            raise ValueError(f"ANALYTICS_SOURCE must be one of {', '.join(SOURCES)}, not {source!r}")
        return cls(
            source=source,
            tracker_db=env.get("RASA_TRACKER_DB", "var/tracker.db"),
            rabbitmq_url=env.get("ANALYTICS_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672/"),
            queue=env.get("ANALYTICS_QUEUE") or env.get("RABBITMQ_QUEUE") or "tongban_events",
            timezone=env.get("DESK_TIMEZONE", "Asia/Shanghai"),
            poll_s=float(env.get("ANALYTICS_POLL_S", "5")),
        )
