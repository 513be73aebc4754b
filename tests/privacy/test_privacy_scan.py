"""The privacy scan of the embedded configuration: all four demo citizens talk through the web chat
through the fake Telegram server and through the fake WeChat platform (safe mode), every process
logging at DEBUG; then every store but
govapi's (Rasa's SQLite tracker, the gateway and desk database) and every log file is searched for
each raw ID number, phone, the bank card number used and every SMS code the sandbox sent."""
import itertools

import pytest

from tests.conftest import MODEL
from tests.desk.desk_client import Staff, create_staff
from tests.gateway.fake_telegram import FakeTelegram
from tests.gateway.fake_wechat import AES_KEY, FakeWechat
from tests.privacy.citizens import CITIZENS, TelegramCitizen, WebCitizen, WechatCitizen, latest_code, raw_values, talk
from tests.privacy.scan import log_hits, sqlite_hits
from tools.stack import Stack, stack_env

chat_ids = itertools.count(880001)


@pytest.fixture(scope="module")
def telegram():
    fake = FakeTelegram().start()
    yield fake
    fake.stop()


@pytest.fixture(scope="module")
def wechat():
    fake = FakeWechat(aes_key=AES_KEY).start()
    yield fake
    fake.stop()


@pytest.fixture(scope="module")
def privacy_stack(tmp_path_factory, telegram, wechat):
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train`")
    var_dir = tmp_path_factory.mktemp("privacy")
    env = stack_env(var_dir, LOG_LEVEL="DEBUG", GOVAPI_OTP_RATE_LIMIT="100", TELEGRAM_BOT_TOKEN=telegram.token,
                    TELEGRAM_API_BASE=telegram.api_base, TELEGRAM_MODE="polling",
                    **wechat.gateway_env(WECHAT_ENCODING_AES_KEY=AES_KEY))
    running = Stack(env, var_dir)
    running.start(["govapi", "actions", "rasa", "gateway"])
    wechat.targets = [running.url("gateway")]
    telegram.wait_for(lambda calls: any(c.method == "getUpdates" for c in calls))
    yield running
    running.stop()


@pytest.fixture(scope="module")
def agent(privacy_stack):
    done = create_staff(privacy_stack.env["GATEWAY_DATABASE_URL"], "privacy_agent", "agent", env=privacy_stack.env)
    assert done.returncode == 0, done.stderr
    return Staff(privacy_stack.url("gateway"), "privacy_agent")


def test_no_raw_personal_data_in_any_store_or_log(privacy_stack, telegram, wechat, agent):
    stack = privacy_stack
    govapi, key = stack.url("govapi"), stack.env["GOVAPI_API_KEY"]

    def code_of(phone):
        return latest_code(govapi, key, phone)

    for citizen in CITIZENS:
        talk(citizen, WebCitizen(stack.url("gateway"), f"scan{citizen.phone[-4:]}"), code_of, agent)
        talk(citizen, TelegramCitizen(telegram, next(chat_ids)), code_of, agent)
        openid = f"oScan{citizen.phone[-4:]}_wechatCitizen0"
        talk(citizen, WechatCitizen(wechat, openid, stack.env["GATEWAY_DATABASE_URL"]), code_of, agent)
    raw = raw_values(govapi, key)
    assert len(raw.codes) >= 12  # a code was really sent for every conversation

    stores = [path for path in stack.var_dir.glob("*.db") if path.name != "govapi.db"]
    assert {path.name for path in stores} >= {"tracker.db", "gateway.db"}
    logs = list(stack.var_dir.glob("*.log"))
    assert {path.name for path in logs} >= {"govapi.log", "actions.log", "rasa.log", "gateway.log"}
    hits = [hit for path in stores for hit in sqlite_hits(path, raw)] + log_hits(logs, raw)
    assert hits == [], "\n".join(map(str, hits))
    # the scan can fail: the platform's own database does hold the raw values
    assert sqlite_hits(stack.var_dir / "govapi.db", raw)
