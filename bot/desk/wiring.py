"""Puts the desk into the gateway: its tables, the plumbing its screens share (accounts, the live
event hub, the error answers), the hotline, the trainers' curation and the analytics routes."""
from datetime import timedelta

from sanic import Sanic
from sqlalchemy.engine import Engine

from analytics.wiring import install_analytics
from bot.config import Settings
from bot.desk.accounts import Accounts
from bot.desk.curation_feed import TrainerFeed
from bot.desk.curation_routes import curation_routes
from bot.desk.database import upgrade_desk_to_head
from bot.desk.events import EventHub
from bot.desk.hotline.handoffs import HandOffs
from bot.desk.hotline.hours import WorkingHours
from bot.desk.hotline.links import LinkStore
from bot.desk.hotline.routes import hotline_routes
from bot.desk.hotline.staff_actions import StaffActions
from bot.desk.hotline.tickets import TicketStore
from bot.desk.hotline.transcripts import Transcripts
from bot.desk.http import install_error_answers
from bot.desk.matters import domain_entities, domain_intents
from bot.desk.session_routes import session_routes
from bot.desk.settings import DeskSettings
from bot.router import Router
from curation.inbox import CurationInbox


def install_desk(app: Sanic, settings: Settings, engine: Engine, router: Router) -> None:
    desk_settings = app.ctx.desk_settings = DeskSettings.from_env()
    upgrade_desk_to_head(engine)
    app.ctx.desk_accounts = Accounts(engine, desk_settings.session_hours)
    app.ctx.desk_hub = EventHub(settings.redis_url)
    app.ctx.desk_matters = domain_intents()
    app.ctx.desk_entity_types = domain_entities()
    handoffs = _install_hotline(app, engine, router)
    _install_curation(app, engine, router, handoffs)

    @app.before_server_start
    async def open_desk(app, loop):
        await app.ctx.desk_hub.start()
        await loop.run_in_executor(None, app.ctx.desk_accounts.drop_expired_sessions)

    @app.after_server_stop
    async def close_desk(app, loop):
        await app.ctx.desk_hub.close()

    install_error_answers(app)
    app.blueprint(session_routes)
    app.blueprint(hotline_routes)
    app.blueprint(curation_routes)
    install_analytics(app, engine, router, app.ctx.desk_actions)


def _install_hotline(app: Sanic, engine: Engine, router: Router) -> HandOffs:
    """Tickets and links; hand-offs heard from the router; staff actions and transcripts for the routes."""
    desk_settings, hub, rasa = app.ctx.desk_settings, app.ctx.desk_hub, router.rasa
    tickets = app.ctx.desk_tickets = TicketStore(engine)
    links = app.ctx.desk_links = LinkStore(engine)
    hours = app.ctx.desk_hours = WorkingHours(desk_settings.hours, desk_settings.timezone)
    app.ctx.desk_link_lifetime = timedelta(minutes=desk_settings.link_minutes)
    handoffs = HandOffs(router, router.store, tickets, links, rasa, hours, hub)
    app.ctx.desk_actions = StaffActions(router, router.store, tickets, rasa, handoffs, hub)
    app.ctx.desk_transcripts = Transcripts(router.store, tickets, links, rasa)
    return handoffs


def _install_curation(app: Sanic, engine: Engine, router: Router, handoffs: HandOffs) -> None:
    """The trainers' inbox, fed by what Rasa understood and by hand-offs."""
    app.ctx.desk_inbox = CurationInbox(engine)
    trainers = app.ctx.desk_trainers = TrainerFeed(app.ctx.desk_inbox, router.store, app.ctx.desk_hub,
                                                   app.ctx.desk_settings.curation_threshold)
    router.on_understood(trainers.on_understood)
    handoffs.handoff_listeners.append(trainers.on_handoff)
