"""A citizen who asks for a person, is not understood twice, or is locked out of verification
reaches the desk: the bot tells them, Rasa falls silent, and a ticket waits in the queue of the
team of their matter."""
import pytest
import requests
import sqlalchemy

from tests.desk.desk_client import Staff, create_staff
from tests.e2e.chatting import Chat, is_chinese, is_english
from tests.e2e.test_conversation_flows import latest_code


@pytest.fixture(scope="module")
def agent(stack):
    done = create_staff(stack.env["GATEWAY_DATABASE_URL"], "handoff_agent", "agent", env=stack.env)
    assert done.returncode == 0 or "taken" in done.stderr, done.stderr
    return Staff(stack.url("gateway"), "handoff_agent")


def _paused(stack, conversation_id: str) -> bool:
    response = requests.get(f"{stack.url('rasa')}/conversations/{conversation_id}/tracker",
                            params={"token": stack.env["RASA_TOKEN"], "include_events": "NONE"}, timeout=10)
    return response.json()["paused"]


def test_asking_for_a_person_opens_a_ticket_in_the_matters_team(stack, agent):
    chat = Chat(stack.url("gateway"))
    conversation = f"web:{chat.sender}"
    chat.say("我想查一下我的社保缴费记录")
    told = chat.text("转人工")
    assert is_chinese(told) and "12345" in told
    ticket = agent.ticket_of(conversation)
    assert ticket["team"] == "social_security"
    assert _paused(stack, conversation)
    assert chat.say("有人吗") == [], "the bot stays silent while staff have the conversation"


def test_asking_for_a_person_in_english_with_no_matter_goes_to_the_general_team(stack, agent):
    chat = Chat(stack.url("gateway"))
    told = chat.text("can I talk to a real person please")
    assert is_english(told)
    assert agent.ticket_of(f"web:{chat.sender}")["team"] == "general"


def test_a_second_message_not_understood_opens_a_ticket(stack, agent):
    chat = Chat(stack.url("gateway"))
    conversation = f"web:{chat.sender}"
    # typed text is understood by the NLU (typed /nlu_fallback is text): marks alone say nothing
    assert "换个说法" in chat.text("？？？")
    assert not _paused(stack, conversation)
    told = chat.text("???")
    assert "12345" in told and "预计等待" in told, told
    ticket = agent.ticket_of(conversation)
    assert ticket["reason"] == "fallback" and ticket["team"] == "general"
    assert _paused(stack, conversation)


def _citizen_with_a_mobile_phone(stack) -> tuple:
    engine = sqlalchemy.create_engine(stack.env["GOVAPI_DATABASE_URL"])
    with engine.connect() as connection:
        return tuple(connection.execute(sqlalchemy.text(
            "SELECT id_number, phone FROM citizens WHERE phone LIKE '13%' ORDER BY id DESC LIMIT 1")).one())


def test_a_verification_lockout_opens_a_ticket_in_the_matters_team(stack, agent):
    id_number, phone = _citizen_with_a_mobile_phone(stack)
    chat = Chat(stack.url("gateway"))
    conversation = f"web:{chat.sender}"
    chat.say("查一下我的医保余额")
    chat.say(id_number)
    chat.say(phone)
    wrong = "000000" if latest_code(stack, phone) != "000000" else "111111"
    told = ""
    for _ in range(int(stack.env.get("GOVAPI_OTP_MAX_ATTEMPTS", "5"))):
        told = chat.text(wrong)
    assert "锁定" in told and "12345" in told, told
    ticket = agent.ticket_of(conversation)
    assert ticket["reason"] == "lockout" and ticket["team"] == "medical"
    assert _paused(stack, conversation)
