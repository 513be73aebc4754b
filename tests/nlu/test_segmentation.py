import pytest

from nlu.text.normalisation import normalise
from nlu.text.segmentation import segment


def words(text):
    return [token.text for token in segment(normalise(text))]


def test_domain_words_stay_whole():
    tokens = words("我要办异地就医备案，顺便查公积金和医保")
    assert {"异地就医备案", "公积金", "医保"} <= set(tokens)


def test_division_names_stay_whole():
    assert "昆山市" in words("我在昆山市政务服务中心")
    assert "雨花台区" in words("南京雨花台区")


def test_latin_runs_are_lemmatised():
    tokens = segment(normalise("I lost my Cards"))
    assert [t.text for t in tokens] == ["i", "lost", "my", "cards"]
    assert [t.lemma for t in tokens] == ["i", "lose", "my", "card"]


def test_no_whitespace_or_punctuation_tokens():
    for token in segment(normalise("你好！！ hello , world 。。。 ？")):
        assert token.text.strip() == token.text and any(ch.isalnum() for ch in token.text)


def test_offsets_index_original_text():
    original = "我想查詢 Social Security 繳費記錄"
    for token in segment(normalise(original)):
        assert normalise(original[token.start : token.end]) == token.text


def test_mixed_scripts_split_at_script_changes():
    assert words("身份证号320102199001011234") == ["身份证号", "320102199001011234"]
    assert words("JS20261125000123进度") == ["js20261125000123", "进度"]


@pytest.mark.parametrize(
    "text",
    ["", "   ", "😀😀😀", "\x00\x01\x02", "Привет мир", "مرحبا", "<script>alert(1)</script>",
     "'; DROP TABLE users; --", "查" * 10000, "a" * 10000],
)
def test_bad_input_never_raises(text):
    tokens = segment(normalise(text))
    assert all(0 <= t.start < t.end <= len(text) for t in tokens)
