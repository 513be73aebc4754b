"""The desk: staff take conversations over from the bot and hand them back, and trainers curate what
the NLU did not understand.

By job:
- hotline/ (the hotline console's work: tickets, hand-offs, staff actions, transcripts, links, its routes);
- curation_routes (the trainers' routes; what curating does is the top-level curation package),
  analytics_routes (the dashboard's routes; the figures are the analytics package's);
- plumbing shared by both: http (sessions and roles, JSON bodies, the one mapping of errors to HTTP
  answers), errors (what cannot be done, without HTTP), session_routes (log in/out, the live stream,
  the console page), accounts (argon2, sessions), staff (the account CLI), events (SSE hub),
  models/migrations/database (tables, own version table alembic_version_desk), clock, settings,
  teams and matters (the queues and the domain's intents), wiring (into the gateway app).

Settings: DESK_HOURS ("Mon-Fri 09:00-17:00"), DESK_TIMEZONE (Asia/Shanghai), DESK_SESSION_HOURS (12),
DESK_LINK_MINUTES (120), TELEGRAM_BOT_USERNAME (else getMe), GATEWAY_PUBLIC_URL (for web links),
DESK_SSE_KEEP_ALIVE_S (15; also how often a live stream re-checks its session).
"""
