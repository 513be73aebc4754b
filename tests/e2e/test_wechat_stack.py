"""The real wechatpy channel, in safe mode, against the fake WeChat platform through the whole
stack: gateway -> Rasa -> actions -> govapi and back, the desk included."""
import re

import pytest
import requests

from bot.desk.hotline import texts
from bot.store.database import make_engine
from bot.store.message_store import MessageStore
from tests.desk.desk_client import Staff, create_staff
from tests.e2e.chatting import is_chinese
from tests.gateway.fake_wechat import AES_KEY, FakeWechat, message_xml
from tests.gateway.wechat_stack import gateway_with_wechat, openids, say

DEMO_ID, DEMO_PHONE = "320102198503121234", "13800000001"


@pytest.fixture(scope="module")
def wechat(stack):
    fake = FakeWechat(aes_key=AES_KEY).start()
    with gateway_with_wechat(stack, fake, WECHAT_ENCODING_AES_KEY=AES_KEY):
        yield fake
    fake.stop()


@pytest.fixture(scope="module")
def agent(stack, wechat):
    done = create_staff(stack.env["GATEWAY_DATABASE_URL"], "wechat_agent", "agent", env=stack.env)
    assert done.returncode == 0 or "taken" in done.stderr, done.stderr
    return Staff(stack.url("gateway"), "wechat_agent")


def _latest_code(stack) -> str:
    outbox = requests.get(stack.url("govapi") + "/sandbox/sms", params={"phone": DEMO_PHONE},
                          headers={"X-API-Key": stack.env["GOVAPI_API_KEY"]}, timeout=5).json()
    return outbox["messages"][0]["code"]


def test_subscribing_greets_the_citizen(wechat):
    openid = next(openids)
    wechat.push(message_xml(openid, "event", Event="subscribe", EventKey=""), openid)
    greeting = "\n".join(a.text for a in wechat.wait_for_answers(openid, 1, quiet_s=1.0))
    assert is_chinese(greeting) and "通办" in greeting


def test_housing_fund_balance_with_identity_verification_then_a_numbered_choice(stack, wechat):
    """张伟 checks his housing fund balance: ID number, phone, SMS code, then the balance; then
    answers the social security card question with the number of "不用了"."""
    openid = next(openids)
    ask_id = say(wechat, openid, "查一下我的公积金余额")
    assert "身份证" in ask_id, ask_id
    ask_phone = say(wechat, openid, DEMO_ID)
    assert "手机" in ask_phone, ask_phone
    ask_code = say(wechat, openid, DEMO_PHONE)
    assert "验证码" in ask_code and "138****0001" in ask_code, ask_code
    balance = say(wechat, openid, _latest_code(stack))
    assert "余额" in balance and re.search(r"\d+(\.\d+)?\s*元", balance), balance
    assert DEMO_ID not in balance and DEMO_PHONE not in balance
    offer = say(wechat, openid, "我的社保卡状态")
    number = re.search(r"^(\d+)\. 不用了$", offer, re.MULTILINE)
    assert number, offer
    answer = say(wechat, openid, number.group(1))
    assert is_chinese(answer), answer
    engine = make_engine(stack.env["GATEWAY_DATABASE_URL"])
    try:
        picked = MessageStore(engine).latest_inbound(f"wx:{openid}", 1)[0]
    finally:
        engine.dispose()
    assert picked["text"] == "/deny" and picked["display_text"] == f"{number.group(1)}. 不用了"


def test_shared_location_finds_the_nearest_service_hall(stack, wechat):
    openid = next(openids)
    lat, lng = 31.2990, 120.5853  # Suzhou
    nearest = requests.get(stack.url("govapi") + "/v1/halls/nearest", params={"lat": lat, "lng": lng, "limit": 1},
                           headers={"X-API-Key": stack.env["GOVAPI_API_KEY"]}, timeout=5).json()["halls"][0]
    wechat.push(message_xml(openid, "location", wechat.next_msg_id(), Location_X=lat, Location_Y=lng, Scale=15,
                            Label="苏州市"), openid)
    (answer,) = wechat.wait_for_answers(openid, 1)
    assert nearest["name_zh"] in answer.text and "公里" in answer.text


def test_hand_off_answered_by_an_agent_in_the_desk(stack, wechat, agent):
    openid = next(openids)
    conversation = f"wx:{openid}"
    say(wechat, openid, "我想查一下我的社保缴费记录")
    told = say(wechat, openid, "转人工")
    assert is_chinese(told) and "12345" in told, told
    ticket = agent.ticket_of(conversation)
    assert ticket["channel"] == "wx" and ticket["team"] == "social_security"
    already = len(wechat.answers(openid))
    wechat.text(openid, "有人吗")
    agent.call("POST", f"/api/desk/tickets/{ticket['id']}/claim")
    agent.call("POST", f"/api/desk/tickets/{ticket['id']}/reply", {"text": "您好，我是社保坐席，请讲。"})
    answers = wechat.wait_for_answers(openid, already + 2, quiet_s=1.0)[already:]
    assert [(a.kind, a.text) for a in answers] == [("custom", texts.say("claimed", "zh", name="wechat_agent")),
                                                   ("custom", "您好，我是社保坐席，请讲。")]
    detail = agent.call("GET", f"/api/desk/tickets/{ticket['id']}")
    assert detail["conversation"]["channel"] == "wx"
    assert [m["text"] for m in detail["messages"] if m["who"] == "citizen"][-1] == "有人吗"


def test_a_caller_sends_the_desk_link_token_and_their_matter_starts(stack, wechat, agent):
    made = agent.call("POST", "/api/desk/links", {"matter": "housing_fund_balance", "note": "来电咨询公积金"},
                      expect=201)
    assert made["wechat_message"] == made["token"]
    openid = next(openids)
    started = say(wechat, openid, made["token"])
    assert started.startswith(texts.say("link_welcome", "zh")), started
    assert "身份证" in started, started
    assert agent.call("GET", "/api/desk/links")["links"][0]["conversation_id"] == f"wx:{openid}"
