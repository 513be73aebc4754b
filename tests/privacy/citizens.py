"""Scripted conversations with the four demo citizens, through the web chat's API, the fake
Telegram Bot API and the fake WeChat platform: a name given with 我叫, a balance behind a
verification with one wrong code, a complaint carrying a phone and a bank card number, a
hand-off in which the citizen repeats the phone while an agent has the conversation, and the
agent's reply and resolution."""
import time
from collections.abc import Callable
from dataclasses import dataclass

import requests

from bot.store.database import make_engine
from bot.store.message_store import MessageStore
from bot.wechat.formatting import numbered_choices
from tests.desk.desk_client import Staff
from tests.gateway.fake_telegram import FakeTelegram
from tests.gateway.fake_wechat import FakeWechat
from tests.privacy.scan import RawValues


@dataclass(frozen=True)
class Citizen:
    name: str
    id_number: str
    phone: str


CITIZENS = [Citizen("张伟", "320102198503121234", "13800000001"), Citizen("李娜", "320583199207082343", "13800000002"),
            Citizen("王芳", "32030219580215456X", "13800000003"), Citizen("陈明", "321302199901017893", "13800000004")]
BANK_CARD = "6222020200001234567"


def sms_codes(govapi_url: str, api_key: str) -> list[str]:
    """Every code the sandbox sent to the demo phones."""
    codes = []
    for citizen in CITIZENS:
        answer = requests.get(govapi_url + "/sandbox/sms", params={"phone": citizen.phone},
                              headers={"X-API-Key": api_key}, timeout=10).json()
        codes += [message["code"] for message in answer["messages"] if message.get("code")]
    return codes


def raw_values(govapi_url: str, api_key: str) -> RawValues:
    return RawValues(id_numbers=[c.id_number for c in CITIZENS], phones=[c.phone for c in CITIZENS],
                     bank_cards=[BANK_CARD], codes=sms_codes(govapi_url, api_key))


def latest_code(govapi_url: str, api_key: str, phone: str) -> str:
    answer = requests.get(govapi_url + "/sandbox/sms", params={"phone": phone}, headers={"X-API-Key": api_key},
                          timeout=10).json()
    return answer["messages"][0]["code"]


class WebCitizen:
    def __init__(self, gateway_url: str, sender: str) -> None:
        self.url, self.sender = gateway_url, sender
        self.conversation_id = f"web:{sender}"

    def say(self, text: str) -> str:
        response = requests.post(self.url + "/api/chat", json={"sender": self.sender, "message": text}, timeout=60)
        assert response.status_code == 200, response.text
        return "\n".join(reply.get("text") or "" for reply in response.json()["replies"])

    def choose(self, payload: str) -> str:
        """Taps the offered button with this payload (the web chat sends the payload as the message)."""
        return self.say(payload)


class TelegramCitizen:
    def __init__(self, telegram: FakeTelegram, chat_id: int) -> None:
        self.telegram, self.chat_id = telegram, chat_id
        self.conversation_id = f"tg:{chat_id}"

    def say(self, text: str) -> str:
        already = len(self.telegram.calls_of("sendMessage", self.chat_id))
        self.telegram.push_text(self.chat_id, text)
        return self._answer_after(already)

    def choose(self, payload: str) -> str:
        """Taps the button with this payload under the latest message that has it."""
        sent = [call for call in self.telegram.calls_of("sendMessage", self.chat_id)
                if any(button.get("callback_data") == payload
                       for row in (call.params.get("reply_markup") or {}).get("inline_keyboard", []) for button in row)]
        assert sent, f"no button {payload} was offered"
        already = len(self.telegram.calls_of("sendMessage", self.chat_id))
        self.telegram.push_button(self.chat_id, sent[-1], payload)
        return self._answer_after(already)

    def _answer_after(self, already: int) -> str:
        self.telegram.wait_for_texts(self.chat_id, 1, after=already, timeout_s=60)
        count = -1
        while count != len(self.telegram.calls_of("sendMessage", self.chat_id)):
            count = len(self.telegram.calls_of("sendMessage", self.chat_id))
            time.sleep(0.6)
        new_calls = self.telegram.calls_of("sendMessage", self.chat_id)[already:]
        return "\n".join(call.params.get("text", "") for call in new_calls)

    def say_while_handed_off(self, text: str) -> None:
        self.telegram.push_text(self.chat_id, text)


class WechatCitizen:
    def __init__(self, wechat: FakeWechat, openid: str, gateway_database_url: str) -> None:
        self.wechat, self.openid = wechat, openid
        self.conversation_id = f"wx:{openid}"
        self.database_url = gateway_database_url

    def say(self, text: str) -> str:
        already = len(self.wechat.answers(self.openid))
        self.wechat.text(self.openid, text)
        answers = self.wechat.wait_for_answers(self.openid, already + 1, timeout_s=60, quiet_s=1.0)
        return "\n".join(answer.text for answer in answers[already:])

    def choose(self, payload: str) -> str:
        """Replies with the number WeChat showed for the offered button with this payload."""
        engine = make_engine(self.database_url)
        try:
            offered = numbered_choices(MessageStore(engine).offered_since_last_message(self.conversation_id))
        finally:
            engine.dispose()
        numbers = [index for index, button in enumerate(offered, 1) if button.get("payload") == payload]
        assert numbers, f"no button {payload} was offered"
        return self.say(str(numbers[0]))

    def say_while_handed_off(self, text: str) -> None:
        self.wechat.text(self.openid, text)


def talk(citizen: Citizen, chat, code_of: Callable[[str], str], agent: Staff) -> None:
    """One citizen's whole scripted conversation; asserts only what the script depends on."""
    chat.say(f"我叫{citizen.name}，想查一下公积金余额")
    assert "手机" in chat.say(citizen.id_number)
    assert "验证码" in chat.say(citizen.phone)
    code = code_of(citizen.phone)
    assert "验证码错误" in chat.say("000000" if code != "000000" else "111111")
    assert "认证成功" in chat.say(code)
    chat.say("我要投诉小区噪音")
    chat.say(f"楼下烧烤店每天半夜很吵，我的电话{citizen.phone}，银行卡{BANK_CARD}还被物业乱扣费")
    # the kind is read from the description; the summary is confirmed
    assert "确认提交吗" in chat.say("昆山市前进中路218号")
    assert "工单" in chat.choose("/affirm")
    assert "12345" in chat.say("转人工")
    ticket = agent.ticket_of(chat.conversation_id)
    agent.call("POST", f"/api/desk/tickets/{ticket['id']}/claim")
    agent.call("POST", f"/api/desk/tickets/{ticket['id']}/reply",
               {"text": "您好，请再告诉我一次您的手机号码，我帮您核实。"})
    if isinstance(chat, (TelegramCitizen, WechatCitizen)):
        chat.say_while_handed_off(f"我的手机是{citizen.phone}")
    else:
        chat.say(f"我的手机是{citizen.phone}")
    agent.call("POST", f"/api/desk/tickets/{ticket['id']}/notes", {"text": f"来电核实，手机{citizen.phone}"},
               expect=201)
    agent.call("POST", f"/api/desk/tickets/{ticket['id']}/resolve")
