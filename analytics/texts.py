"""What the satisfaction questions say to citizens, in Simplified Chinese and English."""

from bot.language import reply_language

SCORES = (5, 4, 3, 2, 1)
_TEXTS = {
    "ask": {"zh": "这次服务您满意吗？请点选一项。",
            "en": "How satisfied are you with this service? Please choose one."},
    "ask_desk": {"zh": "人工客服刚才为您服务，您满意吗？请点选一项。",
                 "en": "How satisfied are you with the agent who helped you? Please choose one."},
    "score_5": {"zh": "很满意", "en": "Very satisfied"},
    "score_4": {"zh": "满意", "en": "Satisfied"},
    "score_3": {"zh": "一般", "en": "Neutral"},
    "score_2": {"zh": "不满意", "en": "Dissatisfied"},
    "score_1": {"zh": "很不满意", "en": "Very dissatisfied"},
    "no_thanks": {"zh": "不用了", "en": "No thanks"},
    "thanks": {"zh": "谢谢您的评价！如果愿意，可以点“写意见”留下几句话。",
               "en": "Thank you for your rating! If you like, tap \"Add a comment\" to tell us more."},
    "comment_button": {"zh": "写意见", "en": "Add a comment"},
    "ask_comment": {"zh": "请用一条消息写下您的意见。", "en": "Please write your comment in one message."},
    "comment_thanks": {"zh": "谢谢，您的意见已记录。还有什么可以帮您？",
                       "en": "Thank you, your comment has been recorded. What else can I do for you?"},
    "declined": {"zh": "好的。还有什么可以帮您？", "en": "All right. What else can I do for you?"},
    "already": {"zh": "这项服务已经评价过了，谢谢！", "en": "You have already rated this service, thank you!"},
}


def say(key: str, language: str | None) -> str:
    """The text in the conversation's language; Chinese while it is not known."""
    return _TEXTS[key][reply_language(language) or "zh"]
