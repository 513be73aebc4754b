"""`make report FROM=2026-11-01 TO=2026-11-30` (python -m analytics.report --from … --to …): the
dashboard's figures as PNG charts and one CSV, written into a new directory whose path is printed."""
import argparse
import sys
from datetime import datetime
from pathlib import Path

from analytics.charts import CHARTS, render
from analytics.export import to_csv
from analytics.metrics import FILTERS, Metrics
from analytics.query import parse_filters
from analytics.settings import AnalyticsSettings
from analytics.suppression import suppress


def write_report(metrics: Metrics, values: dict, out_root: Path) -> Path:
    filters = parse_filters(values, datetime.now(metrics.zone).date())
    report = suppress(metrics.report(filters))
    directory = out_root / f"report-{filters.first_day}-{filters.last_day}-{filters.period}"
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "figures.csv").write_text(to_csv(report), encoding="utf-8-sig")
    for name in CHARTS:
        (directory / f"{name}.png").write_bytes(render(report, name, "png"))
    return directory


def main(argv=None) -> int:
    from bot.config import Settings
    from bot.store.database import make_engine, upgrade_to_head

    parser = argparse.ArgumentParser(prog="python -m analytics.report")
    parser.add_argument("--from", dest="from_", default="", help="first day, YYYY-MM-DD (default: 7 days ago)")
    parser.add_argument("--to", default="", help="last day, YYYY-MM-DD (default: today)")
    parser.add_argument("--period", default="day", help="day or week")
    parser.add_argument("--out", default="var/reports", help="directory under which the report is written")
    for name in FILTERS:
        parser.add_argument(f"--{name}", default="")
    args = parser.parse_args(argv)
    engine = make_engine(Settings.from_env().database_url)
    try:
        upgrade_to_head(engine)
        values = {"from": args.from_, "to": args.to, "period": args.period,
                  **{name: getattr(args, name) for name in FILTERS}}
        directory = write_report(Metrics(engine, AnalyticsSettings.from_env().timezone), values, Path(args.out))
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    print(directory)
    return 0


if __name__ == "__main__":
    sys.exit(main())
