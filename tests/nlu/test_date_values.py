from nlu.evaluation.date_values import date_value_accuracy

SPEC = """today: 2026-11-25
dates:
- {text: "上周交的", span: "上周", value: "2026-11-16", range: ["2026-11-16", "2026-11-22", week], tense: past}
- {text: "明天下午", span: "明天下午", value: "2026-11-26", part_of_day: afternoon, tense: future}
- {text: "明天下午", span: "明天下午", value: "2026-11-26", tense: future}
- {text: "周五", span: "周五", value: "2026-11-20", tense: past}
"""


def test_value_range_part_of_day_and_tense_must_all_match(tmp_path):
    path = tmp_path / "values.yml"
    path.write_text(SPEC, encoding="utf-8")
    result = date_value_accuracy(path)
    assert (result["dates"], result["correct"]) == (4, 2)
    assert [miss["text"] for miss in result["misses"]] == ["明天下午", "周五"]


def test_the_shipped_value_set_is_fully_resolved():
    result = date_value_accuracy()
    assert result["dates"] >= 40
    assert result["misses"] == []
