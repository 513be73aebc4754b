"""The session stack's gateway with WeChat switched on against the fake WeChat platform."""
import contextlib
import itertools
from collections.abc import Iterator

from tests.gateway.fake_wechat import FakeWechat

WECHAT_KEYS = ("WECHAT_TOKEN", "WECHAT_APP_ID", "WECHAT_APP_SECRET", "WECHAT_API_BASE", "WECHAT_ENCODING_AES_KEY",
               "WECHAT_ENCODING_AES_KEY_PREVIOUS", "WECHAT_REPLY_WINDOW_S")
openids = (f"oStack{n:06d}-Citizen_abcdefg" for n in itertools.count(1))


@contextlib.contextmanager
def gateway_with_wechat(stack, fake: FakeWechat, **settings: str) -> Iterator[None]:
    """Restarts the stack's gateway with WECHAT_* settings pointing at `fake`; restores it afterwards."""
    saved: dict[str, str] = {key: stack.env[key] for key in WECHAT_KEYS if key in stack.env}
    stack.env.update(fake.gateway_env(**settings))
    stack.restart("gateway")
    fake.targets = [stack.url("gateway")]
    try:
        yield
    finally:
        for key in WECHAT_KEYS:
            stack.env.pop(key, None)
        stack.env.update(saved)
        stack.restart("gateway")


def say(fake: FakeWechat, openid: str, text: str, timeout_s: float = 30) -> str:
    """Sends text as the citizen; returns every answer until the bot goes quiet, joined."""
    already = len(fake.answers(openid))
    fake.text(openid, text)
    return "\n".join(answer.text for answer in fake.wait_for_answers(openid, already + 1, timeout_s,
                                                                      quiet_s=1.0)[already:])
