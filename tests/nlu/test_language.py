import pytest

from nlu.text.language import detect_language, language_from_code


@pytest.mark.parametrize(
    "text, expected",
    [
        ("我想查一下社保缴费记录", "zh"),
        ("how many years of social security have I paid", "en"),
        ("我想查一下 social security 缴费记录", "zh"),
        ("社保卡 lost 了怎么办", "zh"),
        ("how do I apply for a 居住证 in Suzhou", "en"),
        ("我想查詢社保繳費記錄", "zh"),
        ("請問居住證怎麼辦理", "zh"),
    ],
)
def test_language_of_text(text, expected):
    decision = detect_language(text)
    assert decision.language == expected
    assert decision.source == "text"
    assert 0.0 < decision.confidence <= 1.0


@pytest.mark.parametrize(
    "text, code, expected",
    [("ok", "zh-hans", "zh"), ("好", "en", "en"), ("好的", "en-GB", "en"), ("no", "zh_TW", "zh")],
)
def test_client_language_code_decides_short_messages(text, code, expected):
    decision = detect_language(text, code)
    assert (decision.language, decision.source) == (expected, "prior")


def test_prior_does_not_override_longer_messages():
    decision = detect_language("I would like to renew my ID card", "zh-hans")
    assert (decision.language, decision.source) == ("en", "text")


def test_short_messages_without_prior_use_the_text():
    assert detect_language("ok").language == "en"
    assert detect_language("好").language == "zh"


@pytest.mark.parametrize("text", ["", "13800000001", "😀😀", "   ", "Привет"])
def test_no_evidence_means_no_decision(text):
    assert detect_language(text) is None


def test_no_evidence_with_prior_uses_prior():
    assert detect_language("13800000001", "en").language == "en"


@pytest.mark.parametrize("code, expected", [("zh-hans", "zh"), ("EN", "en"), ("fr", None), (None, None), (7, None)])
def test_language_from_code(code, expected):
    assert language_from_code(code) == expected


def test_short_messages_have_low_confidence():
    assert detect_language("ok").confidence <= 0.6
    assert detect_language("我想查一下社保缴费记录").confidence == 1.0
