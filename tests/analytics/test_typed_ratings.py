"""What a typed message reads as while a rating is asked: the whole message must be a rating phrase,
in either language and script, full-width or not."""
import pytest

from analytics.questions import NO_THANKS
from analytics.typed_ratings import typed_score


@pytest.mark.parametrize("typed, score", [
    ("很满意", 5), ("满意", 4), ("一般", 3), ("不满意", 2), ("差评", 1), ("很不满意", 1),
    ("very satisfied", 5), ("Very Satisfied!", 5), ("it was ok", 3), ("It was OK.", 3), ("terrible", 1),
    ("5分", 5), ("五星", 5), ("３分", 3), ("4 stars", 4), ("2/5", 2), ("1", 1), ("两星", 2),
    ("很滿意", 5), ("不滿意", 2), ("我很满意！", 5), ("还行吧", 3),
    ("不用了", NO_THANKS), ("No thanks", NO_THANKS),
])
def test_a_rating_phrase_reads_as_its_score(typed, score):
    assert typed_score(typed) == score


@pytest.mark.parametrize("typed", [
    "我要补办社保卡", "满意度调查在哪里", "6分", "0", "好", "ok", "Fine.", "", "/rate_service", "not",
])
def test_anything_else_is_not_a_rating(typed):
    assert typed_score(typed) is None
