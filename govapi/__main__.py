"""`python -m govapi`: migrate, seed on first start, then serve."""
from __future__ import annotations

import logging
import os
import time

from govapi.app import create_app
from govapi.config import Settings
from govapi.db import make_engine
from govapi.migrate import upgrade_to_head
from govapi.seed import seed_database

log = logging.getLogger("govapi")


def prepare_database(settings: Settings) -> None:
    started = time.perf_counter()
    engine = make_engine(settings.database_url)
    try:
        upgrade_to_head(engine)
        seeded = seed_database(engine, settings.seed_citizens, settings.slot_capacity)
    finally:
        engine.dispose()
    log.info("database ready in %.1fs%s", time.perf_counter() - started,
             f" (seeded {settings.seed_citizens} generated citizens)" if seeded else "")


def main() -> None:
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO").upper(),
                        format="%(asctime)s %(levelname)s %(name)s %(message)s")
    for sanic_logger in ("sanic.root", "sanic.error"):  # Sanic has its own handlers; avoid double lines
        logging.getLogger(sanic_logger).propagate = False
    settings = Settings.from_env()
    prepare_database(settings)
    app = create_app(settings)
    app.run(host=settings.host, port=settings.port, workers=settings.workers, access_log=False, motd=False)


if __name__ == "__main__":
    main()
