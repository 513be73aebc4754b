"""Each Rasa component on Rasa messages, without training."""
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.components.constants import NORMALISED_TEXT
from nlu.components.gazetteer import GazetteerEntityExtractor
from nlu.components.language import LanguageDetector
from nlu.components.normalisation import TextNormaliser
from nlu.components.patterns import PatternEntityExtractor
from nlu.components.segmentation import BilingualTokenizer
from nlu.text.gazetteer import division_gazetteer
from nlu.text.segmentation import chinese_segmenter, english_pipeline


def run(*components, text, metadata=None):
    message = Message(data={TEXT: text, "metadata": metadata})
    for component in components:
        component.process([message])
    return message


def tokenizer():
    return BilingualTokenizer(BilingualTokenizer.get_default_config())


def test_normaliser_keeps_text_and_stores_normalised_copy():
    message = run(TextNormaliser(), text="ＯＫ，後天")
    assert message.get(TEXT) == "ＯＫ，後天"
    assert message.get(NORMALISED_TEXT) == "ok,后天"


def test_normaliser_runs_on_training_data():
    data = TrainingData([Message(data={TEXT: "蘇州", "intent": "inform"})])
    TextNormaliser().process_training_data(data)
    assert data.training_examples[0].get(NORMALISED_TEXT) == "苏州"


def test_tokens_are_normalised_with_original_offsets():
    message = run(TextNormaliser(), tokenizer(), text="我想查詢 Social Security")
    tokens = message.get(TOKENS_NAMES[TEXT])
    texts = [t.text for t in tokens]
    assert texts[-2:] == ["social", "security"]
    assert "".join(texts[:-2]) == "我想查询"
    for token in tokens:
        assert message.get(NORMALISED_TEXT)[token.start : token.end] == token.text


def test_tokenizer_without_normaliser_still_normalises():
    message = run(tokenizer(), text="ＡＢＣ")
    assert [t.text for t in message.get(TOKENS_NAMES[TEXT])] == ["abc"]


def test_language_detector_reads_channel_metadata():
    message = run(TextNormaliser(), LanguageDetector(), text="ok", metadata={"language_code": "zh-hans"})
    [entity] = message.get(ENTITIES)
    assert (entity["entity"], entity["value"], entity["extractor"]) == ("message_language", "zh", "LanguageDetector")
    assert entity["start"] == 0 and entity["end"] == 2


def test_language_detector_emits_nothing_without_evidence():
    assert run(TextNormaliser(), LanguageDetector(), text="13800000001").get(ENTITIES) in (None, [])


def test_extractors_append_to_existing_entities():
    message = run(TextNormaliser(), tokenizer(), LanguageDetector(), PatternEntityExtractor(),
                  GazetteerEntityExtractor(), text="明天去昆山，手机13800000001")
    kinds = [(e["entity"], e["extractor"]) for e in message.get(ENTITIES)]
    assert ("message_language", "LanguageDetector") in kinds
    assert ("date", "PatternEntityExtractor") in kinds
    assert ("phone", "PatternEntityExtractor") in kinds
    assert ("county", "GazetteerEntityExtractor") in kinds


def test_extractors_skip_empty_text():
    message = run(TextNormaliser(), tokenizer(), PatternEntityExtractor(), GazetteerEntityExtractor(), text="")
    assert not message.get(ENTITIES)


def test_loading_the_model_loads_the_segmenters_and_the_gazetteer_before_the_first_message():
    loaded_lazily = (chinese_segmenter, english_pipeline, division_gazetteer)
    for cached in loaded_lazily:
        cached.cache_clear()
    BilingualTokenizer.create(BilingualTokenizer.get_default_config(), None, None, None)
    GazetteerEntityExtractor.create({}, None, None, None)
    assert [cached.cache_info().currsize for cached in loaded_lazily] == [1, 1, 1]
