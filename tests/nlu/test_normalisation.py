import pytest

from nlu.text.normalisation import normalise, to_halfwidth, to_simplified


@pytest.mark.parametrize(
    "original, expected",
    [
        ("我想查詢社保繳費記錄", "我想查询社保缴费记录"),
        ("ＪＳ２０２６１１２５０００１２３", "js20261125000123"),
        ("Hello　World，ＯＫ？", "hello world,ok?"),
        ("後天上午去蘇州辦身份證", "后天上午去苏州办身份证"),
        ("a\x00b\u200bc", "a b c"),
        ("", ""),
    ],
)
def test_normalise(original, expected):
    assert normalise(original) == expected


@pytest.mark.parametrize(
    "text",
    ["İstanbul 乾隆 頭髮 ＡＢＣ", "😀👍🏽" * 5, "Straße ǅ ﬁ", "\x00\x1f\x7f", "乾坤 幹部 乾燥"],
)
def test_normalise_keeps_length(text):
    assert len(normalise(text)) == len(text)


def test_offsets_index_original_text():
    original = "我的電話是１３８００００００01，謝謝"
    normalised = normalise(original)
    start = normalised.index("13800000001")
    assert original[start : start + 11] == "１３８００００００01"


def test_halfwidth_and_simplified_are_separate_steps():
    assert to_halfwidth("ａ，") == "a,"
    assert to_simplified("ａ") == "ａ"
    assert to_simplified("臺灣") in ("台湾", "臺湾")
