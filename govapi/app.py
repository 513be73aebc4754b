"""The Sanic application: configuration, per-worker database engine, API-key check, access log."""
from __future__ import annotations

import json
import logging
import re
import time
from pathlib import Path

import yaml
from sanic import Sanic

from govapi import catalogue
from govapi.config import Settings
from govapi.db import make_engine, make_session_factory
from govapi.delivery import Delivery
from govapi.errors import handle_exception
from govapi.identity import check_api_key
from govapi.routes import (
    applications,
    appointments,
    auth,
    complaints,
    housing_fund,
    me,
    medical,
    social_security,
    system,
)
from govapi.routes import catalogue as catalogue_routes
from govapi.routes import notifications as notification_routes

OPENAPI_FILE = Path(__file__).with_name("openapi.yaml")
MAX_BODY_BYTES = 64 * 1024
BLUEPRINTS = (system.bp, auth.bp, catalogue_routes.bp, appointments.bp, me.bp, social_security.bp, medical.bp,
              housing_fund.bp, applications.bp, complaints.bp, notification_routes.bp)

access_log = logging.getLogger("govapi.access")
# phone numbers (11 digits) and ID numbers (18 characters) a client may have put into a path
PERSONAL_NUMBER = re.compile(r"(?<![0-9])([0-9]{11}|[0-9]{17}[0-9Xx])(?![0-9])")


def loggable_path(path: str) -> str:
    return PERSONAL_NUMBER.sub("***", path)


def load_openapi() -> dict:
    return yaml.safe_load(OPENAPI_FILE.read_text(encoding="utf-8"))


def create_app(settings: Settings, name: str = "govapi") -> Sanic:
    app = Sanic(name)
    app.config.REQUEST_MAX_SIZE = MAX_BODY_BYTES
    app.config.FALLBACK_ERROR_FORMAT = "json"
    app.ctx.settings = settings
    app.ctx.openapi_bytes = json.dumps(load_openapi(), ensure_ascii=False).encode()
    for blueprint in BLUEPRINTS:
        app.blueprint(blueprint)
    app.exception(Exception)(handle_exception)

    @app.before_server_start
    async def open_database(app, _loop):
        app.ctx.engine = make_engine(settings.database_url)
        app.ctx.sessions = make_session_factory(app.ctx.engine)
        app.ctx.catalogue = catalogue.load(app.ctx.engine)
        app.ctx.delivery = Delivery(settings, app.ctx.sessions)

    @app.after_server_start
    async def start_delivery(app, loop):
        app.ctx.delivery_task = loop.create_task(app.ctx.delivery.run()) if settings.notify_url else None

    @app.before_server_stop
    async def stop_delivery(app, _loop):
        if app.ctx.delivery_task:
            app.ctx.delivery_task.cancel()

    @app.after_server_stop
    async def close_database(app, _loop):
        app.ctx.engine.dispose()

    @app.on_request
    async def authenticate(request):
        request.ctx.started = time.perf_counter()
        if request.path.startswith("/v1/"):
            check_api_key(request)

    @app.on_response
    async def log_request(request, response):
        if settings.access_log:
            started = getattr(request.ctx, "started", time.perf_counter())
            # the path only, masked: query strings and odd paths may carry personal numbers
            access_log.info("%s %s %s %.1fms", request.method, loggable_path(request.path), response.status,
                            (time.perf_counter() - started) * 1000)

    return app
