"""Puts notifications into the gateway: the store, the webhook, the delivery loop."""
from sanic import Sanic
from sqlalchemy.engine import Engine

from bot.notifications.delivery import NoticeDelivery
from bot.notifications.receiver import notifications_webhook
from bot.notifications.settings import NotificationSettings
from bot.notifications.store import NoticeStore
from bot.router import Router


def install_notifications(app: Sanic, engine: Engine, router: Router) -> None:
    settings = app.ctx.notification_settings = NotificationSettings.from_env()
    app.ctx.notice_store = NoticeStore(engine)
    app.ctx.notices = NoticeDelivery(settings, app.ctx.notice_store, router)

    @app.after_server_start
    async def start_notice_delivery(app, loop):
        app.ctx.notice_loop = loop.create_task(app.ctx.notices.run())

    @app.before_server_stop
    async def stop_notice_delivery(app, loop):
        app.ctx.notice_loop.cancel()

    app.blueprint(notifications_webhook)
