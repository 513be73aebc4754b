"""`python -m bot`: run the gateway."""
import logging

from bot.app import create_app
from bot.config import Settings
from privacy import logs


def main() -> None:
    logs.install()
    logging.basicConfig(level=logs.level(), format="%(asctime)s %(name)s %(levelname)s %(message)s")
    # httpx logs every Bot API URL at INFO, and those URLs carry the bot token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    # and urllib3 (wechatpy's requests) every WeChat API URL at DEBUG, with the access token or app secret
    logging.getLogger("urllib3").setLevel(logging.WARNING)
    settings = Settings.from_env()
    app = create_app(settings)
    app.run(host=settings.host, port=settings.port, access_log=False, motd=False)


if __name__ == "__main__":
    main()
