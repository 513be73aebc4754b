import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from nlu.text.intent_classifier import LinearIntentModel, gated, softmax
from nlu.text.intent_features import ParseTimeTfidfVectorizer, fit_features, message_view, transform
from nlu.text.normalisation import normalise
from nlu.text.segmentation import segment


def view(text):
    normalised = normalise(text)
    return message_view(normalised, [token.text for token in segment(normalised)])


TRAINING = [("我要投诉噪音", "complaint"), ("投诉窗口态度差", "complaint"), ("I want to complain", "complaint"),
            ("公积金余额多少", "housing_fund_balance"), ("查一下公积金", "housing_fund_balance"),
            ("my housing fund balance", "housing_fund_balance"), ("你好", "greet"), ("hello", "greet")]


@pytest.fixture(scope="module")
def model():
    return LinearIntentModel.fit([view(t) for t, _ in TRAINING], [i for _, i in TRAINING], c=1.0, temperature=0.2)


def test_softmax_rows_are_distributions():
    rows = softmax(np.array([[1.0, -1.0, 0.0], [50.0, 49.0, -30.0]]), temperature=0.2)
    assert np.allclose(rows.sum(axis=1), 1.0)
    assert rows[0].argmax() == 0 and rows[1].argmax() == 0


def test_ranking_is_sorted_and_limited(model):
    [ranking] = model.rank([view("公积金还有多少钱")], limit=2)
    assert [name for name, _ in ranking][0] == "housing_fund_balance"
    assert len(ranking) == 2 and ranking[0][1] >= ranking[1][1]


def test_traditional_and_full_width_text_share_features_with_simplified(model):
    [ranking] = model.rank([view("我要投訴噪音")], limit=1)
    assert ranking[0][0] == "complaint"


def test_a_homophone_typo_shares_pinyin_features_with_the_word():
    features, _ = fit_features([view("投诉")])
    pinyin = dict(features.transformer_list)["pinyin"]
    assert pinyin.transform([view("头诉")]).nnz > 0
    assert pinyin.transform([view("查询")]).nnz == 0


def test_an_abbreviation_in_pinyin_initials_shares_a_word_feature_with_the_word():
    features, _ = fit_features([view("公积金怎么取"), view("社保怎么交")])
    words = dict(features.transformer_list)["words"]
    vocabulary = words.vocabulary_
    assert "initials:gjj" in vocabulary and "initials:sb" in vocabulary
    assert words.transform([view("gjj")])[0, vocabulary["initials:gjj"]] > 0
    assert words.transform([view("gjj")])[0, vocabulary["initials:sb"]] == 0
    # a Latin word with a vowel is no abbreviation; one Han character has no initials feature
    assert not any(name.startswith("initials:") for name in fit_features([view("bus 取")])[0]
                   .transformer_list[1][1].vocabulary_)


@pytest.mark.parametrize("settings", [{"analyzer": "char_wb", "ngram_range": (1, 4), "sublinear_tf": True},
                                      {"sublinear_tf": True}, {"use_idf": False, "norm": None}])
def test_the_parse_time_vectoriser_weighs_as_sklearns_does(settings):
    documents = ["社保 怎么 交 交", "how do I pay social insurance", "公积金 提取", "pay pay pay"]
    unseen = ["社保 提取 xyz", "pay insurance insurance", "", "零 zero"]
    ours = ParseTimeTfidfVectorizer(**settings).fit(documents)
    sklearns = TfidfVectorizer(**settings).fit(documents)
    assert abs(ours.transform(unseen) - sklearns.transform(unseen)).max() < 1e-12
    assert abs(ParseTimeTfidfVectorizer(**settings).fit_transform(documents)
               - TfidfVectorizer(**settings).fit_transform(documents)).max() < 1e-12


def test_transform_is_the_feature_unions():
    features, _ = fit_features([view(text) for text, _ in TRAINING])
    messages = [view("公积金还有多少钱"), view(""), view("I want to complain about noise"), view("？？？")]
    assert abs(transform(features, messages) - features.transform(messages)).max() == 0


def test_marks_alone_get_no_intent(model):
    [ranking] = model.rank([view("？？？")], limit=3)
    assert len({confidence for _, confidence in ranking}) == 1


def test_entity_types_are_features():
    assert view("13800000001").entity_types == ("phone",)
    assert view("明天去苏州").entity_types == ("city", "date")


def test_two_intents_give_a_two_way_ranking():
    two = LinearIntentModel.fit([view("你好"), view("再见")], ["greet", "goodbye"], c=1.0, temperature=0.2)
    [ranking] = two.rank([view("你好呀")], limit=10)
    assert [name for name, _ in ranking] == ["greet", "goodbye"]


def test_one_intent_is_refused():
    with pytest.raises(ValueError):
        LinearIntentModel.fit([view("你好")], ["greet"], c=1.0, temperature=0.2)


def test_the_scope_gate_puts_out_of_scope_first_above_its_margin():
    ranking = [("housing_fund_balance", 0.7), ("out_of_scope", 0.2), ("greet", 0.1)]
    assert gated(ranking, 0.3, 0.0) == [("out_of_scope", 0.7), ("housing_fund_balance", 0.2), ("greet", 0.1)]
    assert gated(ranking, -0.3, 0.0) == ranking
    assert gated(ranking, 0.3, None) == ranking
    assert gated([("greet", 0.9), ("thank", 0.1)], 1.0, 0.0) == [("out_of_scope", 0.9), ("greet", 0.1)]


def test_the_scope_gate_is_trained_only_when_asked_and_out_of_scope_is_there():
    views = [view(t) for t, _ in TRAINING] + [view("今天天气怎么样"), view("tell me a joke")]
    intents = [i for _, i in TRAINING] + ["out_of_scope", "out_of_scope"]
    gated_model = LinearIntentModel.fit(views, intents, c=1.0, temperature=0.2, scope_gate=True)
    [scored] = gated_model.score([view("明天天气怎么样")], limit=3)
    assert scored.scope_margin is not None and scored.scope_margin > 0
    plain = LinearIntentModel.fit(views, intents, c=1.0, temperature=0.2)
    assert plain.score([view("明天天气怎么样")], limit=3)[0].scope_margin is None


def test_a_message_without_any_known_feature_gets_no_confident_intent():
    from nlu.text.intent_classifier import LinearIntentModel
    from nlu.text.intent_features import MessageView

    texts = [("你好", ("你好",)), ("您好啊", ("您好", "啊")), ("查公积金", ("查", "公积金")),
             ("公积金余额", ("公积金", "余额"))] * 3
    views = [MessageView(text, tokens, ()) for text, tokens in texts]
    intents = ["greet", "greet", "housing_fund_balance", "housing_fund_balance"] * 3
    model = LinearIntentModel.fit(views, intents, c=1.0, temperature=0.2)
    (ranking,) = model.rank([MessageView("", (), ())], limit=2)
    assert [round(confidence, 6) for _, confidence in ranking] == [0.5, 0.5]
