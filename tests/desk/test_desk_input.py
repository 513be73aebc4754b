"""Bad input to the desk API gets a clear 4xx, never a 500."""
import pytest
import requests

from tests.desk.desk_client import new_sender


@pytest.fixture(scope="module")
def claimed(desk_gateway):
    agent = desk_gateway.staff("agent_a")
    sender = new_sender()
    desk_gateway.chat(sender, "human")
    ticket = agent.ticket_of(f"web:{sender}")
    agent.call("POST", f"/api/desk/tickets/{ticket['id']}/claim")
    return agent, ticket


@pytest.mark.parametrize("path,body,status", [
    ("/reply", {}, 400), ("/reply", {"text": "   "}, 400), ("/reply", {"text": "x" * 2001}, 400),
    ("/reply", {"text": 42}, 400), ("/reply", ["text"], 400), ("/notes", {"text": None}, 400),
    ("/transfer", {"team": "police"}, 400), ("/transfer", {}, 400),
    ("/hand-back", {"intent": "no_such_intent"}, 400), ("/hand-back", {"intent": "../../etc"}, 400),
    ("/claim", {}, 409),
])
def test_bad_ticket_actions(claimed, path, body, status):
    agent, ticket = claimed
    answer = agent.call("POST", f"/api/desk/tickets/{ticket['id']}{path}", body, expect=status)
    assert answer["error"]["message"]


def test_unknown_ticket_is_404(desk_gateway, claimed):
    agent, _ = claimed
    agent.call("POST", "/api/desk/tickets/999999/claim", expect=404)
    agent.call("GET", "/api/desk/tickets/999999", expect=404)
    agent.call("GET", "/api/desk/conversations/web:not-a-conversation", expect=403)
    desk_gateway.staff("boss").call("GET", "/api/desk/conversations/web:not-a-conversation", expect=404)
    agent.call("GET", "/api/desk/conversations/garbage", expect=400)


def test_malformed_login_bodies(desk_gateway):
    for body in (b"{not json", b"[]", b'{"username": 1, "password": 2}', b'{"username": "a", "password": "' +
                 b"x" * 5000 + b'"}'):
        response = requests.post(desk_gateway.url + "/api/desk/login", data=body, timeout=10,
                                 headers={"Content-Type": "application/json"})
        assert response.status_code == 400, body[:40]
    huge = requests.post(desk_gateway.url + "/api/desk/login", data=b"{" + b" " * 100_000 + b"}", timeout=10)
    assert huge.status_code == 413


def test_bad_link_and_ticket_requests(claimed):
    agent, _ = claimed
    agent.call("POST", "/api/desk/links", {"matter": "nope"}, expect=400)
    agent.call("POST", "/api/desk/links", {"matter": "medical_remote_filing", "note": ["x"]}, expect=400)
    agent.call("POST", "/api/desk/tickets", {"conversation_id": "web:x", "topic": "police"}, expect=400)
    agent.call("POST", "/api/desk/tickets", {"conversation_id": "<script>", "topic": "general"}, expect=400)
