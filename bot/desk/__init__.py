"""The hotline desk: staff take conversations over from the bot and hand them back.

Modules: models/migrations (tables, own version table alembic_version_desk), accounts (argon2,
sessions), tickets (queues, atomic claims), links (phone → chat tokens), service (the behaviour:
router hooks, Rasa pause/resume/trigger_intent), api (/api/desk/..., /desk), events (SSE),
texts (zh + en), hours (DESK_HOURS), staff (the account CLI), wiring (into the gateway app).

Settings: DESK_HOURS ("Mon-Fri 09:00-17:00"), DESK_TIMEZONE (Asia/Shanghai), DESK_SESSION_HOURS (12),
DESK_LINK_MINUTES (120), TELEGRAM_BOT_USERNAME (else getMe), GATEWAY_PUBLIC_URL (for web links),
DESK_SSE_KEEP_ALIVE_S (15; also how often a live stream re-checks its session).
"""
