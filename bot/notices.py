"""What the gateway itself says, always in both languages: it answers before
Rasa has seen the message, so it cannot know the citizen's language yet."""

EMPTY_MESSAGE = "请输入您想咨询的问题。\nPlease type your question."
TOO_LONG = ("您的消息太长了（{length}字），请精简到{limit}字以内，或分几条发送。\n"
            "Your message is too long ({length} characters). Please keep it under {limit} "
            "characters or send it in parts.")
ASSISTANT_UNAVAILABLE = ("抱歉，智能客服暂时无法回复。您的消息已保存，恢复后会自动回复您；着急的话请拨打12345热线。\n"
                         "Sorry, the assistant cannot answer right now. Your message is saved and will be "
                         "answered as soon as it is back; if it is urgent, call the 12345 hotline.")
MALFORMED_REQUEST = "请求格式不正确。\nThe request is not well-formed."
REQUEST_TOO_LARGE = "请求内容过大。\nThe request is too large."
NOT_FOUND = "页面不存在。\nThis page does not exist."
INTERNAL_ERROR = "系统出了点问题，请稍后再试。\nSomething went wrong on our side. Please try again later."
STORE_UNAVAILABLE = ("抱歉，系统暂时无法读取记录，请稍后再试；着急的话请拨打12345热线。\n"
                     "Sorry, the records cannot be read right now. Please try again shortly; "
                     "if it is urgent, call the 12345 hotline.")
FORBIDDEN = "无权访问。\nAccess denied."

MEDIA_NOT_UNDERSTOOD = ("暂时还看不懂{kind_zh}，请用文字描述您要办的事，例如“查公积金余额”。"
                        "需要提交材料时，我会告诉您在哪里上传。\n"
                        "I can't read {kind_en} yet. Please describe what you need in words, e.g. "
                        "\"housing fund balance\". When documents are needed I will tell you where to upload them.")
MEDIA_KINDS = {
    "photo": ("图片", "photos"), "sticker": ("表情", "stickers"), "voice": ("语音", "voice messages"),
    "audio": ("音频", "audio"), "video": ("视频", "videos"), "document": ("文件", "files"),
    "other": ("这类消息", "this kind of message"),
}

BUTTON_EXPIRED = ("这个按钮已失效，请直接输入您的问题。\n"
                  "This button has expired. Please type your question instead.")
RESET_DONE = "已重新开始对话。请问有什么可以帮您？\nThe conversation has been reset. How can I help you?"
LANGUAGE_CHOICE = "请选择语言 / Choose a language:"
LANGUAGE_BUTTONS = (("中文", "zh"), ("English", "en"))

NEAREST_HALLS_TITLE = {"zh": "离您最近的政务服务中心：", "en": "Service halls nearest to you:"}
NEAREST_HALL_LINE = {
    "zh": "{name_zh}（约{distance_km}公里）\n{address_zh}\n电话 {phone}　{hours_zh}",
    "en": "{name_en} (about {distance_km} km)\n{address_en}\nPhone {phone}, {hours_en}",
}
NO_HALL_FOUND = ("抱歉，暂时查不到附近的政务服务中心，请稍后再试，或拨打12345热线。\n"
                 "Sorry, I cannot look up nearby service halls right now. Please try again later "
                 "or call the 12345 hotline.")
