import pytest

from nlu.evaluation.metrics import (
    Prediction,
    choose_threshold,
    entity_scores,
    intent_scores,
    language_category,
    threshold_sweep,
    worst_confusions,
)


@pytest.mark.parametrize(
    "text, category",
    [("我想查社保", "zh"), ("check my pension", "en"), ("我想查一下 social security 缴费记录", "mixed"),
     ("我想查詢社保", "zh_hant"), ("13800000001", "en"), ("ＯＫ", "en")],
)
def test_language_category(text, category):
    assert language_category(text) == category


def prediction(true, guess, confidence=0.9, text="x", true_entities=(), predicted_entities=()):
    return Prediction(text, "zh", true, guess, confidence, list(true_entities), list(predicted_entities))


def test_low_confidence_counts_as_out_of_scope():
    predictions = [prediction("greet", "greet", 0.9), prediction("out_of_scope", "greet", 0.3)]
    assert intent_scores(predictions, 0.0)["intent_accuracy"] == 0.5
    scores = intent_scores(predictions, 0.5)
    assert scores["intent_accuracy"] == 1.0 and scores["oos_recall"] == 1.0


def test_out_of_scope_precision_counts_in_scope_messages_sent_to_the_fallback():
    predictions = [prediction("out_of_scope", "out_of_scope"), prediction("greet", "greet", 0.2),
                   prediction("out_of_scope", "greet", 0.9)]
    scores = intent_scores(predictions, 0.5)
    assert (scores["oos_precision"], scores["oos_recall"]) == (0.5, 0.5)
    assert intent_scores([prediction("greet", "greet")], 0.5)["oos_precision"] is None


def test_threshold_choice_maximises_accuracy():
    predictions = [prediction("greet", "greet", 0.9), prediction("out_of_scope", "greet", 0.3),
                   prediction("thank", "thank", 0.45)]
    rows = threshold_sweep(predictions, [0.0, 0.4, 0.5])
    assert [round(r["accuracy"], 3) for r in rows] == [0.667, 1.0, 0.667]
    assert choose_threshold(rows)["threshold"] == 0.4


def test_entity_scores_check_span_and_explicit_values():
    text = "我在苏州"
    truth = [{"entity": "city", "start": 2, "end": 4, "value": "320500"}]
    right = [{"entity": "city", "start": 2, "end": 4, "value": "320500"}]
    wrong_value = [{"entity": "city", "start": 2, "end": 4, "value": "320100"}]
    assert entity_scores([prediction("inform", "inform", text=text, true_entities=truth,
                                     predicted_entities=right)], ["city"])["city"]["f1"] == 1.0
    scores = entity_scores([prediction("inform", "inform", text=text, true_entities=truth,
                                       predicted_entities=wrong_value)], ["city"])["city"]
    assert (scores["precision"], scores["recall"]) == (0.0, 0.0)


def test_surface_valued_annotations_are_span_checked():
    text = "明天"
    truth = [{"entity": "date", "start": 0, "end": 2, "value": "明天"}]
    predicted = [{"entity": "date", "start": 0, "end": 2, "value": "2026-11-26"}]
    assert entity_scores([prediction("inform", "inform", text=text, true_entities=truth,
                                     predicted_entities=predicted)], ["date"])["date"]["f1"] == 1.0


def test_worst_confusions_are_counted_pairs():
    predictions = [prediction("greet", "thank", text="a"), prediction("greet", "thank", text="b"),
                   prediction("deny", "affirm", text="c"), prediction("deny", "deny")]
    assert worst_confusions(predictions, 0.0) == [("greet", "thank", 2, "a"), ("deny", "affirm", 1, "c")]


def test_a_prediction_can_be_regated_at_another_margin():
    gated = Prediction("银行卡余额", "zh", "out_of_scope", "out_of_scope", 0.8, scope_margin=0.2,
                       ungated_intent="housing_fund_balance")
    assert gated.gated_at(0.5).classifier_intent == "housing_fund_balance"
    assert gated.gated_at(0.0).classifier_intent == "out_of_scope"
    assert gated.gated_at(None).classifier_intent == "housing_fund_balance"
    assert prediction("greet", "greet").gated_at(0.0).classifier_intent == "greet"
