"""A dependency that is down gets an apology and a next step, never silence."""
from tests.e2e.chatting import is_chinese, is_english


def test_gateway_apologises_when_rasa_is_down(stack, chat):
    stack.stop_one("rasa")
    try:
        text = chat.text("你好")
        assert "抱歉" in text and "12345" in text and "Sorry" in text
    finally:
        stack.start(["rasa"])
    assert is_chinese(chat.text("你好"))


def test_help_still_answers_when_govapi_is_down(stack, chat):
    stack.stop_one("govapi")
    try:
        text = chat.text("what can you do")
        assert is_english(text) and "Social security" in text
    finally:
        stack.start(["govapi"])
