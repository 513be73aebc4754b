"""Whole conversations through the gateway (gateway -> Rasa -> actions -> govapi), as issue 5 lists them.

The sandbox sends SMS codes to its outbox (`GET /sandbox/sms`), where the citizen reads them here.
Each demo citizen verifies at most twice in this module: the sandbox allows 5 codes per phone
per 10 minutes and the stack is shared by the whole test session.
"""
import datetime as dt
import re

import requests

from tests.e2e.chatting import Chat, is_chinese, is_english

DEMO = {
    "zhang_wei": ("320102198503121234", "13800000001"),
    "li_na": ("320583199207082343", "13800000002"),
    "wang_fang": ("32030219580215456X", "13800000003"),
    "chen_ming": ("321302199901017893", "13800000004"),
}
CASE_NUMBER = re.compile(r"JS\d{14}")


def latest_code(stack, phone: str) -> str:
    answer = requests.get(stack.url("govapi") + "/sandbox/sms", params={"phone": phone},
                          headers={"X-API-Key": stack.env["GOVAPI_API_KEY"]}, timeout=5)
    return answer.json()["messages"][0]["code"]


def verify(chat: Chat, stack, citizen: str) -> str:
    """Answers the identity form; returns what the assistant said after the code."""
    id_number, phone = DEMO[citizen]
    asked_phone = chat.text(id_number)
    assert "138" not in asked_phone and id_number not in asked_phone
    sent = chat.text(phone)
    assert phone[:3] + "****" + phone[-4:] in sent and phone not in sent
    return chat.text(latest_code(stack, phone))


def test_verified_balance_check_in_chinese(stack, chat):
    asked = chat.text("公积金余额多少")
    assert is_chinese(asked) and "身份证" in asked
    answer = verify(chat, stack, "zhang_wei")
    assert is_chinese(answer)
    assert "3201**********1234" in answer and "320102198503121234" not in answer
    assert "余额" in answer and "元" in answer
    # verified once: the next personal question is answered straight away
    again = chat.text("医保卡里还有多少钱")
    assert "医保" in again and "元" in again and "身份证" not in again


def test_verified_balance_check_in_english(stack):
    chat = Chat(stack.url("gateway"))
    asked = chat.text("check my housing fund balance")
    assert is_english(asked) and "ID number" in asked
    answer = verify(chat, stack, "li_na")
    assert is_english(answer), answer
    assert "balance ¥" in answer and "3205**********2343" in answer


def test_wrong_code_is_refused_then_the_right_one_accepted(stack, chat):
    chat.text("我要实名认证")
    id_number, phone = DEMO["chen_ming"]
    chat.text(id_number)
    chat.text(phone)
    code = latest_code(stack, phone)
    wrong = "000000" if code != "000000" else "111111"
    refused = chat.text(wrong)
    assert "验证码错误" in refused and "4" in refused
    assert "认证成功" in chat.text(code)


def test_a_wrong_id_number_is_explained(chat):
    chat.text("我要实名认证")
    answer = chat.text("320102198503121235")
    assert "身份证号码好像不对" in answer


def test_remote_filing_from_start_to_case_number(stack, chat):
    chat.text("我要办异地就医备案")
    assert "城市" in verify(chat, stack, "zhang_wei")
    reasons = chat.say("上海")
    assert len([b for r in reasons for b in r.get("buttons", [])]) == 5
    assert "哪天" in chat.text('/inform{"choice":"referral"}')
    done = chat.text("下周一")
    assert "备案已提交" in done and CASE_NUMBER.search(done), done


def test_remote_filing_in_english_with_a_typed_reason(stack):
    chat = Chat(stack.url("gateway"))
    chat.text("register for medical treatment in another province")
    assert "city or province" in verify(chat, stack, "wang_fang")
    replies = chat.say("Shanghai")
    buttons = [b for r in replies for b in r.get("buttons", [])]
    assert len(buttons) == 5 and all(b["payload"].startswith("/inform") for b in buttons)
    assert is_english(chat.text("I'm retired and live there"))
    done = chat.text((dt.date.today() + dt.timedelta(days=14)).isoformat())
    assert is_english(done) and CASE_NUMBER.search(done), done


def test_appointment_booking(stack, chat):
    asked = chat.text("预约去政务大厅办身份证")
    verify(chat, stack, "chen_ming")
    chat.text("身份证换领")
    chat.text("宿城区")
    summary = chat.text("下周二")
    assert "将为您预约" in summary and "宿城区" in summary and "居民身份证换领" in summary, summary
    booked = chat.text("确认")
    assert "预约成功" in booked and "宿城区" in booked and "YY" in booked, booked
    assert asked


def test_application_status_for_li_na(stack, chat):
    chat.text("我的办件进度怎么查")
    listed = verify(chat, stack, "li_na")
    assert "居住证申领" in listed and "审核中" in listed
    case = CASE_NUMBER.search(listed.split("居住证申领")[0].splitlines()[-1]).group(0)
    status = chat.text(f"{case} 办到哪一步了")
    assert case in status and "审核中" in status


def test_complaint_gets_a_work_order(chat):
    assert "描述" in chat.text("我要投诉小区噪音")
    assert "哪里" in chat.text("楼下烧烤店每天半夜很吵")
    summary = chat.say("昆山市前进中路218号")
    assert "噪音扰民" in summary[0]["text"] and [b["payload"] for b in summary[0]["buttons"]] == ["/affirm", "/deny"]
    filed = chat.text("/affirm")
    assert "工单号" in filed and re.search(r"GD\d{14}", filed) and "生态环境局" in filed


def test_app_migration_names_where_the_functions_went(chat):
    asked = chat.text("县里的政务APP停了，去哪办")
    assert "城市" in asked or "区县" in asked
    answer = chat.text("昆山")
    assert "i昆山" in answer and "苏服办" in answer and "https://sfb.jiangsu.gov.cn/m/" in answer


def test_app_migration_in_english_with_the_county_named(stack):
    answer = Chat(stack.url("gateway")).text("the Kunshan county app was shut down, where do I go now")
    assert is_english(answer) and "iKunshan" in answer


def test_service_hall_and_guide(chat):
    hall = chat.text("昆山政务服务中心在哪")
    assert "昆山市政务服务中心" in hall and "地址" in hall
    guide = chat.text("办结婚登记要带什么")
    assert "结婚登记" in guide and "户口簿" in guide


def test_cancel_in_the_middle_of_a_form(chat):
    chat.text("我要投诉")
    cancelled = chat.text("算了不办了")
    assert "已取消" in cancelled
    # the form is gone: the next message is understood on its own
    assert "通办" in chat.text("你好")


def test_help_inside_a_form_then_the_form_goes_on(chat):
    chat.text("我要投诉")
    helped = chat.text("你能帮我办什么")
    assert "社保" in helped and "描述" in helped
    assert "哪里" in chat.text("路灯坏了好几天")


def test_messages_not_understood_get_an_answer_never_silence(chat):
    for message in ("qwpoeiru zmxncb", "asdkjh qweoiu"):
        reply = chat.text(message)
        assert ("抱歉" in reply) or ("Sorry" in reply), reply


def test_request_human(chat):
    assert "12345" in chat.text("转人工")


def test_residence_permit_applied_for_in_the_chat(stack, chat):
    options = chat.say("居住证怎么办")
    payloads = [b["payload"] for r in options for b in r.get("buttons", [])]
    assert '/residence_permit{"choice":"residence_permit"}' in payloads
    guide = chat.say('/residence_permit{"choice":"residence_permit"}')
    guide_text = "\n".join(r.get("text", "") for r in guide)
    assert "居住证申领" in guide_text and "租赁合同" in guide_text
    apply = [b["payload"] for r in guide for b in r.get("buttons", []) if "apply:" in b["payload"]]
    assert apply == ['/residence_permit{"choice":"apply:residence_permit"}']
    chat.text(apply[0])
    eligibility = verify(chat, stack, "wang_fang")
    assert "6个月" in eligibility
    assert "区县" in chat.text("/affirm")
    assert "地址" in chat.text("昆山")
    done = chat.text("昆山市前进中路218号")
    assert "已提交" in done and CASE_NUMBER.search(done), done


def test_another_question_while_verifying_then_the_form_goes_on(stack, chat):
    chat.text("医保卡里还有多少钱")
    answer = chat.text("昆山政务服务中心在哪")
    assert "昆山市政务服务中心" in answer and "身份证" in answer
    assert "手机号" in chat.text(DEMO["zhang_wei"][0])
