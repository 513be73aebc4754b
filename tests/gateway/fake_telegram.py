"""A fake Telegram Bot API server for tests: queued updates served by long-polling
getUpdates, every call recorded, and 429/5xx answers on demand. It runs an aiohttp
server in a thread of its own, so synchronous tests can drive it."""
import asyncio
import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from tools.stack import free_port

BOT_USER = {"id": 777000111, "is_bot": True, "first_name": "Tongban", "username": "tongban_test_bot",
            "can_join_groups": False, "can_read_all_group_messages": False, "supports_inline_queries": False}
MAX_LONG_POLL_S = 2.0


@dataclass
class Call:
    method: str
    params: dict[str, Any]


def _decode(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return value


class FakeTelegram:
    def __init__(self, token: str = "123456:TEST-token") -> None:
        self.token = token
        self.port = free_port()
        self.calls: list[Call] = []
        self._lock = threading.Lock()
        self._updates: list[dict[str, Any]] = []
        self._failures: dict[str, list[dict[str, Any]]] = {}
        self._update_ids = itertools.count(1000)
        self._message_ids = itertools.count(1)
        self._loop = asyncio.new_event_loop()
        self._new_update: asyncio.Condition | None = None
        self._runner: web.AppRunner | None = None
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # --- server --------------------------------------------------------------------

    def start(self) -> "FakeTelegram":
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._serve(), self._loop).result(10)
        return self

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    async def _shutdown(self) -> None:
        await self._runner.cleanup()
        others = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
        for task in others:
            task.cancel()
        await asyncio.gather(*others, return_exceptions=True)

    async def _serve(self) -> None:
        self._new_update = asyncio.Condition()
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        method = request.match_info["method"]
        params = await self._params(request)
        with self._lock:
            self.calls.append(Call(method, params))
            queued = self._failures.get(method.lower())
            failure = queued.pop(0) if queued else None
        if failure:
            return web.json_response(failure["body"], status=failure["status"])
        if method.lower() == "getupdates":
            return self._ok(await self._get_updates(params))
        return self._ok(self._answer(method.lower(), params))

    @staticmethod
    async def _params(request: web.Request) -> dict[str, Any]:
        if request.content_type == "application/json":
            return await request.json()
        form = await request.post()
        return {key: _decode(value) if isinstance(value, str) else "<file>" for key, value in form.items()}

    @staticmethod
    def _ok(result: Any) -> web.Response:
        return web.json_response({"ok": True, "result": result})

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        wait = min(float(params.get("timeout") or 0), MAX_LONG_POLL_S)
        deadline = time.monotonic() + wait
        async with self._new_update:
            while True:
                with self._lock:
                    self._updates = [u for u in self._updates if u["update_id"] >= offset]
                    ready = list(self._updates)
                remaining = deadline - time.monotonic()
                if ready or remaining <= 0:
                    return ready
                try:
                    await asyncio.wait_for(self._new_update.wait(), remaining)
                except asyncio.TimeoutError:
                    pass

    def _message(self, chat_id: Any, **fields: Any) -> dict[str, Any]:
        return {"message_id": next(self._message_ids), "date": int(time.time()),
                "chat": {"id": int(chat_id), "type": "private"}, "from": BOT_USER, **fields}

    def _answer(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getme":
            return BOT_USER
        if method == "sendmessage":
            extra = {"reply_markup": params["reply_markup"]} if params.get("reply_markup") else {}
            return self._message(params["chat_id"], text=params.get("text", ""), **extra)
        if method == "sendphoto":
            photo = [{"file_id": "photo-1", "file_unique_id": "p1", "width": 90, "height": 90}]
            return self._message(params["chat_id"], photo=photo)
        if method == "editmessagereplymarkup":
            return self._message(params.get("chat_id", 1), text="(edited)")
        if method == "getwebhookinfo":
            return {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
        return True  # setWebhook, deleteWebhook, answerCallbackQuery, sendChatAction, …

    # --- what tests do -------------------------------------------------------------

    def fail_next(self, method: str, status: int, times: int = 1, retry_after: int = 1) -> None:
        """The next `times` calls of `method` get an error: 429 with retry_after, or a 5xx."""
        body = {"ok": False, "error_code": status, "description": "Too Many Requests" if status == 429
                else "Internal Server Error"}
        if status == 429:
            body["parameters"] = {"retry_after": retry_after}
        with self._lock:
            self._failures.setdefault(method.lower(), []).extend({"status": status, "body": body}
                                                                 for _ in range(times))

    def push(self, update: dict[str, Any]) -> dict[str, Any]:
        update = {"update_id": next(self._update_ids), **update}
        with self._lock:
            self._updates.append(update)

        async def notify():
            async with self._new_update:
                self._new_update.notify_all()
        asyncio.run_coroutine_threadsafe(notify(), self._loop).result(5)
        return update

    def push_message(self, chat_id: int, language_code: str = "zh-hans", edited: bool = False,
                     **content: Any) -> dict[str, Any]:
        return self.push({"edited_message" if edited else "message": citizen_message(
            chat_id, language_code, **content)})

    def push_text(self, chat_id: int, text: str, language_code: str = "zh-hans", **kwargs) -> dict[str, Any]:
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            command = text.split()[0]
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return self.push_message(chat_id, language_code, **content, **kwargs)

    def push_button(self, chat_id: int, sent: Call, data: str, language_code: str = "zh-hans") -> dict[str, Any]:
        """The citizen taps the button with callback `data` under the message the bot sent in `sent`."""
        message = self._message(chat_id, text=sent.params.get("text", ""),
                                reply_markup=sent.params.get("reply_markup"))
        query = {"id": str(next(self._update_ids)), "from": citizen(chat_id, language_code),
                 "chat_instance": f"ci{chat_id}", "data": data, "message": message}
        return self.push({"callback_query": query})

    def calls_of(self, method: str, chat_id: int | None = None) -> list[Call]:
        with self._lock:
            return [call for call in self.calls if call.method.lower() == method.lower()
                    and (chat_id is None or str(call.params.get("chat_id")) == str(chat_id))]

    def wait_for(self, predicate: Callable[[list[Call]], Any], timeout_s: float = 30) -> Any:
        """Waits until predicate(calls) is truthy; returns its value."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            with self._lock:
                calls = list(self.calls)
            found = predicate(calls)
            if found:
                return found
            time.sleep(0.1)
        recent = [(c.method, str(c.params.get("text", ""))[:60]) for c in self.calls
                  if c.method != "getUpdates"][-12:]
        raise AssertionError(f"timed out; latest calls: {recent}")

    def wait_for_texts(self, chat_id: int, count: int, after: int = 0, timeout_s: float = 30) -> list[Call]:
        """The first `count` sendMessage calls to chat_id after the first `after` ones."""
        return self.wait_for(lambda calls: (lambda sent: sent[after:after + count]
                                            if len(sent) >= after + count else None)(
            [c for c in calls if c.method == "sendMessage" and str(c.params.get("chat_id")) == str(chat_id)]),
            timeout_s)


def citizen(chat_id: int, language_code: str) -> dict[str, Any]:
    return {"id": chat_id, "is_bot": False, "first_name": "Citizen", "language_code": language_code}


def citizen_message(chat_id: int, language_code: str, **content: Any) -> dict[str, Any]:
    return {"message_id": int(time.time() * 1000) % 10_000_000, "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private", "first_name": "Citizen"},
            "from": citizen(chat_id, language_code), **content}
