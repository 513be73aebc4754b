"""The whole pipeline through a trained model, as the running bot uses it."""
import pytest

from nlu.text.patterns.dates import today_in_china

BAD_INPUT = [
    "", " ", "\n\t", "😀", "😀🎉👍🏽" * 20, "\x00\x01\x02\x1b[31m", "查" * 10000, "a " * 5000,
    "Привет, как дела?", "مرحبا", "こんにちは", "안녕하세요", "<script>alert('x')</script>",
    "'; DROP TABLE users; --", "{{7*7}} ${jndi:ldap://x}", "\ud7ff\ufeff\u200b", "１２３４５６７８９０" * 50,
]


def entities(parse, entity_type):
    return [e for e in parse["entities"] if e["entity"] == entity_type]


@pytest.mark.parametrize("text", BAD_INPUT)
def test_bad_input_returns_an_intent_and_never_raises(trained_parser, text):
    parse = trained_parser.parse(text)
    assert isinstance(parse["intent"]["name"], str) and parse["intent"]["name"]
    assert parse["text"] == text.strip()  # Rasa strips surrounding whitespace


def test_text_stays_as_typed_and_offsets_index_it(trained_parser):
    text = "我的電話是１３８００００００01，身份證１１０１０１１９９００３０７４４７７"
    parse = trained_parser.parse(text)
    assert parse["text"] == text
    [phone] = entities(parse, "phone")
    [id_number] = entities(parse, "id_number")
    assert text[phone["start"] : phone["end"]] == "１３８００００００01"
    assert phone["value"] == "13800000001"
    assert text[id_number["start"] : id_number["end"]] == "１１０１０１１９９００３０７４４７７"


def test_all_entity_kinds_come_out_of_the_model(trained_parser):
    parse = trained_parser.parse("明天去蘇州昆山辦JS20261125000123，手机13800000001，验证码123456")
    found = {e["entity"]: e["value"] for e in parse["entities"]}
    assert found["city"] == "320500"
    assert found["county"] == "320583"
    assert found["case_number"] == "JS20261125000123"
    assert found["phone"] == "13800000001"
    assert found["otp"] == "123456"
    assert found["message_language"] == "zh"
    assert len(found["date"]) == 10 and found["date"] > today_in_china().isoformat()


def test_wrong_checksum_reaches_dialogue_as_invalid(trained_parser):
    parse = trained_parser.parse("my ID is 320302199001010012")
    assert [e["value"] for e in entities(parse, "id_number_invalid")] == ["320302199001010012"]
    assert entities(parse, "id_number") == []


def test_message_language_from_text(trained_parser):
    assert entities(trained_parser.parse("how do I renew my ID card"), "message_language")[0]["value"] == "en"
    assert entities(trained_parser.parse("身份證過期了怎麼換"), "message_language")[0]["value"] == "zh"


def test_telegram_language_code_decides_very_short_messages(trained_parser):
    parse = trained_parser.parse("ok", metadata={"language_code": "zh-hans"})
    assert entities(parse, "message_language")[0]["value"] == "zh"
    assert parse["language_detection"] == {"language": "zh", "confidence": 0.7, "source": "prior"}
    parse = trained_parser.parse("好", metadata={"language_code": "en"})
    assert entities(parse, "message_language")[0]["value"] == "en"


def test_switch_language_carries_the_requested_language(trained_parser):
    parse = trained_parser.parse("请说英文")
    assert [e["value"] for e in entities(parse, "language")] == ["en"]
