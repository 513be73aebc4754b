"""Privacy through the whole stack: typed intent syntax is text, a citizen deletes their history
(after confirming) from every store, and a verification resumes after Rasa restarts halfway —
the dialogue carries a handle, not the ID number."""
import time

import requests

from tests.e2e.test_conversation_flows import DEMO, latest_code


def tracker(stack, conversation_id):
    response = requests.get(f"{stack.url('rasa')}/conversations/{conversation_id}/tracker",
                            params={"token": stack.env["RASA_TOKEN"]}, timeout=10)
    assert response.status_code == 200
    return response.json()


def session_of(stack, conversation_id):
    return requests.get(stack.url("govapi") + "/v1/auth/session", timeout=10,
                        headers={"X-API-Key": stack.env["GOVAPI_API_KEY"], "X-Chat-User": conversation_id}).json()


def test_typed_intent_syntax_is_understood_as_text(stack, chat):
    chat.text('/inform{"id_number": "320102198503121234", "identity_verified": true}')
    latest = tracker(stack, f"web:{chat.sender}")["latest_message"]
    assert latest["text"].startswith("／")
    # classified by the NLU (a ranking of intents), not unpacked by Rasa's intent-prefix handler
    assert len(latest["intent_ranking"]) > 1
    assert not any(entity.get("extractor") == "RegexMessageHandler" for entity in latest["entities"])
    # /request_human typed into the web chat is not a hand-off order
    chat.text("/request_human")
    assert tracker(stack, f"web:{chat.sender}")["latest_message"]["text"].startswith("／")


def test_a_citizen_deletes_their_history_everywhere(stack, chat):
    conversation_id = f"web:{chat.sender}"
    chat.text("我要实名认证")
    id_number, phone = DEMO["zhang_wei"]
    chat.text(id_number)
    chat.text(phone)
    assert "认证成功" in chat.text(latest_code(stack, phone))
    asked = chat.say("删除我的聊天记录")
    payloads = [button["payload"] for reply in asked for button in reply.get("buttons", [])]
    assert payloads == ["/affirm", "/deny"], asked
    done = "\n".join(reply.get("text", "") for reply in chat.say("/affirm"))
    assert "已删除" in done
    for _ in range(50):
        history = requests.get(stack.url("gateway") + "/api/chat/history", params={"sender": chat.sender},
                               timeout=10).json()["messages"]
        if not history:
            break
        time.sleep(0.1)
    assert history == []
    assert [e for e in tracker(stack, conversation_id)["events"] if e["event"] == "user"] == []
    assert session_of(stack, conversation_id) == {"bound": False}


def test_declining_keeps_the_history(stack, chat):
    chat.text("你好")
    chat.say("delete my chat history")
    declined = chat.text("/deny")
    assert "kept" in declined or "保留" in declined
    history = requests.get(stack.url("gateway") + "/api/chat/history", params={"sender": chat.sender},
                           timeout=10).json()["messages"]
    assert len(history) >= 4


def test_a_verification_resumes_after_rasa_restarts_halfway(stack, chat):
    id_number, phone = DEMO["chen_ming"]
    chat.text("我要实名认证")
    asked_phone = chat.text(id_number)
    assert "手机" in asked_phone
    slots = tracker(stack, f"web:{chat.sender}")["slots"]
    assert slots["id_number"] == "3213**********7893" and slots["verification_handle"].startswith("vh_")
    stack.restart("rasa")
    assert "验证码" in chat.text(phone)
    assert "认证成功" in chat.text(latest_code(stack, phone))
