"""Gateway settings, read once from the environment (defaults in README)."""
import os
from dataclasses import dataclass


@dataclass(frozen=True)
class TelegramSettings:
    token: str
    api_base: str
    mode: str
    webhook_url: str
    webhook_secret: str

    @property
    def enabled(self) -> bool:
        return bool(self.token)

    @classmethod
    def from_env(cls, env) -> "TelegramSettings":
        mode = env.get("TELEGRAM_MODE", "polling").strip().lower()
        if mode not in ("polling", "webhook"):
            raise ValueError(f"TELEGRAM_MODE must be polling or webhook, not {mode!r}")
        token, secret = env.get("TELEGRAM_BOT_TOKEN", "").strip(), env.get("TELEGRAM_WEBHOOK_SECRET", "").strip()
        if token and mode == "webhook" and not secret:
            raise ValueError("TELEGRAM_WEBHOOK_SECRET is required in webhook mode (requests without it get 403)")
        return cls(
            token=token,
            api_base=env.get("TELEGRAM_API_BASE", "https://api.telegram.org").rstrip("/"),
            mode=mode,
            webhook_url=env.get("TELEGRAM_WEBHOOK_URL", "").strip(),
            webhook_secret=secret,
        )


@dataclass(frozen=True)
class WechatSettings:
    token: str
    app_id: str
    app_secret: str
    encoding_aes_key: str
    previous_aes_key: str     # still decrypts while WeChat switches to the new key
    api_base: str
    reply_window_s: float     # answers ready by then go back in the HTTP response (WeChat waits 5 s)

    @property
    def enabled(self) -> bool:
        return bool(self.token)

    @property
    def safe_mode(self) -> bool:
        return bool(self.encoding_aes_key)

    @classmethod
    def from_env(cls, env) -> "WechatSettings":
        settings = cls(
            token=env.get("WECHAT_TOKEN", "").strip(),
            app_id=env.get("WECHAT_APP_ID", "").strip(),
            app_secret=env.get("WECHAT_APP_SECRET", "").strip(),
            encoding_aes_key=env.get("WECHAT_ENCODING_AES_KEY", "").strip(),
            previous_aes_key=env.get("WECHAT_ENCODING_AES_KEY_PREVIOUS", "").strip(),
            api_base=env.get("WECHAT_API_BASE", "https://api.weixin.qq.com").rstrip("/"),
            reply_window_s=float(env.get("WECHAT_REPLY_WINDOW_S", "4")),
        )
        settings.check()
        return settings

    def check(self) -> None:
        if not self.enabled:
            return
        if not (self.app_id and self.app_secret):
            raise ValueError("WECHAT_APP_ID and WECHAT_APP_SECRET are required with WECHAT_TOKEN "
                             "(slow answers and staff replies go through the customer-service API)")
        for name, key in (("WECHAT_ENCODING_AES_KEY", self.encoding_aes_key),
                          ("WECHAT_ENCODING_AES_KEY_PREVIOUS", self.previous_aes_key)):
            if key and len(key) != 43:
                raise ValueError(f"{name} must be the 43 characters WeChat shows")
        if self.previous_aes_key and not self.encoding_aes_key:
            raise ValueError("WECHAT_ENCODING_AES_KEY_PREVIOUS needs WECHAT_ENCODING_AES_KEY")
        if not 0 < self.reply_window_s < 5:
            raise ValueError("WECHAT_REPLY_WINDOW_S must be between 0 and 5 (WeChat waits 5 seconds)")


@dataclass(frozen=True)
class Settings:
    host: str
    port: int
    rasa_url: str
    rasa_token: str
    rasa_timeout_s: float
    max_message_chars: int
    database_url: str
    retry_interval_s: float
    govapi_url: str
    govapi_api_key: str
    retention_days: float
    redis_url: str
    telegram: TelegramSettings
    wechat: WechatSettings

    @classmethod
    def from_env(cls) -> "Settings":
        env = os.environ
        return cls(
            host=env.get("GATEWAY_HOST", "127.0.0.1"),
            port=int(env.get("GATEWAY_PORT", "8080")),
            rasa_url=env.get("RASA_URL", "http://127.0.0.1:5005").rstrip("/"),
            rasa_token=env.get("RASA_TOKEN", ""),
            rasa_timeout_s=float(env.get("RASA_TIMEOUT_S", "8")),
            max_message_chars=int(env.get("MAX_MESSAGE_CHARS", "4096")),
            database_url=env.get("GATEWAY_DATABASE_URL", "sqlite:///var/gateway.db"),
            retry_interval_s=float(env.get("GATEWAY_RETRY_INTERVAL_S", "3")),
            govapi_url=env.get("GOVAPI_URL", "http://127.0.0.1:8000").rstrip("/"),
            govapi_api_key=env.get("GOVAPI_API_KEY", ""),
            retention_days=float(env.get("RETENTION_DAYS", "180")),
            redis_url=env.get("GATEWAY_REDIS_URL", "").strip(),
            telegram=TelegramSettings.from_env(env),
            wechat=WechatSettings.from_env(env),
        )
