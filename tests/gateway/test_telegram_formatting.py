"""Rasa replies in Telegram's terms: escaping, links, splitting, callback data."""
from bot.telegram.formatting import (
    CALLBACK_DATA_LIMIT,
    TELEGRAM_LIMIT,
    CallbackPayloads,
    html_chunks,
    inline_keyboard,
    split_text,
    to_html,
)


def test_html_special_characters_are_escaped_and_markdown_links_kept():
    assert to_html("1 < 2 & 3 > 2") == "1 &lt; 2 &amp; 3 &gt; 2"
    assert to_html("见[办事指南](https://x.gov.cn/a?b=1&c=2)。") == \
        '见<a href="https://x.gov.cn/a?b=1&amp;c=2">办事指南</a>。'
    assert to_html("<b>not bold</b>") == "&lt;b&gt;not bold&lt;/b&gt;"


def test_long_text_is_split_after_sentences_and_nothing_is_lost():
    text = "".join(f"第{i}句话，内容比较长一些。" for i in range(800))
    chunks = split_text(text)
    assert len(chunks) > 1
    assert all(len(chunk) <= TELEGRAM_LIMIT for chunk in chunks)
    assert all(chunk.endswith("。") for chunk in chunks)
    assert "".join(chunks) == text


def test_english_sentences_split_at_full_stops():
    text = " ".join(f"Sentence number {i} is here." for i in range(400))
    chunks = split_text(text, 500)
    assert all(len(chunk) <= 500 and chunk.endswith(".") for chunk in chunks)
    assert " ".join(chunks).split() == text.split()


def test_one_endless_sentence_is_still_cut_to_the_limit():
    chunks = split_text("字" * 9000)
    assert [len(c) for c in chunks] == [4096, 4096, 808]


def test_escaping_never_pushes_a_piece_over_the_limit():
    chunks = html_chunks("<&>" * 3000)
    assert len(chunks) > 2 and all(len(chunk) <= TELEGRAM_LIMIT for chunk in chunks)


def test_long_payloads_go_through_a_table_short_ones_as_they_are():
    payloads = CallbackPayloads()
    short = "/affirm"
    long = '/inform{"case_number": "JS20261125000123", "note": "' + "很长" * 30 + '"}'
    assert payloads.encode(short) == short
    key = payloads.encode(long)
    assert len(key.encode()) <= CALLBACK_DATA_LIMIT
    assert payloads.decode(key) == long and payloads.decode(short) == short
    assert payloads.decode("k:unknown") is None


def test_buttons_become_one_inline_button_per_row_and_urls_become_link_buttons():
    markup = inline_keyboard([{"title": "是", "payload": "/affirm"},
                              {"title": "指南", "payload": "https://example.org/guide"}], CallbackPayloads())
    (yes,), (guide,) = markup.inline_keyboard
    assert (yes.text, yes.callback_data) == ("是", "/affirm")
    assert (guide.text, guide.url) == ("指南", "https://example.org/guide")
    assert inline_keyboard([], CallbackPayloads()) is None
