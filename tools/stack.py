"""Starts the processes of the Procfile with a given environment: the test
suites and benchmarks run exactly what `make run` runs, on ports and files of
their own."""
import os
import signal
import socket
import subprocess
from collections.abc import Iterable
from pathlib import Path

from tools.ready import health_checks, wait_until_healthy, warm_up

ROOT = Path(__file__).resolve().parent.parent
PROCFILE = ROOT / "Procfile"


def procfile_commands() -> dict[str, str]:
    commands = {}
    for line in PROCFILE.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, command = line.split(":", 1)
            commands[name.strip()] = command.strip()
    return commands


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stack_env(var_dir: Path, **overrides: str) -> dict[str, str]:
    """A complete environment for one stack whose runtime files live in var_dir."""
    ports = {name: free_port() for name in ("GOVAPI", "ACTIONS", "RASA", "GATEWAY")}
    env = dict(os.environ)
    env.update({f"{name}_PORT": str(port) for name, port in ports.items()})
    env.update({
        "GOVAPI_URL": f"http://127.0.0.1:{ports['GOVAPI']}",
        "ACTION_SERVER_URL": f"http://127.0.0.1:{ports['ACTIONS']}",
        "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{ports['ACTIONS']}/webhook",
        "RASA_URL": f"http://127.0.0.1:{ports['RASA']}",
        "GATEWAY_URL": f"http://127.0.0.1:{ports['GATEWAY']}",
        "GOVAPI_NOTIFY_URL": f"http://127.0.0.1:{ports['GATEWAY']}/notifications/platform",
        "GOVAPI_NOTIFY_SECRET": "stack-notify-secret",
        "NOTIFICATIONS_QUIET_HOURS": "",  # tests choose their own quiet hours
        "RASA_TOKEN": "stack-token",
        "RASA_TRACKER_DB": str(var_dir / "tracker.db"),
        "GOVAPI_DATABASE_URL": f"sqlite:///{var_dir / 'govapi.db'}",
        "GATEWAY_DATABASE_URL": f"sqlite:///{var_dir / 'gateway.db'}",
        "GOVAPI_API_KEY": "stack-key",
        "GOVAPI_SANDBOX": "1",
        "GOVAPI_SEED_CITIZENS": "200",
        "TELEGRAM_BOT_TOKEN": "",
        "DESK_HOURS": "Mon-Sun 00:00-24:00",
        # more of the messages reach the trainers' inbox than with the fallback threshold alone
        "CURATION_THRESHOLD": "0.9",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "PYTHONWARNINGS": "ignore::DeprecationWarning",
    })
    env.update(overrides)
    return env


class Stack:
    """A running set of Procfile processes; logs go to <var_dir>/<name>.log."""

    def __init__(self, env: dict[str, str], var_dir: Path) -> None:
        self.env = env
        self.var_dir = var_dir
        self.processes: dict[str, subprocess.Popen] = {}

    def url(self, name: str) -> str:
        return self.env[f"{name.upper()}_URL"]

    def start(self, names: Iterable[str], timeout_s: float = 180) -> None:
        names = list(names)
        commands = procfile_commands()
        for name in names:
            self.start_one(name, commands[name])
        checks = [check for check in health_checks(self.env) if check[0] in self.processes]
        unhealthy = wait_until_healthy(checks, timeout_s)
        if unhealthy:
            logs = "\n".join(self.log_tail(name) for name in unhealthy)
            self.stop()
            raise RuntimeError(f"not healthy after {timeout_s:.0f} s: {unhealthy}\n{logs}")
        if "rasa" in names:
            warm_up(self.url("rasa"))

    def start_one(self, name: str, command: str | None = None) -> None:
        command = command or procfile_commands()[name]
        log = open(self.var_dir / f"{name}.log", "ab")
        self.processes[name] = subprocess.Popen(
            ["sh", "-c", f"exec {command}"], cwd=ROOT, env=self.env, stdout=log,
            stderr=subprocess.STDOUT, start_new_session=True)

    def stop_one(self, name: str) -> None:
        process = self.processes.pop(name, None)
        if process and process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def restart(self, name: str, timeout_s: float = 180) -> None:
        self.stop_one(name)
        self.start([name], timeout_s)

    def stop(self) -> None:
        for name in list(self.processes):
            self.stop_one(name)

    def log_tail(self, name: str, lines: int = 40) -> str:
        path = self.var_dir / f"{name}.log"
        text = path.read_text(errors="replace").splitlines()[-lines:] if path.exists() else []
        return f"--- {name} ---\n" + "\n".join(text)


def processes_alive(stack: Stack) -> list[str]:
    return [name for name, process in stack.processes.items() if process.poll() is None]
