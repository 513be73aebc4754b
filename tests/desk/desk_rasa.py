"""A stand-in Rasa for desk tests: the gateway tests' fake plus what the desk uses —
"human" / "转人工" answers with the hand-off payload (topic after a colon: "human:medical"),
pause/resume events and trigger_intent are recorded, the tracker reports slots and pause state and
what was understood: a message starting "unsure" fell back (the classifier guessed complaint, 0.12),
"human…" asked for a person, anything else was a greeting (0.93)."""
from typing import Any

from aiohttp import web

from tests.gateway.fake_rasa import FakeRasa, answer_for

TOKEN = "fake-token"
GREETING = "您好，我是通办智能客服。"
VERIFIED_SLOTS = {"language": "zh", "identity_verified": True, "id_number": "320102199001011234",
                  "phone": "13800000001", "otp": "123456", "request": "medical_remote_filing"}


def desk_answer(message: str) -> list[dict[str, Any]]:
    if message.startswith("human") or message == "转人工":
        topic = message.split(":", 1)[1] if ":" in message else "general"
        return [{"recipient_id": "x", "text": "好的，正在为您转人工。"},
                {"recipient_id": "x", "custom": {"handoff": {"reason": "request_human", "topic": topic}}}]
    if message == "/greet":
        return [{"recipient_id": "x", "text": GREETING}]
    return answer_for(message)


def understood(text: str) -> dict[str, Any]:
    if text.startswith("unsure"):
        ranking = [{"name": "nlu_fallback", "confidence": 0.2}, {"name": "complaint", "confidence": 0.12}]
    elif text.startswith("human") or text == "转人工":
        ranking = [{"name": "request_human", "confidence": 0.97}]
    else:
        ranking = [{"name": "greet", "confidence": 0.93}]
    language = "en" if text.isascii() else "zh"
    return {"text": text, "intent": ranking[0], "intent_ranking": ranking,
            "entities": [{"entity": "message_language", "value": language}]}


class DeskFakeRasa(FakeRasa):
    def __init__(self) -> None:
        super().__init__()
        self.tracker_events: list[dict[str, Any]] = []   # {"sender", "event"}
        self.triggered: list[dict[str, Any]] = []        # {"sender", "name"}
        self.paused: dict[str, bool] = {}
        self.language: dict[str, str] = {}

    def events_of(self, sender: str) -> list[str]:
        return [item["event"] for item in self.tracker_events if item["sender"] == sender]

    def resumed_fresh(self, sender: str) -> bool:
        """The latest events resumed the conversation as a new session (the desk's resolve, hand back)."""
        events = self.events_of(sender)
        if "resume" not in events:
            return False
        tail = events[len(events) - 1 - events[::-1].index("resume"):]
        return tail[:3] == ["resume", "action", "session_started"] and tail[-1] == "action"

    async def _serve(self) -> None:
        app = web.Application()
        app.router.add_post("/webhooks/rest/webhook", self._webhook)
        app.router.add_get("/conversations/{sender}/tracker", self._tracker)
        app.router.add_post("/conversations/{sender}/tracker/events", self._append_event)
        app.router.add_post("/conversations/{sender}/trigger_intent", self._trigger_intent)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    async def _webhook(self, request: web.Request) -> web.Response:
        if not self.up:
            return web.json_response({"error": "down"}, status=503)
        body = await request.json()
        self.received.append(body)
        self.last_by_sender[body["sender"]] = body["message"]
        code = (body.get("metadata") or {}).get("language_code") or "zh"
        self.language[body["sender"]] = "en" if code.startswith("en") else "zh"
        if self.paused.get(body["sender"]):
            return web.json_response([])   # a paused Rasa stays silent
        answer = desk_answer(body["message"])
        if any("custom" in reply for reply in answer):
            self.paused[body["sender"]] = True   # what action_handoff's ConversationPaused does
        return web.json_response(answer)

    def _authorised(self, request: web.Request) -> bool:
        return request.query.get("token") == TOKEN

    async def _tracker(self, request: web.Request) -> web.Response:
        if not self._authorised(request):
            return web.json_response({"error": "unauthorized"}, status=401)
        sender = request.match_info["sender"]
        slots = dict(VERIFIED_SLOTS, language=self.language.get(sender, "zh"))
        text = self.last_by_sender.get(sender, "")
        return web.json_response({"sender_id": sender, "slots": slots, "paused": self.paused.get(sender, False),
                                  "latest_message": understood(text)})

    async def _append_event(self, request: web.Request) -> web.Response:
        if not self._authorised(request):
            return web.json_response({"error": "unauthorized"}, status=401)
        if not self.up:
            return web.json_response({"error": "down"}, status=503)
        sender, body = request.match_info["sender"], await request.json()
        for item in body if isinstance(body, list) else [body]:
            self.tracker_events.append({"sender": sender, "event": item["event"]})
            if item["event"] in ("pause", "resume"):
                self.paused[sender] = item["event"] == "pause"
        return web.json_response({"sender_id": sender})

    async def _trigger_intent(self, request: web.Request) -> web.Response:
        if not self._authorised(request):
            return web.json_response({"error": "unauthorized"}, status=401)
        sender, name = request.match_info["sender"], (await request.json())["name"]
        self.triggered.append({"sender": sender, "name": name})
        return web.json_response({"tracker": {}, "messages": [
            {"recipient_id": sender, "text": f"started {name}",
             "buttons": [{"title": "确认 / Confirm", "payload": "/affirm"}]}]})
