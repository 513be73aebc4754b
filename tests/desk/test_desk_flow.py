"""A hand-off from start to end through a real gateway process: Rasa asks for a person, the ticket
waits in its team's queue, an agent claims, reads, replies, notes, transfers and resolves; the
citizen's channel and Rasa see each step."""
import requests

from bot.desk.hotline import texts
from tests.desk.desk_client import EventStream, new_sender
from tests.desk.desk_rasa import GREETING


def history(gateway, sender):
    response = requests.get(gateway.url + "/api/chat/history", params={"sender": sender}, timeout=5)
    assert response.status_code == 200
    return response.json()["messages"]


def bot_texts(gateway, sender):
    return [m["text"] for m in history(gateway, sender) if m["who"] == "bot"]


def test_rasa_hand_off_request_opens_a_ticket_in_the_topic_team_and_tells_the_wait(desk_gateway, desk_rasa):
    sender = new_sender()
    body = desk_gateway.chat(sender, "human:medical", language="zh")
    replies = [r.get("text") for r in body["replies"]]
    assert "好的，正在为您转人工。" in replies
    assert not any("custom" in r for r in body["replies"]), "the hand-off payload is for the gateway only"
    assert any(text and "医保" in text and "预计等待" in text for text in replies), replies
    ticket = desk_gateway.staff("agent_a").ticket_of(f"web:{sender}")
    assert (ticket["team"], ticket["reason"], ticket["state"]) == ("medical", "request_human", "waiting")


def test_whole_hand_off_reaches_citizen_console_and_rasa(desk_gateway, desk_rasa):
    agent, other = desk_gateway.staff("agent_a"), desk_gateway.staff("agent_b")
    sender = new_sender()
    conversation = f"web:{sender}"
    desk_gateway.chat(sender, "human:housing_fund", language="en")
    ticket = agent.ticket_of(conversation)
    stream = EventStream(desk_gateway.url, agent.token)
    try:
        # While in hand-off the citizen's messages go to the desk, not to Rasa, and reach the console live.
        sent_before = len(desk_rasa.received)
        assert desk_gateway.chat(sender, "my ID is 320102199001011234")["replies"] == []
        event, _ = stream.next_of("message", where=lambda d: d["conversation_id"] == conversation)
        assert event["ticket_id"] == ticket["id"]
        assert event["message"]["text"] == "my ID is 3201**********1234"
        assert len(desk_rasa.received) == sent_before

        claimed = agent.call("POST", f"/api/desk/tickets/{ticket['id']}/claim")
        assert (claimed["state"], claimed["claimed_by"]) == ("active", agent.id)
        other.call("POST", f"/api/desk/tickets/{ticket['id']}/reply", {"text": "not mine"}, expect=403)

        agent.call("POST", f"/api/desk/tickets/{ticket['id']}/reply", {"text": "Hello, I can help with that."})
        staff_event, _ = stream.next_of("message", where=lambda d: d["message"].get("who") == "staff")
        assert staff_event["message"]["staff"] == "agent_a"
        assert "Hello, I can help with that." in bot_texts(desk_gateway, sender)

        agent.call("POST", f"/api/desk/tickets/{ticket['id']}/notes", {"text": "caller phone 13800000001"},
                   expect=201)
        detail = agent.call("GET", f"/api/desk/tickets/{ticket['id']}")
        whos = [(m["who"], m["text"]) for m in detail["messages"]]
        assert ("citizen", "my ID is 3201**********1234") in whos
        assert ("staff", "Hello, I can help with that.") in whos
        assert any(who == "bot" for who, _ in whos)
        assert [m["staff"] for m in detail["messages"] if m["who"] == "staff"] == ["agent_a"]
        notes = [e["text"] for e in detail["events"] if e["kind"] == "note"]
        assert notes == ["caller phone 138****0001"]
        assert detail["identity"] == {"id_number": "3201**********1234", "phone": "138****0001"}
        assert "otp" not in detail["slots"] and detail["slots"]["request"] == "medical_remote_filing"
        citizen_turns = [m for m in detail["messages"] if m["who"] == "citizen" and m["intent"]]
        assert citizen_turns and (citizen_turns[0]["intent"], citizen_turns[0]["confidence"]) == ("request_human", 0.97)

        moved = agent.call("POST", f"/api/desk/tickets/{ticket['id']}/transfer", {"team": "general"})
        assert (moved["team"], moved["state"], moved["claimed_by"]) == ("general", "waiting", None)
        assert texts.say("transferred", "en", team="general") in bot_texts(desk_gateway, sender)
        other.call("POST", f"/api/desk/tickets/{ticket['id']}/claim")

        done = other.call("POST", f"/api/desk/tickets/{ticket['id']}/resolve")
        assert done["state"] == "resolved"
        assert desk_rasa.resumed_fresh(conversation)
        # the bot is back, then the citizen is asked to rate the person who helped (analytics.satisfaction)
        assert bot_texts(desk_gateway, sender)[-2:] == [texts.say("bot_back", "en"),
                                                          "How satisfied are you with the agent who helped you? "
                                                          "Please choose one."]
        # The bot has the conversation again.
        assert desk_gateway.chat(sender, "hello again")["replies"] == [{"text": "echo: hello again"}]
        assert all(t["conversation_id"] != conversation for t in agent.queue())
    finally:
        stream.close()


def test_hand_back_at_a_step_resumes_and_starts_that_intent(desk_gateway, desk_rasa):
    agent = desk_gateway.staff("agent_a")
    sender = new_sender()
    conversation = f"web:{sender}"
    desk_gateway.chat(sender, "human:medical", language="zh")
    ticket = agent.ticket_of(conversation)
    agent.call("POST", f"/api/desk/tickets/{ticket['id']}/claim")
    done = agent.call("POST", f"/api/desk/tickets/{ticket['id']}/hand-back", {"intent": "medical_remote_filing"})
    assert done["state"] == "resolved"
    assert desk_rasa.resumed_fresh(conversation)
    assert desk_rasa.triggered[-1] == {"sender": conversation, "name": "medical_remote_filing"}
    last = history(desk_gateway, sender)[-1]
    assert last["text"] == "started medical_remote_filing" and last["buttons"][0]["payload"] == "/affirm"
    events = agent.call("GET", f"/api/desk/tickets/{ticket['id']}")["events"]
    assert [e["text"] for e in events if e["kind"] == "handed_back"] == ["medical_remote_filing"]


def test_resolve_keeps_the_ticket_when_rasa_cannot_resume(desk_gateway, desk_rasa):
    agent = desk_gateway.staff("agent_a")
    sender = new_sender()
    desk_gateway.chat(sender, "human", language="zh")
    ticket = agent.ticket_of(f"web:{sender}")
    agent.call("POST", f"/api/desk/tickets/{ticket['id']}/claim")
    desk_rasa.up = False
    error = agent.call("POST", f"/api/desk/tickets/{ticket['id']}/resolve", expect=502)
    assert "resume" in error["error"]["message"]
    desk_rasa.up = True
    assert agent.ticket_of(f"web:{sender}")["state"] == "active"
    agent.call("POST", f"/api/desk/tickets/{ticket['id']}/resolve")


def test_staff_can_take_a_conversation_into_the_desk(desk_gateway, desk_rasa):
    agent = desk_gateway.staff("agent_a")
    sender = new_sender()
    assert desk_gateway.chat(sender, "/greet")["replies"] == [{"text": GREETING}]
    ticket = agent.call("POST", "/api/desk/tickets", {"conversation_id": f"web:{sender}", "topic": "household"},
                        expect=201)
    assert (ticket["team"], ticket["reason"]) == ("household", "staff")
    assert desk_rasa.events_of(f"web:{sender}") == ["pause"]
    assert "户籍" in bot_texts(desk_gateway, sender)[-1]
    agent.call("POST", "/api/desk/tickets", {"conversation_id": "web:nobody-here", "topic": "general"}, expect=404)
