"""The Telegram channel (python-telegram-bot), run inside the gateway process."""
