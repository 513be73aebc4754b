"""The desk's HTTP API (/api/desk/...) and console page (/desk). Every API call needs a session
(cookie `desk_session` or `Authorization: Bearer`) of a role allowed to make it: 401 / 403 otherwise."""
import asyncio
from functools import wraps
from pathlib import Path
from typing import Any, Dict

from sanic import Blueprint, Request, response
from sanic.exceptions import InvalidUsage

from bot.desk.links import TOKEN_LENGTH
from bot.desk.matters import is_known_matter
from bot.desk.service import DeskError
from bot.desk.teams import REASON_LABELS, TEAMS
from bot.store import in_thread
from bot.webchat import SENDER_PATTERN

STATIC_DIR = Path(__file__).parent / "static"
COOKIE = "desk_session"
MAX_TEXT_CHARS = 2000
STAFF_ROLES = ("agent", "supervisor")
ALL_ROLES = ("agent", "supervisor", "trainer")     # roles that may read transcripts
ANALYTICS_ROLES = ("supervisor", "analyst")

desk_api = Blueprint("desk")


def _error(status: int, code: str, message: str):
    return response.json({"error": {"code": code, "message": message}}, status=status, ensure_ascii=False)


@desk_api.exception(DeskError)
async def desk_error(request, exception: DeskError):
    return _error(exception.status, "desk", str(exception))


def _token(request: Request) -> str:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return request.cookies.get(COOKIE, "")


def requires(*roles: str):
    """Lets the handler run for a live session of one of the roles; puts the staff member on request.ctx."""
    def decorate(handler):
        @wraps(handler)
        async def guarded(request: Request, *args, **kwargs):
            staff = await in_thread(request.app.ctx.desk_accounts.staff_for, _token(request))
            if staff is None:
                return _error(401, "unauthenticated", "请先登录。\nPlease log in.")
            if staff.role not in roles:
                return _error(403, "forbidden", "无权进行此操作。\nYour role may not do this.")
            request.ctx.staff = staff
            return await handler(request, *args, **kwargs)
        return guarded
    return decorate


def _body(request: Request) -> Dict[str, Any]:
    body = request.json
    if not isinstance(body, dict):
        raise InvalidUsage("body must be a JSON object")
    return body


def _text(body: Dict[str, Any], field: str = "text") -> str:
    value = body.get(field)
    if not isinstance(value, str) or not value.strip():
        raise InvalidUsage(f"{field} must be a non-empty string")
    if len(value) > MAX_TEXT_CHARS:
        raise InvalidUsage(f"{field} must have at most {MAX_TEXT_CHARS} characters")
    return value.strip()


def _team(body: Dict[str, Any]) -> str:
    team = body.get("team")
    if team not in TEAMS:
        raise InvalidUsage(f"team must be one of {', '.join(TEAMS)}")
    return team


def _matter(request: Request, value) -> str:
    if not is_known_matter(value, request.app.ctx.desk_matters):
        raise InvalidUsage("unknown matter (intent)")
    return value


def _conversation_id(value) -> str:
    if not isinstance(value, str) or ":" not in value or not SENDER_PATTERN.match(value.split(":", 1)[1]):
        raise InvalidUsage("conversation_id must be like web:<sender>, tg:<chat id> or wx:<openid>")
    return value


def _desk(request: Request):
    return request.app.ctx.desk


# --- sessions -------------------------------------------------------------------------

@desk_api.post("/api/desk/login")
async def login(request: Request):
    body = _body(request)
    username, password = body.get("username"), body.get("password")
    if not isinstance(username, str) or not isinstance(password, str) or len(password) > 1024:
        raise InvalidUsage("username and password must be strings")
    accounts = request.app.ctx.desk_accounts
    token = await in_thread(accounts.log_in, username.strip(), password)
    if token is None:
        return _error(401, "bad_credentials", "用户名或密码错误。\nWrong username or password.")
    staff = await in_thread(accounts.staff_for, token)
    # The token travels only in the HttpOnly cookie: page scripts never see it.
    answer = response.json({"staff": staff.__dict__}, ensure_ascii=False)
    answer.cookies[COOKIE] = token
    answer.cookies[COOKIE]["httponly"] = True
    answer.cookies[COOKIE]["samesite"] = "Strict"
    answer.cookies[COOKIE]["secure"] = request.scheme == "https"
    answer.cookies[COOKIE]["path"] = "/"
    answer.cookies[COOKIE]["max-age"] = int(accounts.session_lifetime.total_seconds())
    return answer


@desk_api.post("/api/desk/logout")
@requires(*ALL_ROLES, "analyst")
async def logout(request: Request):
    await in_thread(request.app.ctx.desk_accounts.log_out, _token(request))
    answer = response.json({"ok": True})
    del answer.cookies[COOKIE]
    return answer


@desk_api.get("/api/desk/me")
@requires(*ALL_ROLES, "analyst")
async def me(request: Request):
    return response.json({"staff": request.ctx.staff.__dict__, "teams": TEAMS, "reasons": REASON_LABELS},
                         ensure_ascii=False)


# --- queues and tickets -------------------------------------------------------------------

@desk_api.get("/api/desk/queues")
@requires(*STAFF_ROLES)
async def queues(request: Request):
    tickets = await in_thread(_desk(request).tickets.unresolved)
    usernames = await in_thread(request.app.ctx.desk_accounts.usernames)
    for ticket in tickets:
        ticket["claimed_by_name"] = usernames.get(ticket["claimed_by"])
    return response.json({"teams": TEAMS, "tickets": tickets}, ensure_ascii=False)


@desk_api.post("/api/desk/tickets")
@requires(*STAFF_ROLES)
async def open_ticket(request: Request):
    body = _body(request)
    topic = body.get("topic", "general")
    if topic not in TEAMS:
        raise InvalidUsage(f"topic must be one of {', '.join(TEAMS)}")
    ticket = await _desk(request).open_by_staff(_conversation_id(body.get("conversation_id")), topic,
                                                request.ctx.staff)
    return response.json(ticket, status=201, ensure_ascii=False)


@desk_api.get("/api/desk/tickets/<ticket_id:int>")
@requires(*ALL_ROLES)
async def ticket_detail(request: Request, ticket_id: int):
    ticket = await in_thread(_desk(request).tickets.get, ticket_id)
    if ticket is None:
        raise DeskError(404, "no such ticket")
    usernames = await in_thread(request.app.ctx.desk_accounts.usernames)
    transcript = await _desk(request).transcript(ticket["conversation_id"], usernames)
    return response.json({"ticket": ticket, **transcript}, ensure_ascii=False)


async def _may_read(request: Request, conversation_id: str) -> None:
    """Agents read conversations that came to the desk or that they sent a link into."""
    staff, desk = request.ctx.staff, _desk(request)
    if staff.role != "agent" or await in_thread(desk.tickets.tickets_of, conversation_id):
        return
    if not await in_thread(desk.links.followed_by, staff.id, conversation_id):
        raise DeskError(403, "this conversation never came to the desk")


@desk_api.get("/api/desk/conversations/<conversation_id:str>")
@requires(*ALL_ROLES)
async def conversation_detail(request: Request, conversation_id: str):
    conversation_id = _conversation_id(conversation_id)
    await _may_read(request, conversation_id)
    usernames = await in_thread(request.app.ctx.desk_accounts.usernames)
    transcript = await _desk(request).transcript(conversation_id, usernames)
    if transcript["conversation"] is None:
        raise DeskError(404, "no such conversation")
    return response.json(transcript, ensure_ascii=False)


@desk_api.post("/api/desk/tickets/<ticket_id:int>/claim")
@requires(*STAFF_ROLES)
async def claim(request: Request, ticket_id: int):
    return response.json(await _desk(request).claim(ticket_id, request.ctx.staff), ensure_ascii=False)


@desk_api.post("/api/desk/tickets/<ticket_id:int>/reply")
@requires(*STAFF_ROLES)
async def reply(request: Request, ticket_id: int):
    text = _text(_body(request))
    return response.json(await _desk(request).reply(ticket_id, request.ctx.staff, text), ensure_ascii=False)


@desk_api.post("/api/desk/tickets/<ticket_id:int>/notes")
@requires(*STAFF_ROLES)
async def note(request: Request, ticket_id: int):
    text = _text(_body(request))
    return response.json(await _desk(request).note(ticket_id, request.ctx.staff, text), status=201,
                         ensure_ascii=False)


@desk_api.post("/api/desk/tickets/<ticket_id:int>/transfer")
@requires(*STAFF_ROLES)
async def transfer(request: Request, ticket_id: int):
    team = _team(_body(request))
    return response.json(await _desk(request).transfer(ticket_id, request.ctx.staff, team), ensure_ascii=False)


@desk_api.post("/api/desk/tickets/<ticket_id:int>/resolve")
@requires(*STAFF_ROLES)
async def resolve(request: Request, ticket_id: int):
    return response.json(await _desk(request).resolve(ticket_id, request.ctx.staff), ensure_ascii=False)


@desk_api.post("/api/desk/tickets/<ticket_id:int>/hand-back")
@requires(*STAFF_ROLES)
async def hand_back(request: Request, ticket_id: int):
    intent = _matter(request, _body(request).get("intent"))
    return response.json(await _desk(request).hand_back(ticket_id, request.ctx.staff, intent), ensure_ascii=False)


@desk_api.get("/api/desk/stats")
@requires("supervisor")
async def stats(request: Request):
    desk = _desk(request)
    teams = await in_thread(desk.tickets.stats, desk.day_start())
    totals = {key: sum(team[key] for team in teams.values())
              for key in ("waiting", "active", "callback", "handled_today")}
    return response.json({"teams": teams, "totals": totals, "names": TEAMS}, ensure_ascii=False)


# --- phone → chat links -------------------------------------------------------------------

async def _telegram_username(request: Request) -> str:
    configured = request.app.ctx.desk_settings.telegram_bot_username
    if configured:
        return configured
    telegram = getattr(request.app.ctx, "telegram", None)
    if telegram is not None and telegram.ready.is_set():
        return telegram.application.bot.username or ""
    return ""


@desk_api.post("/api/desk/links")
@requires(*STAFF_ROLES)
async def create_link(request: Request):
    body = _body(request)
    matter = _matter(request, body.get("matter"))
    note = body.get("note") or ""
    if not isinstance(note, str) or len(note) > MAX_TEXT_CHARS:
        raise InvalidUsage(f"note must be a string of at most {MAX_TEXT_CHARS} characters")
    settings = request.app.ctx.desk_settings
    token, link = await in_thread(_desk(request).links.create, matter, note.strip(), request.ctx.staff.id,
                                  request.app.ctx.desk_link_lifetime)
    base = settings.public_url or f"{request.scheme}://{request.host}"
    bot_username = await _telegram_username(request)
    # a caller in WeChat sends the token to the official account
    wechat_message = token if getattr(request.app.ctx, "wechat", None) is not None else None
    return response.json({"token": token, "link": link, "web_url": f"{base}/?handoff={token}",
                          "telegram_url": f"https://t.me/{bot_username}?start={token}" if bot_username else None,
                          "wechat_message": wechat_message},
                         status=201, ensure_ascii=False)


@desk_api.get("/api/desk/links")
@requires(*STAFF_ROLES)
async def my_links(request: Request):
    links = await in_thread(_desk(request).links.created_by, request.ctx.staff.id)
    return response.json({"links": links, "token_length": TOKEN_LENGTH}, ensure_ascii=False)


# --- live events ----------------------------------------------------------------------------

@desk_api.get("/api/desk/events")
@requires(*ALL_ROLES)
async def events(request: Request):
    hub = request.app.ctx.desk_hub
    keep_alive_s = request.app.ctx.desk_settings.sse_keep_alive_s
    queue = hub.subscribe()
    try:
        stream = await request.respond(content_type="text/event-stream; charset=utf-8",
                                       headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
        await stream.send("retry: 1000\nevent: hello\ndata: {}\n\n")
        while True:
            try:
                event = await asyncio.wait_for(queue.get(), keep_alive_s)
            except asyncio.TimeoutError:
                if await in_thread(request.app.ctx.desk_accounts.staff_for, _token(request)) is None:
                    await stream.send("event: logged_out\ndata: {}\n\n")
                    break  # the session expired or was ended while the console listened
                event = ": keep-alive\n\n"
            await stream.send(event)
    finally:
        hub.unsubscribe(queue)


# --- the console page ---------------------------------------------------------------------

@desk_api.get("/desk")
async def console(request: Request):
    return await response.file(STATIC_DIR / "desk.html")


desk_api.static("/desk/static", str(STATIC_DIR), name="desk_static")
