"""The gateway's Sanic application."""
import logging

from sanic import Sanic, response
from sanic.exceptions import InvalidUsage, NotFound, PayloadTooLarge, SanicException

from bot import notices
from bot.config import Settings
from bot.desk.wiring import install_desk
from bot.elder_mode import ElderMode
from bot.erasure import Erasure
from bot.halls import HallFinder
from bot.http_errors import json_error
from bot.notifications.wiring import install_notifications
from bot.rasa_client import RasaClient
from bot.router import Router
from bot.store import DATABASE_DOWN
from bot.store.database import make_engine, upgrade_to_head
from bot.store.message_store import MessageStore
from bot.telegram.webhook import telegram_webhook
from bot.webchat import webchat
from bot.wechat.wiring import install_wechat

logger = logging.getLogger(__name__)

REQUEST_MAX_BYTES = 64 * 1024
# How long a gateway process keeps a conversation while it waits for Rasa, in Rasa timeouts.
LEASE_PER_RASA_TIMEOUT = 2


def _install_error_handlers(app: Sanic) -> None:
    @app.exception(InvalidUsage)
    async def bad_request(request, exception):
        return json_error(400, "bad_request", f"{notices.MALFORMED_REQUEST}\n({exception})")

    @app.exception(PayloadTooLarge)
    async def too_large(request, exception):
        return json_error(413, "too_large", notices.REQUEST_TOO_LARGE)

    @app.exception(NotFound)
    async def not_found(request, exception):
        return json_error(404, "not_found", notices.NOT_FOUND)

    @app.exception(SanicException)
    async def other_http_error(request, exception):
        return json_error(exception.status_code, "http_error", str(exception))

    @app.exception(*DATABASE_DOWN)
    async def store_unavailable(request, exception):
        logger.warning("database unavailable on %s: %s", request.path, type(exception).__name__)
        return json_error(503, "unavailable", notices.STORE_UNAVAILABLE)

    @app.exception(Exception)
    async def unexpected(request, exception):
        logger.exception("unexpected error on %s", request.path)
        return json_error(500, "internal", notices.INTERNAL_ERROR)


def _install_telegram(app: Sanic, settings: Settings, router: Router) -> None:
    """Telegram runs in the gateway's own loop when TELEGRAM_BOT_TOKEN is set."""
    app.ctx.telegram = None
    if not settings.telegram.enabled:
        return
    from bot.telegram.channel import TelegramChannel  # only imported when Telegram is on

    @app.after_server_start
    async def start_telegram(app, loop):
        app.ctx.telegram = TelegramChannel(settings.telegram, router,
                                           HallFinder(settings.govapi_url, settings.govapi_api_key))
        app.ctx.telegram.start_in_background()

    @app.before_server_stop
    async def stop_telegram(app, loop):
        if app.ctx.telegram:
            await app.ctx.telegram.stop()


def create_app(settings: Settings) -> Sanic:
    app = Sanic("tongban_gateway")
    app.config.REQUEST_MAX_SIZE = REQUEST_MAX_BYTES
    app.config.FALLBACK_ERROR_FORMAT = "json"
    engine = make_engine(settings.database_url)
    upgrade_to_head(engine)
    app.ctx.store = MessageStore(engine)
    rasa = RasaClient(settings.rasa_url, settings.rasa_timeout_s, settings.rasa_token)
    router = app.ctx.router = Router(rasa, app.ctx.store, settings.max_message_chars,
                                     lease_s=LEASE_PER_RASA_TIMEOUT * settings.rasa_timeout_s)
    install_desk(app, settings, engine, router)
    erasure = app.ctx.erasure = Erasure(router, engine, rasa, settings.retention_days)
    app.ctx.elder_mode = ElderMode(router, app.ctx.store)   # last: dresses the answers the others left

    @app.before_server_start
    async def open_clients(app, loop):
        await rasa.start()

    @app.after_server_start
    async def start_loops(app, loop):
        app.ctx.loops = [loop.create_task(router.run_retry_loop(settings.retry_interval_s)),
                         loop.create_task(erasure.run_daily())]

    @app.before_server_stop
    async def stop_loops(app, loop):
        for task in app.ctx.loops:
            task.cancel()

    @app.after_server_stop
    async def close_clients(app, loop):
        await rasa.close()
        engine.dispose()

    @app.get("/health")
    async def health(request):
        return response.json({"status": "ok"})

    _install_telegram(app, settings, router)
    install_wechat(app, settings, engine, router)
    install_notifications(app, engine, router)
    app.blueprint(webchat)
    app.blueprint(telegram_webhook)
    _install_error_handlers(app)
    return app
