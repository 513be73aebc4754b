"""The hotline's HTTP API: queues, tickets and the staff actions on them, transcripts, the
supervisors' figures, and phone → chat links."""
from typing import Any

from sanic import Blueprint, Request
from sanic.exceptions import InvalidUsage

from bot.desk.errors import Missing
from bot.desk.hotline.links import TOKEN_LENGTH
from bot.desk.hotline.staff_actions import existing_ticket
from bot.desk.http import ALL_ROLES, MAX_TEXT_CHARS, STAFF_ROLES, json_answer, json_body, requires, text_field
from bot.desk.matters import is_known_matter
from bot.desk.teams import TEAMS
from bot.store import in_thread
from bot.webchat import SENDER_PATTERN

hotline_routes = Blueprint("desk_hotline")


def _team(value: Any, field: str = "team") -> str:
    if value not in TEAMS:
        raise InvalidUsage(f"{field} must be one of {', '.join(TEAMS)}")
    return value


def _matter(request: Request, value) -> str:
    if not is_known_matter(value, request.app.ctx.desk_matters):
        raise InvalidUsage("unknown matter (intent)")
    return value


def _conversation_id(value) -> str:
    if not isinstance(value, str) or ":" not in value or not SENDER_PATTERN.match(value.split(":", 1)[1]):
        raise InvalidUsage("conversation_id must be like web:<sender>, tg:<chat id> or wx:<openid>")
    return value


def _actions(request: Request):
    return request.app.ctx.desk_actions


async def _usernames(request: Request) -> dict[int, str]:
    return await in_thread(request.app.ctx.desk_accounts.usernames)


# --- queues and tickets -------------------------------------------------------------------

@hotline_routes.get("/api/desk/queues")
@requires(*STAFF_ROLES)
async def queues(request: Request):
    tickets = await in_thread(request.app.ctx.desk_tickets.unresolved)
    usernames = await _usernames(request)
    for ticket in tickets:
        ticket["claimed_by_name"] = usernames.get(ticket["claimed_by"])
    return json_answer({"teams": TEAMS, "tickets": tickets})


@hotline_routes.post("/api/desk/tickets")
@requires(*STAFF_ROLES)
async def open_ticket(request: Request):
    body = json_body(request)
    topic = _team(body.get("topic", "general"), "topic")
    ticket = await _actions(request).open_by_staff(_conversation_id(body.get("conversation_id")), topic,
                                                   request.ctx.staff)
    return json_answer(ticket, status=201)


@hotline_routes.get("/api/desk/tickets/<ticket_id:int>")
@requires(*ALL_ROLES)
async def ticket_detail(request: Request, ticket_id: int):
    ticket = await existing_ticket(request.app.ctx.desk_tickets, ticket_id)
    transcript = await request.app.ctx.desk_transcripts.transcript(ticket["conversation_id"],
                                                                    await _usernames(request))
    return json_answer({"ticket": ticket, **transcript})


@hotline_routes.get("/api/desk/conversations/<conversation_id:str>")
@requires(*ALL_ROLES)
async def conversation_detail(request: Request, conversation_id: str):
    conversation_id = _conversation_id(conversation_id)
    transcripts = request.app.ctx.desk_transcripts
    await transcripts.ensure_readable(request.ctx.staff, conversation_id)
    transcript = await transcripts.transcript(conversation_id, await _usernames(request))
    if transcript["conversation"] is None:
        raise Missing("no such conversation")
    return json_answer(transcript)


@hotline_routes.post("/api/desk/tickets/<ticket_id:int>/claim")
@requires(*STAFF_ROLES)
async def claim(request: Request, ticket_id: int):
    return json_answer(await _actions(request).claim(ticket_id, request.ctx.staff))


@hotline_routes.post("/api/desk/tickets/<ticket_id:int>/reply")
@requires(*STAFF_ROLES)
async def reply(request: Request, ticket_id: int):
    text = text_field(json_body(request))
    return json_answer(await _actions(request).reply(ticket_id, request.ctx.staff, text))


@hotline_routes.post("/api/desk/tickets/<ticket_id:int>/notes")
@requires(*STAFF_ROLES)
async def note(request: Request, ticket_id: int):
    text = text_field(json_body(request))
    return json_answer(await _actions(request).note(ticket_id, request.ctx.staff, text), status=201)


@hotline_routes.post("/api/desk/tickets/<ticket_id:int>/transfer")
@requires(*STAFF_ROLES)
async def transfer(request: Request, ticket_id: int):
    team = _team(json_body(request).get("team"))
    return json_answer(await _actions(request).transfer(ticket_id, request.ctx.staff, team))


@hotline_routes.post("/api/desk/tickets/<ticket_id:int>/resolve")
@requires(*STAFF_ROLES)
async def resolve(request: Request, ticket_id: int):
    return json_answer(await _actions(request).resolve(ticket_id, request.ctx.staff))


@hotline_routes.post("/api/desk/tickets/<ticket_id:int>/hand-back")
@requires(*STAFF_ROLES)
async def hand_back(request: Request, ticket_id: int):
    intent = _matter(request, json_body(request).get("intent"))
    return json_answer(await _actions(request).hand_back(ticket_id, request.ctx.staff, intent))


@hotline_routes.get("/api/desk/stats")
@requires("supervisor")
async def stats(request: Request):
    day_start = request.app.ctx.desk_hours.day_start()
    teams = await in_thread(request.app.ctx.desk_tickets.stats, day_start)
    totals = {key: sum(team[key] for team in teams.values())
              for key in ("waiting", "active", "callback", "handled_today")}
    return json_answer({"teams": teams, "totals": totals, "names": TEAMS})


# --- phone → chat links -------------------------------------------------------------------

async def _telegram_username(request: Request) -> str:
    configured = request.app.ctx.desk_settings.telegram_bot_username
    if configured:
        return configured
    telegram = getattr(request.app.ctx, "telegram", None)
    if telegram is not None and telegram.ready.is_set():
        return telegram.application.bot.username or ""
    return ""


@hotline_routes.post("/api/desk/links")
@requires(*STAFF_ROLES)
async def create_link(request: Request):
    body = json_body(request)
    matter = _matter(request, body.get("matter"))
    note = body.get("note") or ""
    if not isinstance(note, str) or len(note) > MAX_TEXT_CHARS:
        raise InvalidUsage(f"note must be a string of at most {MAX_TEXT_CHARS} characters")
    token, link = await in_thread(request.app.ctx.desk_links.create, matter, note.strip(), request.ctx.staff.id,
                                  request.app.ctx.desk_link_lifetime)
    base = request.app.ctx.desk_settings.public_url or f"{request.scheme}://{request.host}"
    bot_username = await _telegram_username(request)
    # a caller in WeChat sends the token to the official account
    wechat_message = token if getattr(request.app.ctx, "wechat", None) is not None else None
    return json_answer({"token": token, "link": link, "web_url": f"{base}/?handoff={token}",
                  "telegram_url": f"https://t.me/{bot_username}?start={token}" if bot_username else None,
                  "wechat_message": wechat_message}, status=201)


@hotline_routes.get("/api/desk/links")
@requires(*STAFF_ROLES)
async def my_links(request: Request):
    links = await in_thread(request.app.ctx.desk_links.created_by, request.ctx.staff.id)
    return json_answer({"links": links, "token_length": TOKEN_LENGTH})
