"""Phone → chat: an agent's link opens the chat about the caller's matter — on the web chat and in
Telegram (deep link) — once, before it expires; the agent follows the conversation. Staff replies
reach Telegram citizens too. Outside working hours the citizen gets a call-back request instead."""
import hashlib

import pytest
from sqlalchemy import create_engine, text

from bot.desk.hotline import texts
from tests.desk.conftest import DeskGateway, with_staff
from tests.desk.desk_client import EventStream, new_sender
from tests.gateway.fake_telegram import FakeTelegram

NEVER_OPEN = "Mon 00:00-00:00"


def _make_link(agent, matter="medical_remote_filing", note="来电人要去上海看病，电话13800000001"):
    return agent.call("POST", "/api/desk/links", {"matter": matter, "note": note}, expect=201)


def test_web_link_starts_the_matter_once_and_the_agent_follows(desk_gateway, desk_rasa):
    agent = desk_gateway.staff("agent_a")
    made = _make_link(agent)
    token = made["token"]
    assert made["web_url"] == f"{desk_gateway.url}/?handoff={token}"
    assert made["telegram_url"] == f"https://t.me/tongban_test_bot?start={token}"
    assert made["link"]["note"] == "来电人要去上海看病，电话138****0001"
    stream = EventStream(desk_gateway.url, agent.token)
    try:
        sender = new_sender()
        replies = desk_gateway.chat(sender, "/greet", language="zh", start_payload=token)["replies"]
        note = texts.say("link_note", "zh", note="来电人要去上海看病，电话138****0001")
        assert [r["text"] for r in replies] == [texts.say("link_welcome", "zh"), note, "started medical_remote_filing"]
        assert desk_rasa.triggered[-1] == {"sender": f"web:{sender}", "name": "medical_remote_filing"}
        opened, _ = stream.next_of("link", where=lambda d: d["conversation_id"] == f"web:{sender}")
        assert opened["matter"] == "medical_remote_filing"
        stream.next_of("activity", where=lambda d: d["conversation_id"] == f"web:{sender}")
    finally:
        stream.close()
    links = agent.call("GET", "/api/desk/links")["links"]
    assert [link["conversation_id"] for link in links if link["used_at"]][0] == f"web:{sender}"
    followed = agent.call("GET", f"/api/desk/conversations/web:{sender}")
    assert followed["messages"][-1]["text"] == "started medical_remote_filing"
    # Another agent did not send this link and the conversation never came to the desk.
    desk_gateway.staff("agent_b").call("GET", f"/api/desk/conversations/web:{sender}", expect=403)
    assert desk_gateway.staff("boss").call("GET", f"/api/desk/conversations/web:{sender}")["messages"]
    # Single use: a second opener gets an explanation and the ordinary greeting flow.
    again = desk_gateway.chat(new_sender(), "/greet", language="en", start_payload=token)["replies"]
    assert again == [{"text": texts.say("link_invalid", "en")}]


def test_expired_link_is_refused(desk_gateway):
    agent = desk_gateway.staff("agent_a")
    token = _make_link(agent, note="")["token"]
    engine = create_engine(desk_gateway.database_url, future=True)
    with engine.begin() as connection:
        connection.execute(text("UPDATE desk_handoff_links SET expires_at = '2000-01-01 00:00:00' "
                                "WHERE token_hash = :hash"), {"hash": hashlib.sha256(token.encode()).hexdigest()})
    engine.dispose()
    replies = desk_gateway.chat(new_sender(), "/greet", start_payload=token)["replies"]
    assert replies == [{"text": texts.say("link_invalid", None)}]
    assert "已失效" in replies[0]["text"] and "no longer valid" in replies[0]["text"]


def test_made_up_tokens_are_refused(desk_gateway):
    for token in ("A" * 32, "short", "x" * 64):
        replies = desk_gateway.chat(new_sender(), "/greet", start_payload=token)["replies"]
        assert replies[0]["text"] in (texts.say("link_invalid", None), "您好，我是通办智能客服。")
        assert "started" not in str(replies)


@pytest.fixture(scope="module")
def telegram_gateway(tmp_path_factory, desk_rasa):
    # A database of its own: gateways sharing one also share (and race for) pending messages.
    var = tmp_path_factory.mktemp("desktg")
    database_url = f"sqlite:///{var / 'gateway.db'}"
    with_staff(database_url)
    telegram = FakeTelegram().start()
    gateway = DeskGateway(var, database_url, desk_rasa.url, TELEGRAM_BOT_USERNAME="",
                          TELEGRAM_BOT_TOKEN=telegram.token, TELEGRAM_API_BASE=telegram.api_base,
                          TELEGRAM_MODE="polling").start()
    telegram.wait_for(lambda calls: any(c.method == "getUpdates" for c in calls))
    yield gateway, telegram
    gateway.stop()
    telegram.stop()


def test_telegram_deep_link_and_staff_replies_in_telegram(telegram_gateway, desk_rasa):
    gateway, telegram = telegram_gateway
    agent = gateway.staff("agent_a")
    made = _make_link(agent, matter="housing_fund_balance", note="")
    assert made["telegram_url"] == f"https://t.me/tongban_test_bot?start={made['token']}"  # from getMe
    chat = 880001
    telegram.push_text(chat, f"/start {made['token']}", language_code="en-US")
    sent = telegram.wait_for_texts(chat, 2)
    assert [c.params["text"] for c in sent] == [texts.say("link_welcome", "en"), "started housing_fund_balance"]

    telegram.push_text(chat, "human:housing_fund", language_code="en-US")
    queued = telegram.wait_for_texts(chat, 2, after=2)
    assert "Housing fund" in queued[1].params["text"]
    ticket = agent.ticket_of(f"tg:{chat}")
    agent.call("POST", f"/api/desk/tickets/{ticket['id']}/claim")
    agent.call("POST", f"/api/desk/tickets/{ticket['id']}/reply", {"text": "Your balance is being checked."})
    agent.call("POST", f"/api/desk/tickets/{ticket['id']}/resolve")
    texts_sent = [c.params["text"] for c in telegram.wait_for_texts(chat, 3, after=4)]
    assert texts_sent == [texts.say("claimed", "en", name="agent_a"), "Your balance is being checked.",
                          texts.say("bot_back", "en")]


def test_outside_working_hours_a_call_back_is_offered(tmp_path, desk_rasa):
    database_url = f"sqlite:///{tmp_path / 'gateway.db'}"
    with_staff(database_url)
    gateway = DeskGateway(tmp_path, database_url, desk_rasa.url, DESK_HOURS=NEVER_OPEN).start()
    try:
        sender = new_sender()
        replies = gateway.chat(sender, "human:medical", language="zh")["replies"]
        assert "服务时间" in replies[-1]["text"] and NEVER_OPEN in replies[-1]["text"]
        assert replies[-1]["buttons"][0]["title"] == "提交工单"
        assert desk_rasa.events_of(f"web:{sender}")[-1] == "resume"
        # The bot keeps answering; the call-back request waits for staff.
        assert gateway.chat(sender, "still there")["replies"] == [{"text": "echo: still there"}]
        agent = gateway.staff("agent_a")
        ticket = agent.ticket_of(f"web:{sender}")
        assert (ticket["state"], ticket["team"]) == ("callback", "medical")
        agent.call("POST", f"/api/desk/tickets/{ticket['id']}/resolve")
        assert all(t["conversation_id"] != f"web:{sender}" for t in agent.queue())
    finally:
        gateway.stop()
