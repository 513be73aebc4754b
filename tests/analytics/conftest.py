"""Fixtures of the analytics tests: a stand-in Rasa whose "done:<matter>" / "guide:<matter>" answers
carry the action server's rating mark, and a gateway with the desk around it."""
from typing import Any

import pytest
from aiohttp import web

from tests.desk.conftest import DeskGateway, with_staff
from tests.desk.desk_client import create_staff
from tests.desk.desk_rasa import DeskFakeRasa

ANALYST = "numbers"


def marked_answer(message: str) -> list[dict[str, Any]]:
    kind, matter = message.split(":", 1)
    text = "已为您办好。" if kind == "done" else "办理指南如下。"
    return [{"recipient_id": "x", "text": text,
             "custom": {"rating_ask": {"kind": "completed" if kind == "done" else "guide", "matter": matter,
                                       "language": None}}}]


class RatingFakeRasa(DeskFakeRasa):
    async def _webhook(self, request: web.Request) -> web.Response:
        """The desk fake's answer (it records the message and its language), marked for "done:"/"guide:"."""
        answer = await super()._webhook(request)
        body = await request.json()   # aiohttp keeps the body: it can be read again
        if answer.status == 200 and not self.paused.get(body["sender"]) and body["message"].startswith(
                ("done:", "guide:")):
            return web.json_response(marked_answer(body["message"]))
        return answer

    async def _trigger_intent(self, request: web.Request) -> web.Response:
        """Staff start the bot at a step: "service_guide" answers with a guide, marked like the action server's."""
        answer = await super()._trigger_intent(request)
        name = (await request.json())["name"]
        if name == "service_guide":
            return web.json_response({"tracker": {}, "messages": marked_answer(f"guide:{name}")})
        return answer


@pytest.fixture(scope="module")
def rating_rasa():
    server = RatingFakeRasa().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def rating_gateway(tmp_path_factory, rating_rasa):
    url = f"sqlite:///{tmp_path_factory.mktemp('ratingdb') / 'gateway.db'}"
    with_staff(url)
    assert create_staff(url, ANALYST, "analyst").returncode == 0
    gateway = DeskGateway(tmp_path_factory.mktemp("ratinggw"), url, rating_rasa.url).start()
    yield gateway
    gateway.stop()
