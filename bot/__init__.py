"""Tongban gateway: carries conversations between chat channels and Rasa.

    webchat.py            GET /, POST /api/chat, GET /api/chat/history
    telegram/             python-telegram-bot in the gateway's loop (polling) or POST /telegram/webhook
    router.py             the one path to Rasa: storing, hand-off diversion, retries
    store/                conversations and messages (SQLAlchemy, Alembic migrations in migrations/)
    masking.py            personal data masked before anything is stored

For the desk: `Router.on_handoff_message(listener)` hears every message of a conversation
whose `handoff_state` (store) is not "bot"; `MessageStore.set_handoff_state` takes a
conversation over or gives it back; `Router.reply(conversation_id, replies)` stores a staff
reply and delivers it on the conversation's channel (Telegram pushes it, the web chat polls).
"""
