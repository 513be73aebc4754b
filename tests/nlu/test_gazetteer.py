import pytest

from nlu.text.gazetteer import division_gazetteer
from nlu.text.normalisation import normalise


def places(text):
    return [(f.entity, f.value, text[f.start : f.end]) for f in division_gazetteer().find(normalise(text))]


@pytest.mark.parametrize(
    "text, surface, entity, code",
    [
        ("我在苏州", "苏州", "city", "320500"),
        ("苏州市政务服务中心在哪", "苏州市", "city", "320500"),
        ("where is the service centre in Suzhou", "Suzhou", "city", "320500"),
        ("SUZHOU city hall", "SUZHOU city", "city", "320500"),
        ("昆山的大厅几点开门", "昆山", "county", "320583"),
        ("昆山市", "昆山市", "county", "320583"),
        ("I work in Kunshan", "Kunshan", "county", "320583"),
        ("蘇州", "蘇州", "city", "320500"),
        ("江宁区", "江宁区", "county", "320115"),
        ("Jiangning District", "Jiangning District", "county", "320115"),
        ("Huaian", "Huaian", "city", "320800"),
        ("Huai'an", "Huai'an", "city", "320800"),
        ("丰县", "丰县", "county", "320321"),
        ("Hai'an City", "Hai'an City", "county", "320685"),
        ("崑山", "崑山", "county", "320583"),
        ("the Gusu district office", "Gusu district", "county", "320508"),
        ("我在建湖上班", "建湖", "county", "320925"),
        ("去东台办居住证", "东台", "county", "320981"),
        ("去泰兴办居住证", "泰兴", "county", "321283"),
        ("想把户口迁到武进去", "武进", "county", "320412"),
        ("从如皋转过来的社保", "如皋", "county", "320682"),
        ("相城市民怎么办", "相城", "county", "320507"),
        ("去江宁区办居住证", "江宁区", "county", "320115"),
        ("苏州市民卡", "苏州", "city", "320500"),
    ],
)
def test_names_short_forms_pinyin_and_english(text, surface, entity, code):
    assert places(text) == [(entity, code, surface)]


def test_ambiguous_short_form_prefers_the_city_in_the_message():
    assert places("徐州鼓楼区") == [("city", "320300", "徐州"), ("county", "320302", "鼓楼区")]
    assert places("Gulou District, Xuzhou") == [("county", "320302", "Gulou District"), ("city", "320300", "Xuzhou")]


def test_ambiguous_short_form_alone_is_nanjing_with_candidates():
    [found] = division_gazetteer().find(normalise("鼓楼"))
    assert found.value == "320106"
    assert found.extra["candidates"] == ["320106", "320302"]


@pytest.mark.parametrize("text", ["上海安排一下", "比如东西", "我想办社保", "", "😀"])
def test_names_inside_other_words_are_not_matched(text):
    assert places(text) == []
