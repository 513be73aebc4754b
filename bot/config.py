"""Gateway settings, read once from the environment (defaults in README)."""
import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    host: str
    port: int
    rasa_url: str
    rasa_timeout_s: float
    max_message_chars: int

    @classmethod
    def from_env(cls) -> "Settings":
        env = os.environ
        return cls(
            host=env.get("GATEWAY_HOST", "127.0.0.1"),
            port=int(env.get("GATEWAY_PORT", "8080")),
            rasa_url=env.get("RASA_URL", "http://127.0.0.1:5005").rstrip("/"),
            rasa_timeout_s=float(env.get("RASA_TIMEOUT_S", "8")),
            max_message_chars=int(env.get("MAX_MESSAGE_CHARS", "4096")),
        )
