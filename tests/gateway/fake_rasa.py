"""A stand-in for Rasa's REST channel and tracker API, so the gateway's own behaviour
can be tested fast: it answers "echo: <message>", offers buttons for "buttons",
an image for "image", a long text for "long", a confirmed erasure for "erase", a link button for "link",
elder mode's switch for /elder_mode{"elder_switch":"on"|"off"} (with its custom part, as Rasa sends it), answers
"slow:<seconds> …" after that many seconds, records the erase and purge calls, and can be
switched off (503)."""
import asyncio
import threading
from typing import Any

from aiohttp import web

from tools.stack import free_port

LONG_SENTENCE = "这是一个很长的回答中的一句话。"


def answer_for(message: str) -> list[dict[str, Any]]:
    if message == "buttons":
        return [{"recipient_id": "x", "text": "请选择 / Choose",
                 "buttons": [{"title": "社保", "payload": "/social_security_contributions"},
                             {"title": "很长的按钮", "payload": "/inform" + '{"case_number": "' + "9" * 80 + '"}'}]}]
    if message == "image":
        return [{"recipient_id": "x", "image": "https://example.org/map.png"},
                {"recipient_id": "x", "text": "地图 <map> & [办事指南](https://example.org/guide?a=1&b=2)"}]
    if message == "long":
        return [{"recipient_id": "x", "text": LONG_SENTENCE * 400}]
    if message == "erase":
        return [{"recipient_id": "x", "text": "您的聊天记录已删除。"},
                {"recipient_id": "x", "custom": {"erase_history": True}}]
    if message == "link":
        return [{"recipient_id": "x", "text": "在线办理 / Online",
                 "buttons": [{"title": "打开苏服办", "payload": "https://example.org/sfb"},
                             {"title": "预约", "payload": "/book_appointment"}]}]
    if message.startswith("/elder_mode"):
        on = '"on"' in message
        return [{"recipient_id": "x", "text": "长辈模式已打开。" if on else "已恢复普通模式。"},
                {"recipient_id": "x", "custom": {"elder_mode": on}}]
    return [{"recipient_id": "x", "text": f"echo: {message}"}]


class FakeRasa:
    def __init__(self) -> None:
        self.port = free_port()
        self.up = True
        self.received: list[dict[str, Any]] = []
        self.last_by_sender: dict[str, str] = {}
        self.erased: list[str] = []
        self.purged: list[float] = []
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._runner = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "FakeRasa":
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
        app = web.Application()
        app.router.add_post("/webhooks/rest/webhook", self._webhook)
        app.router.add_get("/conversations/{sender}/tracker", self._tracker)
        app.router.add_delete("/webhooks/rest/conversations/{sender}", self._erase)
        app.router.add_post("/webhooks/rest/purge", self._purge)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    async def _webhook(self, request: web.Request) -> web.Response:
        if not self.up:
            return web.json_response({"error": "down"}, status=503)
        body = await request.json()
        if body["message"].startswith("slow:"):
            await asyncio.sleep(float(body["message"][5:].split()[0]))
        self.received.append(body)
        self.last_by_sender[body["sender"]] = body["message"]
        return web.json_response(answer_for(body["message"]))

    async def _tracker(self, request: web.Request) -> web.Response:
        if request.query.get("token") != "fake-token":
            return web.json_response({"error": "unauthorized"}, status=401)
        sender = request.match_info["sender"]
        text = self.last_by_sender.get(sender, "")
        return web.json_response({"sender_id": sender, "slots": {"language": "zh"},
                                  "latest_message": {"text": text,
                                                     "intent": {"name": "greet", "confidence": 0.93}}})

    async def _erase(self, request: web.Request) -> web.Response:
        if not self.up:
            return web.json_response({"error": "down"}, status=503)
        self.erased.append(request.match_info["sender"])
        return web.json_response({"erased_events": 3})

    async def _purge(self, request: web.Request) -> web.Response:
        self.purged.append((await request.json())["retention_days"])
        return web.json_response({"purged_conversations": 0})
