"""`python -m analytics.report` (make report) writes PNG charts and a CSV into the directory it
prints; an erased conversation leaves the analytics as figures without its id or comment."""
import csv
import os
import subprocess

from analytics.metrics import Filters, Metrics
from bot.erasure import erase
from tests.analytics.scripted_day import DAY, scripted_database
from tools.stack import ROOT


def _report(database, out, *dates):
    return subprocess.run([str(ROOT / ".venv/bin/python"), "-m", "analytics.report", *dates, "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, GATEWAY_DATABASE_URL=f"sqlite:///{database}"))


def test_the_report_writes_charts_and_a_csv(tmp_path):
    database = tmp_path / "gateway.db"
    scripted_database(database).dispose()
    done = _report(database, tmp_path / "reports", "--from", DAY, "--to", DAY)
    assert done.returncode == 0, done.stderr
    directory = tmp_path / "reports" / f"report-{DAY}-{DAY}-day"
    assert done.stdout.strip() == str(directory)
    for name in ("conversations", "rates", "reasons", "matters"):
        assert (directory / f"{name}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    rows = list(csv.DictReader((directory / "figures.csv").open(encoding="utf-8-sig")))
    totals = next(row for row in rows if row["table"] == "totals")
    assert (totals["conversations"], totals["containment"], totals["csat"]) == ("10", "0.5", "0.75")
    card = next(row for row in rows if row["table"] == "matters" and row["matter"] == "social_security_card")
    assert card["conversations"] == "<5"
    bad = _report(database, tmp_path / "reports", "--from", "someday")
    assert bad.returncode == 2 and "from must be a date" in bad.stderr


def test_an_erased_conversation_stays_a_figure_without_its_id_or_comment(tmp_path):
    engine = scripted_database(tmp_path / "gateway.db")
    metrics = Metrics(engine)
    before = metrics.report(Filters(DAY, DAY))["totals"]
    erase(engine, "web:c2")
    with engine.connect() as connection:
        left = [connection.exec_driver_sql(f"SELECT count(*) FROM {table} WHERE conversation_id = 'web:c2'").scalar()
                for table in ("analytics_conversation_days", "analytics_turns", "analytics_matter_days",
                              "analytics_ratings")]
        comments = connection.exec_driver_sql(
            "SELECT count(*) FROM analytics_ratings WHERE comment IS NOT NULL").scalar()
    assert left == [0, 0, 0, 0] and comments == 0
    after = metrics.report(Filters(DAY, DAY))["totals"]
    assert after["conversations"] == before["conversations"] and after["rated"] == before["rated"]
    engine.dispose()
