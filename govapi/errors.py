"""Bilingual API errors and the handler that turns every exception into the JSON error shape."""
from __future__ import annotations

import logging

from sanic import response
from sanic.exceptions import SanicException

log = logging.getLogger("govapi.errors")

MESSAGES: dict[str, tuple[str, str]] = {
    "bad_request": ("请求格式不正确。", "The request is malformed."),
    "invalid_json": ("请求内容不是有效的 JSON 对象。", "The request body is not a valid JSON object."),
    "invalid_field": ("字段 {field} 不正确。", "Field {field} is invalid."),
    "missing_field": ("缺少字段 {field}。", "Field {field} is missing."),
    "invalid_id_number": ("身份证号码不正确，请核对后重新输入。", "The ID number is not valid; please check it."),
    "invalid_phone": ("手机号码不正确。", "The phone number is not valid."),
    "invalid_date": ("日期格式应为 YYYY-MM-DD。", "Dates must be written as YYYY-MM-DD."),
    "invalid_chat_user": ("聊天用户标识不正确。", "The chat user header is not valid."),
    "unauthorized": ("缺少或错误的 API 密钥。", "The API key is missing or wrong."),
    "not_verified": ("请先完成实名认证。", "Please verify your identity first."),
    "handle_not_found": ("这次认证已失效，请重新输入身份证号码。",
                         "This verification is no longer valid; please enter your ID number again."),
    "citizen_not_found": ("身份证号与手机号不匹配。", "The ID number and phone number do not match our records."),
    "no_pending_code": ("没有有效的验证码，请重新获取。", "There is no valid code; please request a new one."),
    "code_expired": ("验证码已过期，请重新获取。", "The code has expired; please request a new one."),
    "wrong_code": ("验证码错误。", "The code is wrong."),
    "locked": ("错误次数过多，账户已临时锁定，请稍后再试。",
               "Too many wrong codes; the account is locked for a while."),
    "rate_limited": ("请求过于频繁，请稍后再试。", "Too many requests; please try again later."),
    "not_found": ("未找到相应记录。", "Nothing was found."),
    "method_not_allowed": ("不支持该请求方法。", "This method is not allowed here."),
    "payload_too_large": ("请求内容过大。", "The request body is too large."),
    "hall_not_found": ("未找到该政务服务中心。", "That service hall does not exist."),
    "matter_not_found": ("未找到该办事事项。", "That matter does not exist."),
    "matter_offline": ("该事项需到政务服务中心线下办理，可预约办理。",
                       "This matter is handled in person at a service hall; you can book an appointment."),
    "slot_unavailable": ("该时段不可预约。", "That time slot cannot be booked."),
    "slot_full": ("该时段已约满。", "That time slot is fully booked."),
    "already_booked": ("您已预约该时段。", "You already hold a booking for that slot."),
    "card_not_active": ("社保卡当前状态不允许该操作。", "The card's current status does not allow this."),
    "card_not_lost": ("请先挂失社保卡再申请补办。", "Please report the card lost before asking for a replacement."),
    "not_eligible": ("不符合申领条件。", "You are not eligible."),
    "already_applied": ("已有在办的申请。", "An application is already in progress."),
    "insufficient_balance": ("公积金余额不足。", "The housing fund balance is too low."),
    "no_account": ("未查询到相关账户。", "No such account was found."),
    "invalid_transition": ("办件当前状态不能变更为该状态。", "The case cannot move to that status now."),
    "unavailable": ("服务暂不可用，请稍后再试。", "The service is temporarily unavailable."),
    "internal": ("系统繁忙，请稍后再试。", "Something went wrong on our side; please try again later."),
}


class ApiError(Exception):
    def __init__(self, status: int, code: str, field: str | None = None, **extra):
        super().__init__(code)
        self.status = status
        self.code = code
        self.field = field
        self.extra = extra


def error_body(code: str, field: str | None = None, **extra) -> dict:
    message_zh, message_en = MESSAGES[code]
    error = {
        "code": code,
        "message_zh": message_zh.format(field=field or ""),
        "message_en": message_en.format(field=field or ""),
    }
    if field:
        error["field"] = field
    error.update(extra)
    return {"error": error}


_SANIC_CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 413: "payload_too_large"}


def handle_exception(request, exception: Exception):
    if isinstance(exception, ApiError):
        body, status = error_body(exception.code, exception.field, **exception.extra), exception.status
    elif isinstance(exception, SanicException) and exception.status_code in _SANIC_CODES:
        status = exception.status_code
        body = error_body(_SANIC_CODES[status])
    elif isinstance(exception, SanicException) and 400 <= exception.status_code < 500:
        status = 400
        body = error_body("bad_request")
    else:
        log.exception("unexpected error on %s %s", request.method if request else "-",
                      request.path if request else "-")
        status, body = 500, error_body("internal")
    return response.json(body, status=status, ensure_ascii=False)
