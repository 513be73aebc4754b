"""The first vertical slice, end to end: gateway -> Rasa -> actions -> govapi."""
import requests

from tests.e2e.chatting import Chat, is_chinese, is_english


def test_chinese_greeting_is_answered_in_chinese(chat):
    reply = chat.text("你好")
    assert is_chinese(reply)
    assert "通办" in reply


def test_english_greeting_is_answered_in_english(chat):
    reply = chat.text("hello")
    assert is_english(reply), reply
    assert "Tongban" in reply


def test_code_mixed_message_is_answered_in_chinese(chat):
    assert is_chinese(chat.text("hi 你好呀，在吗"))


def test_reply_language_follows_each_message(chat):
    assert is_chinese(chat.text("你好"))
    assert is_english(chat.text("thank you so much"))
    assert is_chinese(chat.text("谢谢你"))


def test_explicit_language_choice_sticks_until_switched_again(chat):
    assert is_english(chat.text("English please"))
    assert is_english(chat.text("你好"))
    assert is_english(chat.text("谢谢"))
    assert is_chinese(chat.text("请说中文"))
    assert is_chinese(chat.text("hello"))


def test_slice_intents_in_both_languages(chat):
    for message, expect_chinese in [
        ("再见", True), ("bye for now", False),
        ("多谢了", True), ("thanks a lot", False),
        ("你是机器人吗", True), ("am I talking to a real person?", False),
        ("今天天气怎么样", True), ("tell me a joke", False),
    ]:
        reply = chat.text(message)
        assert (is_chinese(reply) if expect_chinese else is_english(reply)), (message, reply)


def test_help_reads_the_service_halls_from_govapi(stack, chat):
    halls = requests.get(stack.url("govapi") + "/v1/halls",
                         headers={"X-API-Key": stack.env["GOVAPI_API_KEY"]}, timeout=5).json()
    assert halls["total"] >= 108
    zh = chat.text("你能帮我办什么")
    assert str(halls["total"]) in zh and "社保" in zh
    en = Chat(stack.url("gateway")).text("what can you do?")
    assert str(halls["total"]) in en and is_english(en)
