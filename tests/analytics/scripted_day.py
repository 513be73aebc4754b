"""A scripted day of conversations (Wednesday 2026-11-25, Asia/Shanghai) with figures worked out by
hand: Rasa's events go through the recorder, tickets into the desk's table, ratings through the
rating store — the way the running gateway writes them."""
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker

from analytics.ratings import RatingStore
from analytics.recorder import EventRecorder
from bot.desk.models import CALLBACK, RESOLVED, WAITING, Ticket
from bot.migrate import migrated_engine

DAY = "2026-11-25"
ZONE = ZoneInfo("Asia/Shanghai")
NANJING = ("南京市", "玄武区")
KUNSHAN = ("苏州市", "昆山市")
# conversation -> (place, matter); c9 writes from Telegram
CONVERSATIONS = {f"web:c{n}": (NANJING, "housing_fund_balance") for n in range(6)}
CONVERSATIONS.update({f"web:c{n}": (KUNSHAN, "social_security_card") for n in range(6, 9)})
CONVERSATIONS["tg:c9"] = (KUNSHAN, "social_security_card")
# conversation -> (reason, team, state, waited s, handled s)
TICKETS = {
    "web:c1": ("fallback", "housing_fund", RESOLVED, 30, 200),
    "web:c2": ("request_human", "housing_fund", RESOLVED, 120, 600),
    "web:c3": ("lockout", "general", RESOLVED, 60, 300),
    "web:c4": ("complaint", "general", WAITING, None, None),
    "web:c5": ("request_human", "housing_fund", CALLBACK, None, None),   # after hours
}
# what the hand-worked figures are
EXPECTED = {
    "conversations": 10, "handoffs": 5, "containment": 0.5, "messages": 21, "fallbacks": 2,
    "fallback_rate": round(2 / 21, 3), "median_first_answer_s": 1.5, "with_form": 2, "abandoned": 1,
    "abandonment": 0.5, "completions": 4, "guides": 1, "rated": 4, "csat": 0.75, "nps_style": 50,
    "declined": 1, "comments": 1,
}


def local(hour: int, minute: int, second: float = 0, day: str = DAY) -> datetime:
    moment = datetime.fromisoformat(f"{day}T{hour:02d}:{minute:02d}:00").replace(tzinfo=ZONE)
    return (moment + timedelta(seconds=second)).astimezone(timezone.utc).replace(tzinfo=None)


def _ts(moment: datetime) -> float:
    return moment.replace(tzinfo=timezone.utc).timestamp()


def _user(sender, moment, intent, language="zh"):
    return {"sender_id": sender, "event": "user", "timestamp": _ts(moment), "text": "…",
            "parse_data": {"intent": {"name": intent, "confidence": 0.9},
                           "entities": [{"entity": "message_language", "value": language}]}}


def _bot(sender, moment):
    return {"sender_id": sender, "event": "bot", "timestamp": _ts(moment), "text": "…"}


def _slot(sender, moment, name, value):
    return {"sender_id": sender, "event": "slot", "timestamp": _ts(moment), "name": name, "value": value}


def _loop(sender, moment, name):
    return {"sender_id": sender, "event": "active_loop", "timestamp": _ts(moment), "name": name}


def events():
    script = []
    for number, (sender, (place, matter)) in enumerate(CONVERSATIONS.items()):
        start = local(10, number)
        first_answer = 3.5 if sender == "web:c0" else 1.5
        script += [_user(sender, start, "greet", "en" if sender == "web:c8" else "zh"),
                   _bot(sender, start + timedelta(seconds=first_answer)),
                   _user(sender, start + timedelta(seconds=30), matter),
                   _slot(sender, start + timedelta(seconds=31), "city", place[0]),
                   _slot(sender, start + timedelta(seconds=31), "county", place[1]),
                   _bot(sender, start + timedelta(seconds=32))]
        if sender == "web:c1":   # not understood twice: no matter, two fallbacks
            script[-4]["parse_data"]["intent"]["name"] = "nlu_fallback"
            script.append(_user(sender, start + timedelta(seconds=50), "nlu_fallback"))
        if sender == "web:c6":   # a form left asking
            script.append(_loop(sender, start + timedelta(seconds=33), "social_security_card_form"))
        if sender == "web:c7":   # a form finished
            script += [_loop(sender, start + timedelta(seconds=33), "social_security_card_form"),
                       _loop(sender, start + timedelta(seconds=34), None)]
    # c0 comes back after midnight: another day, outside the scripted one
    next_day = local(0, 30, day="2026-11-26")
    script += [_user("web:c0", next_day, "greet"), _bot("web:c0", next_day + timedelta(seconds=1))]
    return sorted(script, key=lambda event: event["timestamp"])


def _tickets(engine) -> None:
    with sessionmaker(engine, future=True).begin() as session:
        for number, (sender, (reason, team, state, waited, handled)) in enumerate(TICKETS.items()):
            opened = local(11, number)
            claimed = opened + timedelta(seconds=waited) if waited is not None else None
            session.add(Ticket(conversation_id=sender, team=team, reason=reason, state=state, language="zh",
                               opened_at=opened, claimed_at=claimed,
                               resolved_at=claimed + timedelta(seconds=handled) if handled else None))


def _ratings(engine) -> None:
    store = RatingStore(engine)
    at = local(12, 0)
    scores = {"web:c6": 5, "web:c7": 4, "web:c8": 2, "tg:c9": 0}
    for sender, score in scores.items():
        rating = store.add(sender, "social_security_card", "completed", now=at)
        assert store.rate(sender, rating.id, score, now=at)
    store.add("web:c0", "housing_fund_balance", "guide", now=at)       # asked, not answered
    desk = store.add("web:c2", "housing_fund_balance", "desk", True, now=local(12, 30))
    store.rate("web:c2", desk.id, 5, now=local(12, 31))
    assert store.ask_comment("web:c2", desk.id)
    assert store.take_comment("web:c2", "很好，谢谢 13800000001")


def scripted_database(path) -> Engine:
    engine = migrated_engine(f"sqlite:///{path}")
    EventRecorder(engine).record(events())
    _tickets(engine)
    _ratings(engine)
    return engine
