"""govapi down in the middle of conversations: an apology and a next step within 5 seconds."""
import time

from tests.e2e.chatting import Chat, is_chinese, is_english


def test_govapi_down_gets_an_apology_and_a_next_step_quickly(stack, chat):
    english = Chat(stack.url("gateway"))
    stack.stop_one("govapi")
    try:
        started = time.monotonic()
        zh = chat.text("公积金余额多少")
        zh_elapsed = time.monotonic() - started
        started = time.monotonic()
        en = english.text("where is the service centre in Kunshan")
        en_elapsed = time.monotonic() - started
    finally:
        stack.start(["govapi"])
    assert is_chinese(zh) and "抱歉" in zh and "12345" in zh and zh_elapsed < 5, (zh, zh_elapsed)
    assert is_english(en) and "Sorry" in en and "12345" in en and en_elapsed < 5, (en, en_elapsed)
    # back up: the same conversation carries on
    assert "昆山市政务服务中心" in chat.text("昆山政务服务中心在哪")
