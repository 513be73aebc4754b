"""The routes every desk screen shares: logging in and out, who is logged in, the live event stream
(SSE), and the console page with its scripts."""
import asyncio

from sanic import Blueprint, Request, response
from sanic.exceptions import InvalidUsage

from bot.desk.http import ALL_ROLES, COOKIE, STATIC_DIR, BadCredentials, json_body, requires, session_token
from bot.desk.teams import REASON_LABELS, TEAMS
from bot.store import in_thread

session_routes = Blueprint("desk")


@session_routes.post("/api/desk/login")
async def login(request: Request):
    body = json_body(request)
    username, password = body.get("username"), body.get("password")
    if not isinstance(username, str) or not isinstance(password, str) or len(password) > 1024:
        raise InvalidUsage("username and password must be strings")
    accounts = request.app.ctx.desk_accounts
    token = await in_thread(accounts.log_in, username.strip(), password)
    if token is None:
        raise BadCredentials("用户名或密码错误。\nWrong username or password.")
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


@session_routes.post("/api/desk/logout")
@requires(*ALL_ROLES, "analyst")
async def logout(request: Request):
    await in_thread(request.app.ctx.desk_accounts.log_out, session_token(request))
    answer = response.json({"ok": True})
    del answer.cookies[COOKIE]
    return answer


@session_routes.get("/api/desk/me")
@requires(*ALL_ROLES, "analyst")
async def me(request: Request):
    return response.json({"staff": request.ctx.staff.__dict__, "teams": TEAMS, "reasons": REASON_LABELS},
                         ensure_ascii=False)


@session_routes.get("/api/desk/events")
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
                if await in_thread(request.app.ctx.desk_accounts.staff_for, session_token(request)) is None:
                    await stream.send("event: logged_out\ndata: {}\n\n")
                    break  # the session expired or was ended while the console listened
                event = ": keep-alive\n\n"
            await stream.send(event)
    finally:
        hub.unsubscribe(queue)


@session_routes.get("/desk")
async def console(request: Request):
    return await response.file(STATIC_DIR / "desk.html")


session_routes.static("/desk/static", str(STATIC_DIR), name="desk_static")
