"""The reply language follows the citizen's words, not the numbers they type."""
from actions.language import reply_language
from tests.actions.conftest import conversation


def with_language(text, detected, current):
    tracker = conversation("inform", text, {"message_language": detected}, slots={"language": current})
    return reply_language(tracker)


def test_numbers_keep_the_current_language():
    for text in ("32030219580215456X", "13800000003", "123456", "JS20261119000001", "2026-12-01"):
        assert with_language(text, "en", "zh") == {}, text
        assert with_language(text, "zh", "en") == {}, text


def test_words_switch_the_reply_language():
    assert with_language("check my balance", "en", "zh") == {"language": "en"}
    assert with_language("公积金余额", "zh", "en") == {"language": "zh"}
    assert with_language("我的身份证是32030219580215456X", "zh", "en") == {"language": "zh"}
