"""Everything the desk says to citizens, in Simplified Chinese and English."""

from bot.desk.teams import TEAMS
from bot.language import reply_language

_TEXTS = {
    "queued": {
        "zh": "正在为您转接{team}人工客服，您前面还有{ahead}人，预计等待约{minutes}分钟。请稍候，您可以继续留言。",
        "en": "Connecting you to a {team} agent. People ahead of you: {ahead}; the expected wait is about "
              "{minutes} min. You can keep writing in the meantime.",
    },
    "after_hours": {
        "zh": "人工客服的服务时间是{hours}（北京时间），现在不在服务时间内。"
              "我们已为您登记回电请求，工作人员上班后会联系您；您也可以提交工单，或拨打12345热线。",
        "en": "Our agents work {hours} (Beijing time) and are not available now. We have registered a call-back "
              "request and will contact you when the desk opens; you can also file a work order or call 12345.",
    },
    "after_hours_button": {"zh": "提交工单", "en": "File a work order"},
    "bot_back": {
        "zh": "人工服务已结束，智能客服继续为您服务。还有什么可以帮您？",
        "en": "The agent has finished; the assistant is back. What else can I do for you?",
    },
    "transferred": {
        "zh": "您的咨询已转给{team}客服，请稍候。",
        "en": "Your request has been passed to the {team} team. Please wait a moment.",
    },
    "claimed": {
        "zh": "人工客服{name}为您服务。",
        "en": "Agent {name} is now with you.",
    },
    "link_welcome": {
        "zh": "您好！这是12345热线为您准备的在线办理通道。",
        "en": "Hello! The 12345 hotline has prepared this chat for your matter.",
    },
    "link_note": {"zh": "工作人员留言：{note}", "en": "Note from the agent: {note}"},
    "link_invalid": {
        "zh": "这个链接已失效（已使用或已过期）。请直接告诉我您要办的事，或拨打12345热线重新获取。",
        "en": "This link is no longer valid (already used or expired). Tell me what you need, or call 12345 "
              "for a new one.",
    },
}


def _one(key: str, language: str, values: dict) -> str:
    if "team" in values:
        values = dict(values, team=TEAMS.get(values["team"], TEAMS["general"])[language])
    return _TEXTS[key][language].format(**values)


def say(key: str, language: str | None, **values) -> str:
    """The text in the conversation's language; both languages while it is not known."""
    language = reply_language(language)
    if language:
        return _one(key, language, values)
    return _one(key, "zh", values) + "\n" + _one(key, "en", values)
