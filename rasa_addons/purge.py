"""`python -m rasa_addons.purge` (part of `make purge`): drops the tracker store's conversations
idle longer than RETENTION_DAYS, from the store that RASA_ENDPOINTS names."""
import asyncio
import os

from rasa.core.tracker_store import TrackerStore
from rasa.core.utils import read_endpoints_from_path

from rasa_addons.tracker_store import MaskingTrackerStore


def main() -> None:
    endpoints = read_endpoints_from_path(os.environ.get("RASA_ENDPOINTS", "endpoints.yml"))
    store = TrackerStore.create(endpoints.tracker_store)
    if not isinstance(store, MaskingTrackerStore):
        raise SystemExit("the tracker store of RASA_ENDPOINTS is not rasa_addons.tracker_store.MaskingTrackerStore")
    days = float(os.environ.get("RETENTION_DAYS", "180"))
    purged = asyncio.run(store.purge(days))
    print(f"tracker store: dropped {purged} conversations idle for more than {days:g} days")


if __name__ == "__main__":
    main()
