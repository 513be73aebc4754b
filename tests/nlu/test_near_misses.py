"""A near miss — a message about a bank, a shop, a parcel or a haircut that
sounds like a service — must never start a form that asks for an ID number:
the trained model never gives it an identity-needing intent with a
confidence at or above the fallback threshold. Written for this test; not
taken from the training data or the held-out sets."""
import pytest

from actions.routing import REQUESTS
from nlu.evaluation.model_runner import top_intent_before_fallback
from nlu.evaluation.pipeline_config import configured_threshold

IDENTITY_INTENTS = {intent for intent, request in REQUESTS.items() if request.needs_identity}

NEAR_MISSES = [
    # balances that are not a fund or an insurance account
    "帮我看看支付宝里还剩多少钱", "公交卡余额怎么查", "加油卡里还有多少", "我的话费余额是多少",
    "how much is left on my coffee shop card", "what's my bank account balance",
    "my credit card bill, how much do I still owe",
    # the status of something that is not an application to the platform
    "网上买的火车票出票没有", "我的信用卡申卡进度", "外卖怎么还没送到", "my parcel from jd, where is it",
    "has the bank approved my car loan", "where is my online order",
    # bookings that are not a service hall
    "帮我约个美甲", "明天想去洗车，帮我预约", "约一下4S店做保养", "book me a dentist for friday",
    "reserve a tennis court tomorrow", "订个包间请客吃饭",
    # cards, pay and logins that belong to someone else
    "银行卡被吞了怎么办", "公交卡坏了去哪换", "I lost my metro card", "年终奖什么时候发",
    "my salary still hasn't come in", "房贷还剩多少没还", "how much is left on my mortgage",
    "淘宝登不上去了", "微信密码忘了怎么找回", "I can't log into my email",
    "帮我查一下快递单号", "银行的人脸识别老是失败", "保险公司的理赔进度怎么查",
    "商业医疗险怎么报销", "外地旅游要带什么东西",
    # Traditional and mixed
    "銀行卡的餘額怎麼查", "幫我預約剪頭髮", "我的 credit card 申请到哪了", "帮我 book 一个 KTV 包厢",
]


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_a_near_miss_never_reaches_an_identity_needing_intent(trained_parser, text):
    intent, confidence = top_intent_before_fallback(trained_parser.parse(text))
    assert not (intent in IDENTITY_INTENTS and confidence >= configured_threshold()), (intent, confidence)


def test_identity_needing_intents_are_the_ones_that_ask_for_an_id_number():
    assert {"verify_identity", "application_status", "book_appointment", "housing_fund_balance",
            "medical_insurance_balance", "social_security_card"} <= IDENTITY_INTENTS
    assert "out_of_scope" not in IDENTITY_INTENTS and "complaint" not in IDENTITY_INTENTS
