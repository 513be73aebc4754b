"""Turns Rasa cannot complete leave no trace and are answered later; a message sent again is
answered from the tracker, not handled twice (the REST channel of rasa_addons)."""
import time
import uuid

import requests


def rasa_turn(stack, sender, text, **metadata):
    return requests.post(stack.url("rasa") + "/webhooks/rest/webhook",
                         json={"sender": sender, "message": text, "metadata": metadata}, timeout=30)


def user_texts(stack, sender):
    tracker = requests.get(f"{stack.url('rasa')}/conversations/{sender}/tracker",
                           params={"token": stack.env["RASA_TOKEN"]}, timeout=10).json()
    return [event["text"] for event in tracker["events"] if event["event"] == "user"]


def test_a_turn_whose_action_server_is_down_is_rolled_back_and_answered_503(stack):
    sender = "web:r" + uuid.uuid4().hex[:10]
    stack.stop_one("actions")
    try:
        failed = rasa_turn(stack, sender, "昆山政务服务中心在哪")
        assert failed.status_code == 503, failed.text
        assert user_texts(stack, sender) == []
    finally:
        stack.start(["actions"])
    answered = rasa_turn(stack, sender, "昆山政务服务中心在哪")
    assert answered.status_code == 200 and "昆山" in str(answered.json())
    assert user_texts(stack, sender) == ["昆山政务服务中心在哪"]


def test_the_gateway_keeps_the_message_and_answers_it_when_the_actions_are_back(stack, chat):
    stack.stop_one("actions")
    try:
        kept = chat.text("昆山政务服务中心在哪")
        assert "已保存" in kept and "saved" in kept
    finally:
        stack.start(["actions"])
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        history = requests.get(stack.url("gateway") + "/api/chat/history", params={"sender": chat.sender},
                               timeout=10).json()["messages"]
        if any("昆山市政务服务中心" in (message["text"] or "") for message in history):
            break
        time.sleep(0.5)
    answers = [message for message in history if "昆山市政务服务中心" in (message["text"] or "")]
    assert len(answers) == 1, history
    assert user_texts(stack, f"web:{chat.sender}") == ["昆山政务服务中心在哪"]


def test_a_message_sent_again_is_answered_from_the_tracker(stack):
    sender = "web:k" + uuid.uuid4().hex[:10]
    first = rasa_turn(stack, sender, "昆山政务服务中心在哪", message_key="g1")
    again = rasa_turn(stack, sender, "昆山政务服务中心在哪", message_key="g1", retry=True)
    assert first.status_code == again.status_code == 200
    assert [reply.get("text") for reply in again.json()] == [reply.get("text") for reply in first.json()]
    assert user_texts(stack, sender) == ["昆山政务服务中心在哪"]
    # a retry of a message Rasa never saw is handled as new
    fresh = rasa_turn(stack, sender, "你好", message_key="g2", retry=True)
    assert fresh.status_code == 200 and user_texts(stack, sender)[-1] == "你好"
