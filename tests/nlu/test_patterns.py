import pytest

from nlu.text.normalisation import normalise
from nlu.text.patterns import find_pattern_entities
from nlu.text.patterns.case_numbers import find_case_numbers
from nlu.text.patterns.id_numbers import find_id_numbers, is_valid_id_number
from nlu.text.patterns.languages import find_languages
from nlu.text.patterns.otp import find_otps
from nlu.text.patterns.phones import find_phones

# 320302 is a real Xuzhou code missing from stdnum's region table.
VALID_ID = "32030219900101002X"
VALID_ID_NANJING = "110101199003074477"


def found(finder, text):
    return [(f.entity, f.value, text[f.start : f.end]) for f in finder(normalise(text))]


def test_checksum_is_validated():
    assert is_valid_id_number(VALID_ID)
    assert is_valid_id_number(VALID_ID_NANJING)
    assert is_valid_id_number("320302199001010011")
    assert not is_valid_id_number("320302199001010012")


def test_valid_id_number_with_unknown_region_and_lower_case_x():
    text = "我的身份证是32030219900101002x"
    assert found(find_id_numbers, text) == [("id_number", VALID_ID, "32030219900101002x")]


def test_wrong_checksum_is_reported_as_invalid():
    assert found(find_id_numbers, "ID 320302199001010012") == [
        ("id_number_invalid", "320302199001010012", "320302199001010012")]


def test_impossible_birth_date_is_invalid():
    number = "32010219901332001"  # month 13
    for digit in "0123456789X":
        assert not is_valid_id_number(number + digit)


def test_full_width_id_number_offsets_point_at_original():
    text = "身份證號：１１０１０１１９９００３０７４４７７"
    [(entity, value, surface)] = found(find_id_numbers, text)
    assert (entity, value) == ("id_number", VALID_ID_NANJING)
    assert surface == "１１０１０１１９９００３０７４４７７"


@pytest.mark.parametrize(
    "text, surface",
    [("我的手机13800000001", "13800000001"), ("call +86 138-0000-0001", "+86 138-0000-0001"),
     ("手机号 139 1234 5678 谢谢", "139 1234 5678")],
)
def test_mainland_mobile(text, surface):
    [(entity, value, matched)] = found(find_phones, text)
    assert entity == "phone" and matched == surface and len(value) == 11 and value.startswith("1")


@pytest.mark.parametrize("text", ["12345678901", "02584556677", "138000000011", VALID_ID_NANJING])
def test_not_a_mobile(text):
    assert found(find_phones, text) == []


def test_case_number():
    assert found(find_case_numbers, "帮我查下js20261125000123的进度") == [
        ("case_number", "JS20261125000123", "js20261125000123")]
    assert found(find_case_numbers, "JS2026112500012") == []


@pytest.mark.parametrize("text", ["123456", " 654321 ", "验证码是123456", "the code is 123456", "OTP: 123456",
                                  "刚收到的是123456", "the verification code I just got on my phone is 123456"])
def test_otp_when_a_code_is_given(text):
    assert [value for _, value, _ in found(find_otps, text)] == [text.strip()[-6:]]


@pytest.mark.parametrize("text", ["我家邮编215300附近", "1234567", "123456 and 654321", "12345",
     "我上个月交了123456块钱的社保还没有到账是怎么回事"])
def test_no_otp_otherwise(text):
    assert found(find_otps, text) == []


@pytest.mark.parametrize(
    "text, value",
    [("请说英文", "en"), ("English please", "en"), ("說中文", "zh"), ("讲普通话", "zh"),
     ("can you speak Chinese", "zh"), ("用英語回答", "en")],
)
def test_language_requested(text, value):
    assert [v for _, v, _ in found(find_languages, text)] == [value]


@pytest.mark.parametrize(
    "text, value",
    [("看不懂英文，请说中文", "zh"), ("I don't read Chinese, English please", "en"), ("set language to en", "en")],
)
def test_last_named_language_is_the_one_asked_for(text, value):
    assert [v for _, v, _ in found(find_languages, text)] == [value]


def test_chinese_id_is_not_a_language():
    assert found(find_languages, "I misplaced my Chinese ID card") == []


def test_overlapping_finders_keep_the_more_specific_entity():
    entities = find_pattern_entities(normalise(f"身份证{VALID_ID_NANJING} 手机13800000001 验证码 246810"))
    assert [e.entity for e in entities] == ["id_number", "phone", "otp"]
