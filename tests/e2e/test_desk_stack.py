"""The desk against the real stack: taking a conversation over pauses the real Rasa, resolving
resumes it and the bot answers again, handing back starts the chosen step, a phone → chat link
starts the caller's matter, and the transcript shows the real tracker's slots."""
import pytest
import requests

from analytics import texts as rating_texts
from bot.desk.hotline import texts
from tests.desk.desk_client import Staff, create_staff, new_sender


@pytest.fixture(scope="module")
def agent(stack):
    done = create_staff(stack.env["GATEWAY_DATABASE_URL"], "stack_agent", "agent", env=stack.env)
    assert done.returncode == 0 or "taken" in done.stderr, done.stderr
    return Staff(stack.url("gateway"), "stack_agent")


def chat(stack, sender, message, **extra):
    response = requests.post(stack.url("gateway") + "/api/chat",
                             json={"sender": sender, "message": message, "language": "zh", **extra}, timeout=60)
    assert response.status_code == 200, response.text
    return response.json()["replies"]


def history(stack, sender):
    response = requests.get(stack.url("gateway") + "/api/chat/history", params={"sender": sender}, timeout=10)
    return response.json()["messages"]


def tracker(stack, conversation):
    response = requests.get(f"{stack.url('rasa')}/conversations/{conversation}/tracker",
                            params={"token": stack.env["RASA_TOKEN"], "include_events": "NONE"}, timeout=10)
    assert response.status_code == 200
    return response.json()


def test_take_over_pauses_and_resolve_resumes_rasa(stack, agent):
    sender = new_sender()
    conversation = f"web:{sender}"
    assert chat(stack, sender, "你好")
    ticket = agent.call("POST", "/api/desk/tickets", {"conversation_id": conversation, "topic": "medical"},
                        expect=201)
    assert tracker(stack, conversation)["paused"] is True
    assert chat(stack, sender, "我想问一下医保的事") == []
    agent.call("POST", f"/api/desk/tickets/{ticket['id']}/claim")
    agent.call("POST", f"/api/desk/tickets/{ticket['id']}/reply", {"text": "您好，请讲。"})
    detail = agent.call("GET", f"/api/desk/tickets/{ticket['id']}")
    assert detail["slots"].get("language") == "zh"
    assert [m["who"] for m in detail["messages"]][:2] == ["citizen", "bot"]
    assert detail["messages"][-1]["who"] == "staff"

    agent.call("POST", f"/api/desk/tickets/{ticket['id']}/resolve")
    assert tracker(stack, conversation)["paused"] is False
    # the bot is back, then the citizen is asked to rate the person who helped
    assert [m["text"] for m in history(stack, sender)[-2:]] == [texts.say("bot_back", "zh"),
                                                                 rating_texts.say("ask_desk", "zh")]
    assert chat(stack, sender, "你好"), "the bot answers again"


def test_hand_back_starts_the_chosen_step(stack, agent):
    sender = new_sender()
    conversation = f"web:{sender}"
    assert chat(stack, sender, "你好")
    ticket = agent.call("POST", "/api/desk/tickets", {"conversation_id": conversation, "topic": "medical"},
                        expect=201)
    agent.call("POST", f"/api/desk/tickets/{ticket['id']}/claim")
    before = len(history(stack, sender))
    agent.call("POST", f"/api/desk/tickets/{ticket['id']}/hand-back", {"intent": "medical_remote_filing"})
    state = tracker(stack, conversation)
    assert state["paused"] is False
    assert state["latest_message"]["intent"]["name"] == "medical_remote_filing"
    started = [m for m in history(stack, sender)[before:] if m["who"] == "bot"]
    assert started and all(m["text"] != texts.say("bot_back", "zh") for m in started)


def test_phone_link_starts_the_callers_matter(stack, agent):
    made = agent.call("POST", "/api/desk/links", {"matter": "housing_fund_balance", "note": "来电咨询公积金"},
                      expect=201)
    sender = new_sender()
    replies = chat(stack, sender, "/greet", start_payload=made["token"])
    assert replies[0]["text"] == texts.say("link_welcome", "zh")
    assert len(replies) >= 3, replies
    assert tracker(stack, f"web:{sender}")["latest_message"]["intent"]["name"] == "housing_fund_balance"
    assert agent.call("GET", f"/api/desk/conversations/web:{sender}")["messages"]
