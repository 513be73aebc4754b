"""The web chat's JSON endpoints on a gateway process, on SQLite and PostgreSQL."""
import uuid

import pytest
import requests

from tests.gateway.gateway_process import GatewayProcess


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def gateway(request, tmp_path_factory, fake_rasa, postgres):
    var = tmp_path_factory.mktemp("webapi")
    url = f"sqlite:///{var / 'g.db'}" if request.param == "sqlite" else postgres.create()
    running = GatewayProcess(var, RASA_URL=fake_rasa.url, GATEWAY_DATABASE_URL=url).start()
    yield running
    running.stop()


def history(gateway, sender, after=0):
    response = requests.get(gateway.url + "/api/chat/history", params={"sender": sender, "after": after}, timeout=5)
    assert response.status_code == 200, response.text
    return response.json()["messages"]


def test_conversation_is_kept_masked_and_readable_after_an_id(gateway):
    sender = "w" + uuid.uuid4().hex[:10]
    body = gateway.chat(sender, "手机13800000001", language="en-GB")
    assert body["replies"] == [{"text": "echo: 手机13800000001"}]
    gateway.chat(sender, "buttons")
    gateway.chat(sender, "/social_security_contributions", shown_as="社保")
    messages = history(gateway, sender)
    assert [(m["who"], m["text"]) for m in messages] == [
        ("user", "手机138****0001"), ("bot", "echo: 手机138****0001"), ("user", "buttons"), ("bot", "请选择 / Choose"),
        ("user", "社保"), ("bot", "echo: /social_security_contributions")]
    assert history(gateway, sender, after=messages[1]["id"]) == messages[2:]
    assert history(gateway, "w-nobody-" + uuid.uuid4().hex[:6]) == []


def test_channel_language_is_passed_to_rasa(gateway, fake_rasa):
    sender = "w" + uuid.uuid4().hex[:10]
    gateway.chat(sender, "hi", language="en-GB")
    metadata = fake_rasa.received[-1]["metadata"]
    assert metadata["message_key"].startswith("g") and "retry" not in metadata
    assert {key: metadata[key] for key in ("channel", "language_code")} == {"channel": "web", "language_code": "en"}
    assert fake_rasa.received[-1]["sender"] == f"web:{sender}"


@pytest.mark.parametrize("params", [{}, {"sender": "../etc"}, {"sender": "ok", "after": "-1"},
                                    {"sender": "ok", "after": "x"}])
def test_bad_history_requests_get_a_bilingual_400(gateway, params):
    response = requests.get(gateway.url + "/api/chat/history", params=params, timeout=5)
    assert response.status_code == 400
    assert "请求格式不正确" in response.json()["error"]["message"]


def test_bad_shown_as_gets_400(gateway):
    response = requests.post(gateway.url + "/api/chat", json={"sender": "ok", "message": "hi", "shown_as": 5},
                             timeout=5)
    assert response.status_code == 400
