"""Puts the desk into the gateway: its tables, stores, Rasa API client, router hooks and routes."""
from datetime import timedelta

from sanic import Sanic
from sqlalchemy.engine import Engine

from bot.config import Settings
from bot.desk.accounts import Accounts
from bot.desk.api import desk_api
from curation.inbox import CurationInbox
from bot.desk.curation_api import curation_api
from bot.desk.database import upgrade_desk_to_head
from bot.desk.events import EventHub
from bot.desk.hours import WorkingHours
from bot.desk.links import LinkStore
from bot.desk.matters import domain_entities, domain_intents
from bot.desk.rasa_api import RasaApi
from bot.desk.service import Desk
from bot.desk.settings import DeskSettings
from bot.desk.tickets import TicketStore
from curation.feed import TrainerFeed
from bot.router import Router
from analytics.wiring import install_analytics


def install_desk(app: Sanic, settings: Settings, engine: Engine, router: Router) -> None:
    desk_settings = app.ctx.desk_settings = DeskSettings.from_env()
    upgrade_desk_to_head(engine)
    rasa = RasaApi(settings.rasa_url, settings.rasa_token, settings.rasa_timeout_s)
    app.ctx.desk_accounts = Accounts(engine, desk_settings.session_hours)
    app.ctx.desk_hub = EventHub(settings.redis_url)
    app.ctx.desk_matters = domain_intents()
    app.ctx.desk_entity_types = domain_entities()
    app.ctx.desk_link_lifetime = timedelta(minutes=desk_settings.link_minutes)
    app.ctx.desk = Desk(router, router.store, TicketStore(engine), LinkStore(engine), rasa,
                        WorkingHours(desk_settings.hours, desk_settings.timezone), app.ctx.desk_hub)
    app.ctx.desk_inbox = CurationInbox(engine)
    trainers = app.ctx.desk_trainers = TrainerFeed(app.ctx.desk_inbox, router.store, app.ctx.desk_hub,
                                                   desk_settings.curation_threshold)
    router.on_understood(trainers.on_understood)
    app.ctx.desk.handoff_listeners.append(trainers.on_handoff)

    @app.before_server_start
    async def open_desk_client(app, loop):
        await rasa.start()
        await app.ctx.desk_hub.start()
        await loop.run_in_executor(None, app.ctx.desk_accounts.drop_expired_sessions)

    @app.after_server_stop
    async def close_desk_client(app, loop):
        await rasa.close()
        await app.ctx.desk_hub.close()

    app.blueprint(desk_api)
    app.blueprint(curation_api)
    install_analytics(app, engine, router, app.ctx.desk)
