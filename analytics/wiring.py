"""Puts the analytics into the gateway: the satisfaction questions, the reading of the embedded
tracker store (ANALYTICS_SOURCE=tracker) and the desk's dashboard routes."""
from sanic import Sanic
from sqlalchemy.engine import Engine

from analytics.metrics import Metrics
from analytics.ratings import RatingStore
from analytics.recorder import EventRecorder
from analytics.satisfaction import Satisfaction
from analytics.settings import AnalyticsSettings
from analytics.sources import TrackerPoller


def install_analytics(app: Sanic, engine: Engine, router, staff_actions) -> None:
    settings = app.ctx.analytics_settings = AnalyticsSettings.from_env()
    app.ctx.analytics_metrics = Metrics(engine, settings.timezone)
    satisfaction = app.ctx.satisfaction = Satisfaction(router, RatingStore(engine, settings.timezone))
    staff_actions.resolved_listeners.append(satisfaction.on_resolved)
    app.ctx.analytics_poller = None
    if settings.source == "tracker":
        app.ctx.analytics_poller = TrackerPoller(settings.tracker_db, EventRecorder(engine, settings.timezone))

    @app.after_server_start
    async def start_reading_events(app, loop):
        if app.ctx.analytics_poller is not None:
            app.ctx.analytics_task = loop.create_task(app.ctx.analytics_poller.run(settings.poll_s))

    @app.before_server_stop
    async def stop_reading_events(app, loop):
        if app.ctx.analytics_poller is not None:
            app.ctx.analytics_task.cancel()
            app.ctx.analytics_poller.close()

    from bot.desk.analytics_routes import analytics_routes  # routes need the desk's blueprint first
    app.blueprint(analytics_routes)
