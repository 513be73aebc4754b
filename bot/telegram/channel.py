"""The Telegram channel: python-telegram-bot's Application without a server of its own.
Polling mode runs PTB's updater in the gateway's event loop; webhook mode receives
updates on the gateway's POST /telegram/webhook (see bot/telegram/webhook.py)."""
import asyncio
import json
import logging
from typing import Any

from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatAction, ParseMode
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes, MessageHandler, filters

from bot import elder_mode, notices
from bot.config import TelegramSettings
from bot.halls import HallFinder, describe_halls
from bot.language import reply_language
from bot.router import Reply, Router
from bot.store import in_thread
from bot.telegram.formatting import CallbackPayloads, html_chunks, inline_keyboard
from bot.telegram.retrying import RetryingRateLimiter

logger = logging.getLogger(__name__)

CHANNEL = "tg"
STARTUP_RETRY_S = 5
# Commands that Rasa understands as an intent of its own (/elder and /normal switch elder mode).
COMMAND_INTENTS = {"help": "/help", "human": "/request_human", "reset": "/restart",
                   "elder": elder_mode.switch_payload(True), "normal": elder_mode.switch_payload(False)}
MEDIA_FILTERS = {
    "photo": filters.PHOTO, "sticker": filters.Sticker.ALL, "voice": filters.VOICE,
    "audio": filters.AUDIO, "video": filters.VIDEO | filters.VIDEO_NOTE, "document": filters.Document.ALL,
}


def conversation_id(chat_id: int) -> str:
    return f"{CHANNEL}:{chat_id}"


def chat_id_of(conversation: str) -> int:
    return int(conversation.split(":", 1)[1])


def switch_language_payload(code: str) -> str:
    return "/switch_language" + json.dumps({"language": code})


def _metadata(update: Update, **extra: Any) -> dict[str, Any]:
    user = update.effective_user
    metadata: dict[str, Any] = {"channel": "telegram"}
    if user and user.language_code:
        metadata["language_code"] = user.language_code
    if update.edited_message:
        metadata["edited"] = True
    metadata.update(extra)
    return metadata


# PTB types an update's parts as optional because an update holds one kind of thing; each handler's
# filter admits only updates that have the parts it reads.
def _message(update: Update) -> Message:
    assert update.effective_message is not None
    return update.effective_message


def _text(update: Update) -> str:
    text = _message(update).text
    assert text is not None
    return text


def _chat_id(update: Update) -> int:
    assert update.effective_chat is not None
    return update.effective_chat.id


class TelegramChannel:
    def __init__(self, settings: TelegramSettings, router: Router, halls: HallFinder) -> None:
        self.settings = settings
        self.router = router
        self.halls = halls
        self.payloads = CallbackPayloads()
        self.application = self._build_application()
        self.ready = asyncio.Event()
        self._starter: asyncio.Task | None = None
        router.register_channel(CHANNEL, self.deliver)

    # --- lifecycle -----------------------------------------------------------------

    def _build_application(self) -> Application:
        builder = (Application.builder().token(self.settings.token)
                   .base_url(f"{self.settings.api_base}/bot")
                   .base_file_url(f"{self.settings.api_base}/file/bot")
                   .rate_limiter(RetryingRateLimiter())
                   .connect_timeout(5).read_timeout(15).write_timeout(15)
                   .concurrent_updates(16))
        if self.settings.mode == "webhook":
            builder = builder.updater(None)
        application = builder.build()
        self._add_handlers(application)
        return application

    def start_in_background(self) -> None:
        """Starts without holding up the gateway: the web chat works while Telegram is unreachable."""
        self._starter = asyncio.ensure_future(self._start_until_done())

    async def _start_until_done(self) -> None:
        while True:
            try:
                await self._start()
                self.ready.set()
                logger.info("telegram channel running in %s mode as @%s", self.settings.mode,
                            self.application.bot.username)
                return
            except Exception as error:  # noqa: BLE001 - keep trying, the gateway stays up
                logger.warning("telegram not started (%s); retrying in %d s", error, STARTUP_RETRY_S)
                await asyncio.sleep(STARTUP_RETRY_S)

    async def _start(self) -> None:
        await self.application.initialize()  # does nothing the second time
        if not self.application.running:
            await self.application.start()
        if self.settings.mode == "polling":
            assert self.application.updater is not None  # only webhook mode builds without one
            await self.application.updater.start_polling(
                poll_interval=0.0, timeout=10, allowed_updates=Update.ALL_TYPES)
        elif self.settings.webhook_url:
            await self.application.bot.set_webhook(
                self.settings.webhook_url, secret_token=self.settings.webhook_secret,
                allowed_updates=Update.ALL_TYPES)

    async def stop(self) -> None:
        if self._starter and not self._starter.done():
            self._starter.cancel()
        if self.application.updater and self.application.updater.running:
            await self.application.updater.stop()
        if self.application.running:
            await self.application.stop()
        await self.application.shutdown()  # does nothing if it never started

    async def receive_webhook(self, payload: dict[str, Any]) -> None:
        """Handles a pushed update before Telegram is told it arrived: if this gateway dies
        first, Telegram sends the update again (to any gateway) and its id keeps it single."""
        await self.application.process_update(Update.de_json(payload, self.application.bot))

    # --- handlers ------------------------------------------------------------------

    def _add_handlers(self, application: Application) -> None:
        messages = filters.UpdateType.MESSAGES  # new and edited messages
        application.add_handler(CommandHandler("start", self.on_start, filters=messages))
        application.add_handler(CommandHandler("lang", self.on_lang, filters=messages))
        application.add_handler(CommandHandler(list(COMMAND_INTENTS), self.on_intent_command, filters=messages))
        application.add_handler(CallbackQueryHandler(self.on_button))
        application.add_handler(MessageHandler(messages & filters.LOCATION, self.on_location))
        for kind, media_filter in MEDIA_FILTERS.items():
            application.add_handler(MessageHandler(messages & media_filter, self._media_handler(kind)))
        application.add_handler(MessageHandler(messages & filters.TEXT & ~filters.COMMAND, self.on_text))
        application.add_handler(MessageHandler(messages & filters.COMMAND, self.on_unknown_command))
        application.add_error_handler(self.on_error)

    async def on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self._route(update, _text(update), _metadata(update))

    async def on_start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/start greets; a deep-link payload (t.me/<bot>?start=<payload>) travels as metadata."""
        payload = " ".join(context.args or [])[:64]
        extra = {"start_payload": payload} if payload else {}
        shown = "/start" + (f" {payload}" if payload else "")
        await self._route(update, "/greet", _metadata(update, **extra), shown, command=True)

    async def on_intent_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        command = _text(update).split()[0].lstrip("/").split("@")[0].lower()
        await self._route(update, COMMAND_INTENTS[command], _metadata(update), f"/{command}", command=True)
        if command == "reset":
            await self._send_and_record(update, notices.RESET_DONE, f"/{command}")

    async def on_unknown_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        shown = _text(update).split()[0][:64]
        await self._route(update, COMMAND_INTENTS["help"], _metadata(update), shown, command=True)

    async def on_lang(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        choice = (context.args or [""])[0].lower()[:2]
        if choice in ("zh", "en"):
            await self._route(update, switch_language_payload(choice), _metadata(update), f"/lang {choice}",
                              command=True)
            return
        buttons = [{"title": title, "payload": switch_language_payload(code)}
                   for title, code in notices.LANGUAGE_BUTTONS]
        await self._send_and_record(update, notices.LANGUAGE_CHOICE, "/lang", buttons)

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None  # CallbackQueryHandler passes only button presses
        await query.answer()
        if query.message is not None:
            await query.edit_message_reply_markup(reply_markup=None)
        payload = self.payloads.decode(query.data or "")
        if payload is None:  # a button from before a gateway restart, too long to keep
            await self._send_and_record(update, notices.BUTTON_EXPIRED, "(expired button)")
            return
        await self._route(update, payload, _metadata(update), self._button_title(query))

    @staticmethod
    def _button_title(query: CallbackQuery) -> str | None:
        markup = getattr(query.message, "reply_markup", None)
        for row in (markup.inline_keyboard if markup else ()):
            for button in row:
                if button.callback_data == query.data:
                    return button.text
        return None

    async def on_location(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        location = _message(update).location
        assert location is not None  # filters.LOCATION
        conversation = await in_thread(self.router.store.conversation, conversation_id(_chat_id(update)))
        language = reply_language((conversation or {}).get("language_code") or _metadata(update).get("language_code"))
        halls = await self.halls.nearest(location.latitude, location.longitude)
        shown = f"(location {location.latitude:.4f},{location.longitude:.4f})"
        await self._send_and_record(update, describe_halls(halls, language), shown)

    def _media_handler(self, kind: str):
        async def on_media(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
            kind_zh, kind_en = notices.MEDIA_KINDS[kind]
            text = notices.MEDIA_NOT_UNDERSTOOD.format(kind_zh=kind_zh, kind_en=kind_en)
            await self._send_and_record(update, text, f"({kind})")
            caption = _message(update).caption
            if caption:  # the question often travels as the caption: answer it too
                await self._route(update, caption, _metadata(update))
        return on_media

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        logger.error("telegram update failed: %s", context.error, exc_info=context.error)

    # --- sending -------------------------------------------------------------------

    async def _route(self, update: Update, text: str, metadata: dict[str, Any],
                     shown: str | None = None, command: bool = False) -> None:
        chat_id = _chat_id(update)
        await self.application.bot.send_chat_action(chat_id, ChatAction.TYPING)
        replies = await self.router.handle(conversation_id(chat_id), text, metadata, shown, command,
                                           external_id=f"tg:{update.update_id}")
        await self.deliver(conversation_id(chat_id), replies)

    async def _send_and_record(self, update: Update, text: str, shown: str,
                               buttons: list[dict] | None = None) -> None:
        reply = {"text": text, **({"buttons": buttons} if buttons else {})}
        conversation = conversation_id(_chat_id(update))
        await self.router.record_exchange(conversation, shown, [reply], _metadata(update))
        await self.deliver(conversation, [reply])

    async def deliver(self, conversation: str, replies: list[Reply]) -> None:
        """Sends replies to the chat: images as photos, text in pieces, buttons on the last piece."""
        chat_id = chat_id_of(conversation)
        bot = self.application.bot
        for reply in replies:
            if reply.get("image"):
                await bot.send_photo(chat_id, reply["image"])
            keyboard = inline_keyboard(reply.get("buttons") or [], self.payloads)
            text = reply.get("text") or ""
            if not text and keyboard is not None:
                text = "👇"
            chunks = html_chunks(text) if text else []
            for index, chunk in enumerate(chunks):
                markup: InlineKeyboardMarkup | None = keyboard if index == len(chunks) - 1 else None
                await bot.send_message(chat_id, chunk, parse_mode=ParseMode.HTML, reply_markup=markup)
