"""The WeChat channel's parts on their own: formatting and numbered choices, the shared values on
SQLite, PostgreSQL and Redis, the access token shared by two gateways, answer claims, settings."""
import threading
import time

import pytest
import redis

from bot.config import WechatSettings
from bot.store.database import make_engine, upgrade_to_head
from bot.store.shared_values import DatabaseValues, RedisValues
from bot.text_split import split_text, utf8_bytes
from bot.wechat.access_token import SharedTokenClient
from bot.wechat.claims import AnswerClaims
from bot.wechat.formatting import WECHAT_TEXT_LIMIT, chosen, numbered_choices, text_messages
from tests.gateway.fake_wechat import AES_KEY, APP_ID, APP_SECRET, FakeWechat

REDIS_URL = "redis://127.0.0.1:6379/14"
YES_NO = [{"title": "是", "payload": "/affirm"}, {"title": "否", "payload": "/deny"}]


# --- formatting ---------------------------------------------------------------------------

def test_buttons_are_numbered_across_a_batch_and_links_stay_links():
    replies = [{"text": "要办理吗？", "buttons": YES_NO},
               {"text": "或者：", "buttons": [{"title": "指南", "payload": "https://www.jszwfw.gov.cn/guide"},
                                             {"title": "人工", "payload": "/request_human"}]}]
    first, second = text_messages(replies)
    assert "1. 是\n2. 否" in first
    assert "3. 人工" in second and '<a href="https://www.jszwfw.gov.cn/guide">指南</a>' in second
    offered = [button for reply in replies for button in reply["buttons"]]
    assert chosen("3", offered)["payload"] == "/request_human"
    assert chosen(" ２。", offered)["payload"] == "/deny"
    assert chosen("4", offered) is None and chosen("0", offered) is None and chosen("一", offered) is None
    assert [b["title"] for b in numbered_choices(offered)] == ["是", "否", "人工"]


def test_markdown_links_are_kept_as_wechat_links():
    (text,) = text_messages([{"text": "详见[苏服办](https://www.jszwfw.gov.cn/app?a=1&b=2)。"}])
    assert text == '详见<a href="https://www.jszwfw.gov.cn/app?a=1&amp;b=2">苏服办</a>。'


def test_long_text_is_cut_after_sentences_within_the_byte_limit():
    text = "".join(f"第{i}句：请携带身份证原件到政务服务中心办理。" for i in range(300))
    messages = text_messages([{"text": text}])
    assert len(messages) > 1
    assert all(utf8_bytes(message) <= WECHAT_TEXT_LIMIT and message.endswith("。") for message in messages)
    assert "".join(messages) == text
    assert [utf8_bytes(piece) for piece in split_text("字" * 1000, 2048, utf8_bytes)] == [2046, 954]


def test_a_reply_without_text_or_buttons_makes_no_message():
    assert text_messages([{"custom": {"handoff": {}}}]) == []


# --- shared values --------------------------------------------------------------------------

@pytest.fixture(params=["database", "redis"])
def values(request, database_url):
    if request.param == "redis":
        redis.Redis.from_url(REDIS_URL).flushdb()
        store = RedisValues(REDIS_URL)
        yield store
        store.close()
        return
    engine = make_engine(database_url)
    upgrade_to_head(engine)
    yield DatabaseValues(engine)
    engine.dispose()


def test_shared_values_expire_and_add_only_where_nothing_lives(values):
    assert values.get("k") is None
    values.set("k", "one", 0.5)
    values.set("k", "two", 0.5)
    assert values.get("k") == "two"
    assert values.add("k", "three", 10) is False
    time.sleep(0.7)
    assert values.get("k") is None
    assert values.add("k", "three", 10) is True and values.get("k") == "three"
    values.delete("k", only_if="someone else's")
    assert values.get("k") == "three"
    values.delete("k", only_if="three")
    assert values.get("k") is None


def test_only_one_of_many_racing_adds_wins(values):
    wins = []
    barrier = threading.Barrier(8)

    def race():
        barrier.wait()
        wins.append(values.add("lock", threading.current_thread().name, 10))
    threads = [threading.Thread(target=race) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(wins) == [False] * 7 + [True]


def test_a_passive_claim_is_kept_masked_for_a_repeat_and_blocks_customer_service(values):
    claims = AnswerClaims(values)
    assert claims.claim_passive("wx:o1", "wx:1", "您的手机13800000001已登记。")
    assert claims.claim_customer_service("wx:o1", "wx:1") == "您的手机138****0001已登记。"
    assert claims.claim_customer_service("wx:o1", "wx:2") is None
    assert claims.claim_passive("wx:o1", "wx:2", "太迟了") is False


# --- the access token ----------------------------------------------------------------------

@pytest.fixture
def wechat_api():
    fake = FakeWechat().start()
    yield fake
    fake.stop()


def test_two_gateways_fetch_one_token_and_one_new_token_when_wechat_refuses_it(values, wechat_api):
    gateways = [SharedTokenClient(APP_ID, APP_SECRET, wechat_api.api_base, values) for _ in range(2)]
    barrier = threading.Barrier(12)
    failures = []

    def send(client, text):
        barrier.wait()
        try:
            client.message.send_text("o-citizen", text)
        except Exception as error:  # noqa: BLE001 - collected for the assertion
            failures.append(error)

    def send_from_both(label):
        threads = [threading.Thread(target=send, args=(gateways[n % 2], f"{label}{n}")) for n in range(12)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    send_from_both("a")
    assert not failures and wechat_api.token_fetches == 1
    wechat_api.expire_tokens()
    send_from_both("b")
    assert not failures and wechat_api.token_fetches == 2
    assert len(wechat_api.custom_messages) == 24


def test_a_token_near_its_expiry_is_renewed_before_wechat_refuses_it(values):
    fake = FakeWechat(token_expires_in=2).start()
    try:
        client = SharedTokenClient(APP_ID, APP_SECRET, fake.api_base, values)
        first = client.access_token
        assert client.access_token == first
        time.sleep(1.9)  # stored for 90% of its 2 s
        assert client.access_token != first and fake.token_fetches == 2
    finally:
        fake.stop()


# --- settings --------------------------------------------------------------------------------

def test_settings_refuse_half_configured_channels():
    base = {"WECHAT_TOKEN": "t", "WECHAT_APP_ID": APP_ID, "WECHAT_APP_SECRET": APP_SECRET}
    assert not WechatSettings.from_env({}).enabled
    assert WechatSettings.from_env({**base, "WECHAT_ENCODING_AES_KEY": AES_KEY}).safe_mode
    for broken in ({"WECHAT_TOKEN": "t"}, {**base, "WECHAT_ENCODING_AES_KEY": "short"},
                   {**base, "WECHAT_ENCODING_AES_KEY_PREVIOUS": AES_KEY},
                   {**base, "WECHAT_REPLY_WINDOW_S": "6"}):
        with pytest.raises(ValueError):
            WechatSettings.from_env(broken)


def test_claims_while_the_store_is_away_answer_in_the_response():
    claims = AnswerClaims(RedisValues("redis://127.0.0.1:9/0"))  # nothing listens there
    assert claims.claim_passive("wx:o1", "wx:1", "答复") is True
    assert claims.claim_customer_service("wx:o1", "wx:1") is None
