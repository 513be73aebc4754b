"""Personal data is masked in free text wherever it is stored or logged outside govapi."""
import pytest

from privacy.masking import mask_personal_data


@pytest.mark.parametrize("raw, masked", [
    ("我的身份证号是320102198503121234", "我的身份证号是3201**********1234"),
    ("ID 32010219850312123X please", "ID 3201**********123X please"),
    ("手机13800000001", "手机138****0001"),
    ("call +86 138 0000 0001", "call 138****0001"),
    ("tel 138-0000-0001", "tel 138****0001"),
    ("卡号6222020200001234567", "卡号***************4567"),
    ("card 6222 0202 0000 1234 567", "card ***************4567"),
    ("验证码是 482913", "验证码是 ******"),
    ("身份证320102198503121234 手机13800000001 验证码482913",
     "身份证3201**********1234 手机138****0001 验证码******"),
    ("我叫王小明，想问下社保", "我叫**，想问下社保"),
    ("姓名：欧阳娜娜 电话13912345678", "姓名：** 电话139****5678"),
    ("my name is John Smith and I lost my card", "my name is ** and I lost my card"),
    ("My name's li, phone 13800000001", "My name's **, phone 138****0001"),
])
def test_personal_data_is_masked(raw, masked):
    assert mask_personal_data(raw) == masked


@pytest.mark.parametrize("text", ["2026年11月25日上午10点", "我要查公积金余额", "我叫什么不重要",
                                  "what is my name on the card", "case JS20261125000123 please",
                                  "1234", "12345热线", "", "12345 or 1234567"])
def test_ordinary_text_is_left_alone(text):
    assert mask_personal_data(text) == text


def test_every_six_digit_number_counts_as_a_code():
    # A one-time code cannot be told from other 6-digit numbers; privacy wins.
    assert mask_personal_data("邮编210000") == "邮编******"


def test_computed_values_keep_their_six_digits_but_not_their_personal_numbers():
    from privacy.masking import mask_nested
    assert mask_personal_data("320583", codes=False) == "320583"
    assert mask_nested({"place": "320583", "note": ["13800000001"]}, codes=False) == {
        "place": "320583", "note": ["138****0001"]}


def test_display_masks():
    from privacy.masking import mask_id, mask_phone
    assert (mask_id("320102198503121234"), mask_phone("13800000001")) == ("3201**********1234", "138****0001")
    assert (mask_id("123"), mask_phone("123")) == ("****", "***")
