"""The WeChat channel of the gateway as a real process, with the real wechatpy, against the fake
WeChat platform over HTTP and the stand-in Rasa: the server check, plaintext and safe mode,
refused requests, the reply window, WeChat's repeats, long answers, numbered choices, media."""
import itertools
import time

import pytest
import redis
import requests

from bot import notices
from bot.store.database import make_engine
from bot.store.message_store import MessageStore
from bot.wechat.formatting import WECHAT_TEXT_LIMIT
from tests.gateway.fake_rasa import LONG_SENTENCE
from tests.gateway.fake_wechat import AES_KEY, APP_ID, PREVIOUS_AES_KEY, TOKEN, FakeWechat, message_xml, signature
from tests.gateway.gateway_process import GatewayProcess

WINDOW_S = 1.0
openids = (f"oTest{n:06d}_citizenAbcdefghi" for n in itertools.count(1))


@pytest.fixture(scope="module")
def wechat():
    fake = FakeWechat().start()
    yield fake
    fake.stop()


@pytest.fixture(scope="module")
def db_url(tmp_path_factory):
    return f"sqlite:///{tmp_path_factory.mktemp('wxdb') / 'gateway.db'}"


@pytest.fixture(scope="module")
def gateway(tmp_path_factory, fake_rasa, wechat, db_url):
    process = GatewayProcess(tmp_path_factory.mktemp("wx"), RASA_URL=fake_rasa.url, GATEWAY_DATABASE_URL=db_url,
                             GOVAPI_URL="http://127.0.0.1:9",
                             **wechat.gateway_env(WECHAT_REPLY_WINDOW_S=str(WINDOW_S))).start()
    wechat.targets = [process.url]
    yield process
    process.stop()


@pytest.fixture(scope="module")
def store(db_url, gateway):
    engine = make_engine(db_url)
    yield MessageStore(engine)
    engine.dispose()


@pytest.fixture
def impatient(wechat):
    """WeChat gives up on an attempt sooner than the gateway's window (to make it repeat messages)."""
    def set_patience(seconds: float) -> FakeWechat:
        wechat.patience_s = seconds
        return wechat
    yield set_patience
    wechat.patience_s = 5.0


def _texts(answers):
    return [answer.text for answer in answers]


def _received(fake_rasa, openid):
    return [body["message"] for body in fake_rasa.received if body["sender"] == f"wx:{openid}"]


def test_server_check_echoes_only_for_our_signature(gateway, wechat):
    query = {**wechat.signed_query(), "echostr": "7146293862447"}
    answer = requests.get(gateway.url + "/wechat", params=query, timeout=5)
    assert (answer.status_code, answer.text) == (200, "7146293862447")
    forged = {**wechat.signed_query(token="not-our-token"), "echostr": "1"}
    assert requests.get(gateway.url + "/wechat", params=forged, timeout=5).status_code == 403
    assert requests.get(gateway.url + "/wechat", params={"echostr": "1"}, timeout=5).status_code == 403


def test_plaintext_message_is_answered_in_the_response(gateway, wechat, fake_rasa, store):
    openid = next(openids)
    delivery = wechat.text(openid, "你好")
    assert delivery.statuses == [200]
    (answer,) = wechat.wait_for_answers(openid, 1)
    assert (answer.kind, answer.text) == ("passive", "echo: 你好")
    assert fake_rasa.received[-1]["metadata"]["channel"] == "wechat"
    inbound, outbound = store.history(f"wx:{openid}")
    assert (inbound["text"], outbound["text"]) == ("你好", "echo: 你好")
    assert store.conversation(f"wx:{openid}")["channel"] == "wx"


def test_forged_stale_or_missing_signatures_get_403_and_nothing_is_stored(gateway, wechat, fake_rasa, store):
    openid = next(openids)
    body = message_xml(openid, "text", wechat.next_msg_id(), Content="我的身份证320102198503121234")
    for query in (wechat.signed_query(token="guessed-token"),
                  wechat.signed_query(timestamp=int(time.time()) - 3600),
                  {"timestamp": str(int(time.time())), "nonce": "n"}):
        refused = requests.post(gateway.url + "/wechat", params=query, data=body.encode(), timeout=5)
        assert refused.status_code == 403 and "无权访问" in refused.json()["error"]["message"]
    time.sleep(WINDOW_S)
    assert store.conversation(f"wx:{openid}") is None
    assert not _received(fake_rasa, openid) and not wechat.answers(openid)


def test_unreadable_or_huge_bodies_get_4xx_and_nothing_is_stored(gateway, wechat, store):
    openid = next(openids)
    bodies = {"<xml><Content>unclosed": 400,
              "<xml><FromUserName>x</FromUserName></xml>": 400,  # no MsgType
              message_xml("../../etc", "text", 1, Content="hi"): 400,  # not an openid
              message_xml(openid, "text", 1, Content="hi").replace("<MsgId>1<", "<MsgId>one<"): 400,
              "<xml>" + "x" * 70_000 + "</xml>": 413}
    for body, status in bodies.items():
        answer = requests.post(gateway.url + "/wechat", params=wechat.signed_query(body), data=body.encode(),
                               timeout=5)
        assert answer.status_code == status, (body[:60], answer.text)
    assert store.conversation(f"wx:{openid}") is None


def test_subscribing_greets_and_other_events_are_acknowledged(gateway, wechat, fake_rasa):
    openid = next(openids)
    delivery = wechat.push(message_xml(openid, "event", Event="subscribe", EventKey=""), openid)
    assert wechat.wait_for_answers(openid, 1)[0].text == "echo: /greet"
    assert delivery.attempts[0].body not in ("", "success")
    menu = wechat.push(message_xml(openid, "event", Event="CLICK", EventKey="menu_1"), openid)
    assert menu.attempts[0].body == "success"
    assert _received(fake_rasa, openid) == ["/greet"]


def test_slow_rasa_gets_success_at_once_then_a_customer_service_message(gateway, wechat):
    openid = next(openids)
    delivery = wechat.text(openid, "slow:2 社保怎么交")
    assert delivery.statuses == [200] and delivery.attempts[0].body == "success"
    assert delivery.attempts[0].at_s < WINDOW_S + 0.5
    (answer,) = wechat.wait_for_answers(openid, 1, quiet_s=1)
    assert (answer.kind, answer.text) == ("custom", "echo: slow:2 社保怎么交")


def test_a_message_wechat_repeats_is_answered_once(gateway, wechat, fake_rasa, impatient):
    openid = next(openids)
    delivery = impatient(0.5).text(openid, "slow:2 重复的消息")
    assert len(delivery.attempts) == 4 and delivery.statuses[0] is None
    answers = wechat.wait_for_answers(openid, 1, quiet_s=2.5)
    assert _texts(answers) == ["echo: slow:2 重复的消息"] and answers[0].kind == "custom"
    assert _received(fake_rasa, openid) == ["slow:2 重复的消息"]


def test_an_answer_ready_after_wechat_hung_up_goes_by_customer_service_once(gateway, wechat, fake_rasa,
                                                                           impatient):
    openid = next(openids)
    delivery = impatient(0.4).text(openid, "slow:0.6 快要来不及")  # ready within the window, after WeChat left
    assert delivery.statuses[0] is None and len(delivery.attempts) >= 2
    answers = wechat.wait_for_answers(openid, 1, quiet_s=1.5)
    assert [(a.kind, a.text) for a in answers] == [("custom", "echo: slow:0.6 快要来不及")]
    assert _received(fake_rasa, openid) == ["slow:0.6 快要来不及"]


def test_a_long_answer_is_split_at_sentences_into_customer_service_messages(gateway, wechat):
    openid = next(openids)
    assert wechat.text(openid, "long").attempts[0].body == "success"
    answers = wechat.wait_for_answers(openid, 2, quiet_s=1)
    assert len(answers) > 1 and {answer.kind for answer in answers} == {"custom"}
    assert all(len(answer.text.encode()) <= WECHAT_TEXT_LIMIT for answer in answers)
    assert all(answer.text.endswith("。") for answer in answers)
    assert "".join(_texts(answers)) == LONG_SENTENCE * 400


def test_buttons_become_numbered_choices_and_a_number_picks_one(gateway, wechat, fake_rasa):
    openid = next(openids)
    wechat.text(openid, "buttons")
    (offer,) = _texts(wechat.wait_for_answers(openid, 1))
    assert offer.startswith("请选择 / Choose") and "1. 社保" in offer and "2. 很长的按钮" in offer
    wechat.text(openid, "１")
    assert _received(fake_rasa, openid)[-1] == "/social_security_contributions"
    wechat.text(openid, "buttons")
    wechat.text(openid, "2")
    assert _received(fake_rasa, openid)[-1] == '/inform{"case_number": "' + "9" * 80 + '"}'
    wechat.text(openid, "1")  # no choices offered since the citizen's latest message
    assert _received(fake_rasa, openid)[-1] == "1"


def test_links_and_images_are_kept_as_links(gateway, wechat):
    openid = next(openids)
    wechat.text(openid, "image")
    answers = _texts(wechat.wait_for_answers(openid, 2, quiet_s=1))
    assert any('<a href="https://example.org/map.png">' in text for text in answers)
    assert any('<a href="https://example.org/guide?a=1&amp;b=2">办事指南</a>' in text for text in answers)


def test_image_gets_the_helpful_reply_and_recognised_voice_is_read(gateway, wechat, fake_rasa):
    openid = next(openids)
    wechat.push(message_xml(openid, "image", wechat.next_msg_id(), PicUrl="http://x/p.jpg", MediaId="m1"), openid)
    (notice,) = _texts(wechat.wait_for_answers(openid, 1))
    assert notice == notices.MEDIA_NOT_UNDERSTOOD.format(kind_zh="图片", kind_en="photos")
    wechat.push(message_xml(openid, "voice", wechat.next_msg_id(), MediaId="m2", Format="amr"), openid)
    assert "语音" in wechat.wait_for_answers(openid, 2)[-1].text
    wechat.push(message_xml(openid, "voice", wechat.next_msg_id(), MediaId="m3", Format="amr",
                            Recognition="查公积金"), openid)
    assert wechat.wait_for_answers(openid, 3)[-1].text == "echo: 查公积金"
    assert _received(fake_rasa, openid) == ["查公积金"]


def test_rasa_outage_is_announced_and_the_answer_sent_later(gateway, wechat, fake_rasa):
    openid = next(openids)
    fake_rasa.up = False
    wechat.text(openid, "医保报销")
    assert wechat.wait_for_answers(openid, 1)[0].text == notices.ASSISTANT_UNAVAILABLE
    fake_rasa.up = True
    later = wechat.wait_for_answers(openid, 2, timeout_s=20)[-1]
    assert (later.kind, later.text) == ("custom", "echo: 医保报销")


def test_the_access_token_is_fetched_once_and_renewed_when_wechat_refuses_it(gateway, wechat):
    first, second = next(openids), next(openids)
    wechat.text(first, "slow:1.5 一")
    wechat.text(second, "slow:1.5 二")
    wechat.wait_for_answers(first, 1)
    wechat.wait_for_answers(second, 1)
    fetches = wechat.token_fetches
    assert fetches >= 1
    wechat.text(first, "slow:1.5 三")
    wechat.wait_for_answers(first, 2)
    assert wechat.token_fetches == fetches, "one token for many messages"
    wechat.expire_tokens()
    wechat.fail_next_custom(502)
    wechat.text(first, "slow:1.5 四")
    assert wechat.wait_for_answers(first, 3, timeout_s=15)[-1].text == "echo: slow:1.5 四"
    assert wechat.token_fetches == fetches + 1


@pytest.fixture(scope="module")
def safe_wechat():
    fake = FakeWechat(aes_key=AES_KEY).start()
    yield fake
    fake.stop()


@pytest.fixture(scope="module")
def safe_gateway(tmp_path_factory, fake_rasa, safe_wechat):
    process = GatewayProcess(tmp_path_factory.mktemp("wxsafe"), RASA_URL=fake_rasa.url,
                             GATEWAY_DATABASE_URL=f"sqlite:///{tmp_path_factory.mktemp('wxsafedb') / 'g.db'}",
                             **safe_wechat.gateway_env(WECHAT_ENCODING_AES_KEY=AES_KEY,
                                                       WECHAT_ENCODING_AES_KEY_PREVIOUS=PREVIOUS_AES_KEY)).start()
    safe_wechat.targets = [process.url]
    yield process
    process.stop()


def test_safe_mode_decrypts_and_encrypts_with_either_key(safe_gateway, safe_wechat):
    openid = next(openids)
    safe_wechat.text(openid, "加密的消息")
    assert safe_wechat.wait_for_answers(openid, 1)[-1].text == "echo: 加密的消息"
    safe_wechat.text(openid, "旧密钥", aes_key=PREVIOUS_AES_KEY)  # WeChat still on the previous key
    assert safe_wechat.wait_for_answers(openid, 2)[-1].text == "echo: 旧密钥"


def test_safe_mode_refuses_a_wrong_message_signature_and_plaintext(safe_gateway, safe_wechat, fake_rasa):
    openid = next(openids)
    sealed = safe_wechat.seal(message_xml(openid, "text", safe_wechat.next_msg_id(), Content="伪造"))
    query = safe_wechat.signed_query(sealed, encrypted=True)
    query["msg_signature"] = signature(TOKEN, query["timestamp"], query["nonce"], "something else")
    assert requests.post(safe_gateway.url + "/wechat", params=query, data=sealed.encode(), timeout=5).status_code == 403
    plain = message_xml(openid, "text", safe_wechat.next_msg_id(), Content="明文")
    assert requests.post(safe_gateway.url + "/wechat", params=safe_wechat.signed_query(plain),
                         data=plain.encode(), timeout=5).status_code == 403
    unknown_key = safe_wechat.seal(message_xml(openid, "text", 5, Content="x"), aes_key="A" * 43)
    answer = requests.post(safe_gateway.url + "/wechat", params=safe_wechat.signed_query(unknown_key, encrypted=True),
                           data=unknown_key.encode(), timeout=5)
    assert answer.status_code == 400
    time.sleep(0.5)
    assert not _received(fake_rasa, openid)


@pytest.fixture(scope="module")
def second_gateway(tmp_path_factory, fake_rasa, wechat, db_url, gateway):
    """Another replica on the same database."""
    process = GatewayProcess(tmp_path_factory.mktemp("wx2"), RASA_URL=fake_rasa.url, GATEWAY_DATABASE_URL=db_url,
                             GOVAPI_URL="http://127.0.0.1:9",
                             **wechat.gateway_env(WECHAT_REPLY_WINDOW_S=str(WINDOW_S))).start()
    yield process
    process.stop()


def test_a_repeat_that_reaches_another_gateway_is_answered_once(gateway, second_gateway, wechat, fake_rasa,
                                                                impatient):
    wechat.targets = [gateway.url, second_gateway.url]
    try:
        for text in ("slow:2 两个网关", "slow:0.6 两个网关快"):
            openid = next(openids)
            delivery = impatient(0.4).text(openid, text)
            assert {attempt.target for attempt in delivery.attempts} == {gateway.url, second_gateway.url}
            answers = wechat.wait_for_answers(openid, 1, quiet_s=2.5)
            assert _texts(answers) == [f"echo: {text}"], answers
            assert _received(fake_rasa, openid) == [text]
    finally:
        wechat.targets = [gateway.url]


def test_with_redis_the_token_and_the_claims_live_in_redis(tmp_path_factory, fake_rasa, wechat, gateway):
    redis_url = "redis://127.0.0.1:6379/14"
    shared = redis.Redis.from_url(redis_url, decode_responses=True)
    shared.flushdb()
    process = GatewayProcess(tmp_path_factory.mktemp("wxredis"), RASA_URL=fake_rasa.url,
                             GOVAPI_URL="http://127.0.0.1:9",
                             GATEWAY_DATABASE_URL=f"sqlite:///{tmp_path_factory.mktemp('wxredisdb') / 'g.db'}",
                             GATEWAY_REDIS_URL=redis_url,
                             **wechat.gateway_env(WECHAT_REPLY_WINDOW_S=str(WINDOW_S))).start()
    wechat.targets = [process.url]
    try:
        openid = next(openids)
        wechat.text(openid, "你好")
        wechat.text(openid, "slow:1.5 慢")  # claimed for the customer-service API
        wechat.wait_for_answers(openid, 2, quiet_s=0.5)
        keys = set(shared.keys("tongban:*"))
        assert f"tongban:{APP_ID}_access_token" in keys
        claims = {key for key in keys if key.startswith(f"tongban:wechat:answer:wx:{openid}:")}
        assert len(claims) == 2 and 0 < shared.ttl(claims.pop()) <= 120
    finally:
        wechat.targets = [gateway.url]
        process.stop()
        shared.flushdb()


def test_a_location_without_coordinates_gets_400_and_a_location_an_answer(gateway, wechat, store):
    openid = next(openids)
    body = message_xml(openid, "location", wechat.next_msg_id(), Location_X="north", Location_Y="", Label="?")
    answer = requests.post(gateway.url + "/wechat", params=wechat.signed_query(body), data=body.encode(), timeout=5)
    assert answer.status_code == 400 and store.conversation(f"wx:{openid}") is None
    wechat.push(message_xml(openid, "location", wechat.next_msg_id(), Location_X=32.06, Location_Y=118.79,
                            Label="南京"), openid)
    assert wechat.wait_for_answers(openid, 1)[0].text == notices.NO_HALL_FOUND  # govapi is away here
