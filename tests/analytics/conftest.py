"""Fixtures of the analytics tests: a stand-in Rasa whose "done:<matter>" / "guide:<matter>" answers
carry the action server's rating mark, and a gateway with the desk around it."""
from typing import Any, Dict, List

import pytest
from aiohttp import web

from tests.desk.conftest import DeskGateway, with_staff
from tests.desk.desk_client import create_staff
from tests.desk.desk_rasa import DeskFakeRasa

ANALYST = "numbers"


def marked_answer(message: str) -> List[Dict[str, Any]]:
    kind, matter = message.split(":", 1)
    text = "已为您办好。" if kind == "done" else "办理指南如下。"
    return [{"recipient_id": "x", "text": text,
             "custom": {"rating_ask": {"kind": "completed" if kind == "done" else "guide", "matter": matter,
                                       "language": None}}}]


class RatingFakeRasa(DeskFakeRasa):
    async def _webhook(self, request: web.Request) -> web.Response:
        body = await request.json()
        if body["message"].startswith(("done:", "guide:")):
            self.received.append(body)
            self.last_by_sender[body["sender"]] = body["message"]
            return web.json_response(marked_answer(body["message"]))
        return await super()._webhook(request)   # aiohttp keeps the body: it can be read again


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
