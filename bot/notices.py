"""What the gateway itself says, always in both languages: it answers before
Rasa has seen the message, so it cannot know the citizen's language yet."""

EMPTY_MESSAGE = "请输入您想咨询的问题。\nPlease type your question."
TOO_LONG = ("您的消息太长了（{length}字），请精简到{limit}字以内，或分几条发送。\n"
            "Your message is too long ({length} characters). Please keep it under {limit} "
            "characters or send it in parts.")
ASSISTANT_UNAVAILABLE = ("抱歉，智能客服暂时无法回复。请稍后再发一次，或拨打12345热线。\n"
                         "Sorry, the assistant cannot answer right now. Please send your message "
                         "again in a moment, or call the 12345 hotline.")
MALFORMED_REQUEST = "请求格式不正确。\nThe request is not well-formed."
REQUEST_TOO_LARGE = "请求内容过大。\nThe request is too large."
NOT_FOUND = "页面不存在。\nThis page does not exist."
INTERNAL_ERROR = "系统出了点问题，请稍后再试。\nSomething went wrong on our side. Please try again later."
