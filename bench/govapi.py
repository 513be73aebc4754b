"""Benchmark of govapi's main read endpoints: requests/s and p50/p95 latency at 16 concurrent clients.

Starts govapi on a fresh SQLite file with the 10,000-citizen seed (cold start, then a warm restart on
the same file, both timed), binds one generated citizen per client through the real SMS-code flow,
then hits each endpoint for BENCH_SECONDS (default 10) and prints a table.

    .venv/bin/python bench/govapi.py            # or: make bench-govapi
    BENCH_SECONDS=3 BENCH_CLIENTS=8 GOVAPI_WORKERS=2 .venv/bin/python bench/govapi.py
"""
from __future__ import annotations

import asyncio
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
import requests

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "govapi"))

from govapi_support import API_KEY, Client, GovapiServer  # noqa: E402

from govapi.seed import generated_logins  # noqa: E402

SECONDS = float(os.environ.get("BENCH_SECONDS", "10"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "16"))
CITIZENS = int(os.environ.get("GOVAPI_SEED_CITIZENS", "10000"))


def next_weekday() -> str:
    day = dt.date.today() + dt.timedelta(days=2)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day.isoformat()


def endpoints() -> list[tuple[str, str, bool]]:
    """(label, path, needs a verified chat user); {case} is each client's own case number."""
    return [
        ("health", "/health", False),
        ("halls by city", "/v1/halls?city=320500", False),
        ("nearest halls", "/v1/halls/nearest?lat=31.39&lng=120.98", False),
        ("hall slots", f"/v1/halls/320583/slots?date={next_weekday()}", False),
        ("matters search", "/v1/matters?q=%E5%B1%85%E4%BD%8F%E8%AF%81", False),
        ("matter", "/v1/matters/residence_permit", False),
        ("app migrations", "/v1/app-migrations?county=320583", False),
        ("me", "/v1/me", True),
        ("contributions", "/v1/me/social-security/contributions?months=12", True),
        ("medical account", "/v1/me/medical/account", True),
        ("housing fund", "/v1/me/housing-fund", True),
        ("my applications", "/v1/me/applications", True),
        ("application", "/v1/applications/{case}", True),
    ]


async def hammer(base_url: str, path: str, users: list[tuple[str, str]], seconds: float) -> tuple[list[float], int]:
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds
    connector = aiohttp.TCPConnector(limit=len(users))
    async with aiohttp.ClientSession(connector=connector) as session:
        async def client(chat_user: str, case_number: str) -> None:
            nonlocal errors
            headers = {"X-API-Key": API_KEY, "X-Chat-User": chat_user}
            url = base_url + path.format(case=case_number)
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                async with session.get(url, headers=headers) as response:
                    await response.read()
                    if response.status != 200:
                        errors += 1
                latencies.append(time.perf_counter() - started)

        await asyncio.gather(*(client(*user) for user in users))
    return latencies, errors


def bind_clients(api: Client) -> list[tuple[str, str]]:
    """(chat user, own case number) for CLIENTS generated citizens that have every account read here."""
    users = []
    for credentials in generated_logins(CLIENTS * 4):
        user = api.login(*credentials)
        if user.get("/v1/me/housing-fund").status_code != 200:
            continue
        case = user.post("/v1/me/applications", json={"matter_code": "marriage_record_certificate"})
        users.append((user.chat_user, case.json()["case_number"]))
        if len(users) == CLIENTS:
            return users
    raise RuntimeError("not enough generated citizens with a housing fund account")


def timed_start(server: GovapiServer) -> float:
    started = time.perf_counter()
    server.start(timeout=120)
    return time.perf_counter() - started


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="govapi-bench-"))
    url = f"sqlite:///{workdir / 'govapi.db'}"
    overrides = {"GOVAPI_SEED_CITIZENS": str(CITIZENS), "GOVAPI_ACCESS_LOG": "0",
                 "GOVAPI_WORKERS": os.environ.get("GOVAPI_WORKERS", "1")}
    server = GovapiServer(url, workdir, overrides)
    cold = timed_start(server)
    server.stop()
    server = GovapiServer(url, workdir, overrides)
    warm = timed_start(server)
    try:
        users = bind_clients(Client(server.base_url))
        print(f"govapi on SQLite, {CITIZENS} generated citizens, {overrides['GOVAPI_WORKERS']} worker(s), "
              f"{CLIENTS} concurrent clients, {SECONDS:g} s per endpoint")
        print(f"cold start (migrate + seed + serve): {cold:.1f} s; warm start: {warm:.1f} s\n")
        print(f"{'endpoint':<18}{'requests':>10}{'req/s':>10}{'p50 ms':>10}{'p95 ms':>10}{'errors':>8}")
        for label, path, personal in endpoints():
            if personal:
                probe = requests.get(server.base_url + path.format(case=users[0][1]),
                                     headers={"X-API-Key": API_KEY, "X-Chat-User": users[0][0]}, timeout=10)
                assert probe.status_code == 200, (path, probe.text)
            latencies, errors = asyncio.run(hammer(server.base_url, path, users, SECONDS))
            latencies.sort()
            p50 = statistics.median(latencies) * 1000
            p95 = latencies[int(len(latencies) * 0.95) - 1] * 1000
            print(f"{label:<18}{len(latencies):>10}{len(latencies) / SECONDS:>10.0f}{p50:>10.1f}{p95:>10.1f}"
                  f"{errors:>8}")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
