"""Gateway settings from the environment."""
import pytest

from bot.config import Settings, TelegramSettings


def test_telegram_is_off_by_default():
    telegram = TelegramSettings.from_env({})
    assert not telegram.enabled and telegram.mode == "polling"
    assert telegram.api_base == "https://api.telegram.org"


def test_webhook_mode_needs_a_secret():
    with pytest.raises(ValueError, match="TELEGRAM_WEBHOOK_SECRET"):
        TelegramSettings.from_env({"TELEGRAM_BOT_TOKEN": "1:x", "TELEGRAM_MODE": "webhook"})
    assert TelegramSettings.from_env({"TELEGRAM_BOT_TOKEN": "1:x", "TELEGRAM_MODE": "webhook",
                                      "TELEGRAM_WEBHOOK_SECRET": "s"}).webhook_secret == "s"


def test_unknown_mode_is_refused():
    with pytest.raises(ValueError, match="polling or webhook"):
        TelegramSettings.from_env({"TELEGRAM_MODE": "carrier-pigeon"})


def test_database_url_defaults_to_a_sqlite_file_under_var(monkeypatch):
    monkeypatch.delenv("GATEWAY_DATABASE_URL", raising=False)
    assert Settings.from_env().database_url == "sqlite:///var/gateway.db"
    monkeypatch.setenv("GATEWAY_DATABASE_URL", "postgresql+psycopg2://u@db/gateway")
    assert Settings.from_env().database_url == "postgresql+psycopg2://u@db/gateway"
