"""The desk's HTTP plumbing, shared by all its routes: who may call (sessions and roles), reading
JSON bodies, and the one mapping of what cannot be done to HTTP answers."""
from functools import wraps
from pathlib import Path
from typing import Any

from sanic import Request, Sanic, response
from sanic.exceptions import InvalidUsage

from bot.desk.errors import Missing, NotAllowed, RasaRefused, StateConflict
from bot.http_errors import json_error
from bot.store import in_thread
from curation.inbox import CurationError, NotFlaggable, UnknownMessage

STATIC_DIR = Path(__file__).parent / "static"
COOKIE = "desk_session"
MAX_TEXT_CHARS = 2000
STAFF_ROLES = ("agent", "supervisor")
ALL_ROLES = ("agent", "supervisor", "trainer")     # roles that may read transcripts
ANALYTICS_ROLES = ("supervisor", "analyst")
CURATION_ROLES = ("trainer", "supervisor")


class NotLoggedIn(Exception):
    """No live session came with the request."""


class RoleRefused(Exception):
    """The session's role may not make this request."""


class BadCredentials(Exception):
    """A log-in with a wrong username or password."""


# What cannot be done → (HTTP status, error code); an exception answers as its nearest listed class.
ANSWERS: dict[type, tuple[int, str]] = {
    NotLoggedIn: (401, "unauthenticated"),
    BadCredentials: (401, "bad_credentials"),
    RoleRefused: (403, "forbidden"),
    Missing: (404, "desk"),
    NotAllowed: (403, "desk"),
    StateConflict: (409, "desk"),
    RasaRefused: (502, "desk"),
    CurationError: (409, "curation"),
    UnknownMessage: (404, "curation"),
    NotFlaggable: (400, "curation"),
}


def install_error_answers(app: Sanic) -> None:
    @app.exception(*ANSWERS)
    async def refused(request: Request, exception: Exception):
        status, code = next(ANSWERS[kind] for kind in type(exception).__mro__ if kind in ANSWERS)
        return json_error(status, code, str(exception))


def session_token(request: Request) -> str:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return request.cookies.get(COOKIE, "")


def requires(*roles: str):
    """Lets the handler run for a live session of one of the roles; puts the staff member on request.ctx."""
    def decorate(handler):
        @wraps(handler)
        async def guarded(request: Request, *args, **kwargs):
            staff = await in_thread(request.app.ctx.desk_accounts.staff_for, session_token(request))
            if staff is None:
                raise NotLoggedIn("请先登录。\nPlease log in.")
            if staff.role not in roles:
                raise RoleRefused("无权进行此操作。\nYour role may not do this.")
            request.ctx.staff = staff
            return await handler(request, *args, **kwargs)
        return guarded
    return decorate


def json_answer(body: Any, status: int = 200) -> response.HTTPResponse:
    return response.json(body, status=status, ensure_ascii=False)


def json_body(request: Request) -> dict[str, Any]:
    body = request.json
    if not isinstance(body, dict):
        raise InvalidUsage("body must be a JSON object")
    return body


def text_field(body: dict[str, Any], field: str = "text") -> str:
    value = body.get(field)
    if not isinstance(value, str) or not value.strip():
        raise InvalidUsage(f"{field} must be a non-empty string")
    if len(value) > MAX_TEXT_CHARS:
        raise InvalidUsage(f"{field} must have at most {MAX_TEXT_CHARS} characters")
    return value.strip()
