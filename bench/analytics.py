"""Cost of the desk dashboard's query (analytics.metrics.Metrics.report + suppression, what
GET /api/desk/analytics computes) with 1 million stored messages on the local PostgreSQL.

Creates the database BENCH_DATABASE (default tongban_bench_analytics) on BENCH_POSTGRES
(default postgresql+psycopg2://postgres@127.0.0.1), migrates it like the gateway does, loads with
COPY: BENCH_CONVERSATIONS conversations (default 100,000) over the last 90 days with 10 stored
messages each (5 citizen messages, 5 replies: 1,000,000 gateway_messages), their analytics rows
(conversation days, 500,000 understood turns, matters per conversation day), a hand-off for 8% of them
and a rating for 30%; then times the query for the last 7 days (what the dashboard opens with), the last
30 days, all 90 days per week, and 30 days filtered by a county and by a matter (5 runs each, median
and worst). The database is dropped at the end.

    .venv/bin/python bench/analytics.py
"""
import io
import os
import random
import statistics
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import create_engine, text

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from analytics.days import local_day  # noqa: E402
from analytics.metrics import Filters, Metrics  # noqa: E402
from analytics.suppression import suppress  # noqa: E402
from bot.desk.database import upgrade_desk_to_head  # noqa: E402
from bot.store.database import make_engine, upgrade_to_head  # noqa: E402

SERVER = os.environ.get("BENCH_POSTGRES", "postgresql+psycopg2://postgres@127.0.0.1")
DATABASE = os.environ.get("BENCH_DATABASE", "tongban_bench_analytics")
CONVERSATIONS = int(os.environ.get("BENCH_CONVERSATIONS", "100000"))
TURNS = 5
DAYS = 90
RUNS = 5
KEEP = os.environ.get("BENCH_KEEP") == "1"   # keep the loaded database for the next run (development)
ZONE = ZoneInfo("Asia/Shanghai")
CITIES = ("南京市", "苏州市", "无锡市", "常州市", "徐州市", "南通市", "连云港市",
          "淮安市", "盐城市", "扬州市", "镇江市", "泰州市", "宿迁市")
PLACES = [(city, f"{city}{number}区") for city in CITIES for number in range(1, 8)]
MATTERS = ["social_security_contributions", "social_security_card", "pension_payment", "medical_insurance_balance",
           "medical_remote_filing", "hukou_transfer", "id_card", "residence_permit", "housing_fund_balance",
           "housing_fund_withdrawal", "business_registration", "service_guide", "find_service_hall",
           "application_status", "book_appointment", "app_migration", "complaint"]
REASONS = ["request_human", "fallback", "lockout", "complaint"]
TEAMS = ["social_security", "medical", "household", "housing_fund", "general"]


def _copy(engine, table: str, columns, rows) -> None:
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join("\\N" if value is None else str(value) for value in row) + "\n")
    buffer.seek(0)
    connection = engine.raw_connection()
    try:
        connection.cursor().copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)
        connection.commit()
    finally:
        connection.close()


def load(engine) -> None:
    random.seed(19)
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    conversations, messages, days, turns, matter_days, tickets, ratings = [], [], [], [], [], [], []
    for number in range(CONVERSATIONS):
        conversation_id = f"{random.choice(('web', 'tg', 'wx'))}:bench{number}"
        start = now - timedelta(days=random.uniform(0, DAYS), minutes=10)
        day = local_day(start, ZONE)
        city, county = random.choice(PLACES)
        matter = random.choice(MATTERS)
        language = "en" if random.random() < 0.1 else "zh"
        conversations.append((conversation_id, conversation_id.split(":")[0], language, "bot", start, start))
        fallbacks = 0
        for turn in range(TURNS):
            at = start + timedelta(seconds=30 * turn)
            intent = ("greet" if turn == 0 else matter if turn == 1 else
                      "nlu_fallback" if random.random() < 0.08 else random.choice(("inform", "affirm", matter)))
            fallbacks += intent == "nlu_fallback"
            messages.append((conversation_id, "in", "我想办理一下这个事情", "answered", intent, 0.9, at))
            messages.append((conversation_id, "out", "好的，请告诉我您所在的城市。", None, None, None,
                             at + timedelta(seconds=1)))
            turns.append((conversation_id, day, at, intent, intent if intent in MATTERS else None))
        matter_days.append((conversation_id, day, matter))
        form = "social_security_card_form" if random.random() < 0.05 else None
        days.append((conversation_id, day, conversation_id.split(":")[0], language, city, county, start,
                     start + timedelta(seconds=30 * (TURNS - 1)), random.randint(300, 3000), TURNS, fallbacks,
                     form, form is not None or random.random() < 0.2))
        if random.random() < 0.08:
            opened = start + timedelta(minutes=2)
            claimed = opened + timedelta(seconds=random.randint(20, 900))
            tickets.append((conversation_id, random.choice(TEAMS), random.choice(REASONS), "resolved", language,
                            opened, claimed, claimed + timedelta(seconds=random.randint(60, 1800))))
        if random.random() < 0.3:
            score = random.choice((5, 5, 4, 4, 3, 2, 1, None))
            ratings.append((conversation_id, day, matter, random.choice(("completed", "guide")), False, True,
                            start, score, score is None, start, None, None))
    _copy(engine, "gateway_conversations", ("id", "channel", "language_code", "handoff_state", "created_at",
                                            "last_seen_at"), conversations)
    _copy(engine, "gateway_messages", ("conversation_id", "direction", "text", "status", "intent", "confidence",
                                       "created_at"), messages)
    _copy(engine, "analytics_conversation_days", ("conversation_id", "day", "channel", "language", "city", "county",
                                                  "first_at", "last_at", "first_answer_ms", "turns", "fallbacks",
                                                  "form", "had_form"), days)
    _copy(engine, "analytics_turns", ("conversation_id", "day", "at", "intent", "matter"), turns)
    _copy(engine, "analytics_matter_days", ("conversation_id", "day", "matter"), matter_days)
    _copy(engine, "desk_tickets", ("conversation_id", "team", "reason", "state", "language", "opened_at",
                                   "claimed_at", "resolved_at"), tickets)
    _copy(engine, "analytics_ratings", ("conversation_id", "day", "matter", "kind", "person", "asked", "created_at",
                                        "score", "declined", "rated_at", "comment_asked_at", "comment"), ratings)
    with engine.begin() as connection:
        connection.exec_driver_sql("ANALYZE")
    print(f"loaded {len(messages):,} messages, {len(days):,} conversation days, {len(turns):,} turns, "
          f"{len(tickets):,} tickets, {len(ratings):,} ratings")


def time_query(metrics: Metrics, filters: Filters) -> None:
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        report = suppress(metrics.report(filters))
        timings.append(time.perf_counter() - started)
    described = ", ".join(f"{name}={value}" for name, value in filters.as_dict().items() if value)
    print(f"{described:<80} median {statistics.median(timings):.3f} s  worst {max(timings):.3f} s  "
          f"({report['totals']['conversations']} conversations)")


def main() -> int:
    admin = create_engine(f"{SERVER}/postgres", future=True, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": DATABASE}).first()
        fresh = not (KEEP and exists)
        if fresh:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{DATABASE}"'))
    engine = make_engine(f"{SERVER}/{DATABASE}")
    try:
        upgrade_to_head(engine)
        upgrade_desk_to_head(engine)
        started = time.perf_counter()
        if fresh:
            load(engine)
        print(f"load took {time.perf_counter() - started:.0f} s; timing the dashboard query "
              f"({RUNS} runs each; other work was running on this machine):")
        metrics = Metrics(engine)
        today = datetime.now(ZONE).date()
        month = (today - timedelta(days=29)).isoformat()
        time_query(metrics, Filters((today - timedelta(days=6)).isoformat(), today.isoformat()))   # the default
        time_query(metrics, Filters(month, today.isoformat()))
        time_query(metrics, Filters((today - timedelta(days=DAYS)).isoformat(), today.isoformat(), period="week"))
        time_query(metrics, Filters(month, today.isoformat(), county=PLACES[0][1]))
        time_query(metrics, Filters(month, today.isoformat(), matter="housing_fund_balance"))
    finally:
        engine.dispose()
        if not KEEP:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)'))
        admin.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
