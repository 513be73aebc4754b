"""Puts the WeChat channel into the gateway when WECHAT_TOKEN is set."""
import asyncio
import logging
from dataclasses import dataclass

from sanic import Sanic
from sqlalchemy.engine import Engine

from bot.config import Settings
from bot.halls import HallFinder
from bot.router import Router
from bot.store.shared_values import SharedValues, shared_values
from bot.wechat.access_token import SharedTokenClient
from bot.wechat.channel import WechatChannel
from bot.wechat.claims import AnswerClaims
from bot.wechat.security import Envelope
from bot.wechat.sending import CustomerService
from bot.wechat.webhook import wechat_webhook

logger = logging.getLogger(__name__)

CLEANUP_INTERVAL_S = 60


@dataclass
class Wechat:
    envelope: Envelope
    channel: WechatChannel
    values: SharedValues


def install_wechat(app: Sanic, settings: Settings, engine: Engine, router: Router) -> None:
    app.ctx.wechat = None
    app.blueprint(wechat_webhook)
    if not settings.wechat.enabled:
        return
    wechat = settings.wechat
    values = shared_values(settings.redis_url, engine)
    client = SharedTokenClient(wechat.app_id, wechat.app_secret, wechat.api_base, values)
    channel = WechatChannel(router, HallFinder(settings.govapi_url, settings.govapi_api_key),
                            CustomerService(client), AnswerClaims(values), wechat.reply_window_s)
    app.ctx.wechat = Wechat(Envelope(wechat), channel, values)

    @app.after_server_start
    async def start_cleanup(app, loop):
        app.ctx.wechat_cleanup = loop.create_task(_drop_expired_values(values))

    @app.before_server_stop
    async def stop_wechat(app, loop):
        app.ctx.wechat_cleanup.cancel()
        await channel.close()
        values.close()


async def _drop_expired_values(values: SharedValues) -> None:
    while True:
        await asyncio.sleep(CLEANUP_INTERVAL_S)
        try:
            await asyncio.to_thread(values.drop_expired)
        except Exception:
            logger.exception("dropping expired shared values failed")
