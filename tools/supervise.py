"""Runs processes under supervisord, which restarts one that dies; Ctrl-C stops them all.

`python tools/supervise.py` (`make run`) runs the Procfile's processes. tools/cluster.py
runs the replicated topology through `run()` too. Each process logs to <run dir>/log/<name>.log;
supervisord's own messages (started, exited, restarted) and the `ready` process's summary go
to the terminal."""
import argparse
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.stack import procfile_commands  # noqa: E402

STOP_WAIT_S = 10
START_RETRIES = 20
CONSOLE = "/dev/stdout"


@dataclass(frozen=True)
class Program:
    name: str
    command: str
    environment: dict[str, str] = field(default_factory=dict)
    restart: bool = True      # the ready summary runs once
    console: bool = False     # its output to the terminal instead of a log file


def procfile_programs() -> list[Program]:
    return [Program(name, command, restart=name != "ready", console=name == "ready")
            for name, command in procfile_commands().items()]


def _quoted(value: str) -> str:
    return '"' + value.replace("%", "%%").replace('"', '\\"') + '"'


def _program_section(program: Program, log_dir: Path) -> str:
    output = CONSOLE if program.console else str(log_dir / f"{program.name}.log")
    lines = [f"[program:{program.name}]",
             f"command=/bin/sh -c {shlex.quote('exec ' + program.command)}".replace("%", "%%"),
             f"directory={ROOT}",
             f"autorestart={'true' if program.restart else 'false'}",
             # a program that runs once may end at any time without counting as a failed start
             f"startsecs={1 if program.restart else 0}", f"startretries={START_RETRIES}",
             "stopasgroup=true", "killasgroup=true", f"stopwaitsecs={STOP_WAIT_S}",
             "redirect_stderr=true", f"stdout_logfile={output}"]
    if program.console:
        lines.append("stdout_logfile_maxbytes=0")
    if program.environment:
        lines.append("environment=" + ",".join(f"{key}={_quoted(value)}"
                                                for key, value in program.environment.items()))
    return "\n".join(lines)


def config(programs: Sequence[Program], run_dir: Path) -> str:
    log_dir = run_dir / "log"
    header = f"""[supervisord]
nodaemon=true
logfile={CONSOLE}
logfile_maxbytes=0
pidfile={run_dir / "supervisord.pid"}
childlogdir={log_dir}

[unix_http_server]
file={run_dir / "supervisor.sock"}

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://{run_dir / "supervisor.sock"}
"""
    return header + "\n" + "\n\n".join(_program_section(program, log_dir) for program in programs) + "\n"


def write_config(programs: Sequence[Program], run_dir: Path) -> Path:
    (run_dir / "log").mkdir(parents=True, exist_ok=True)
    path = run_dir / "supervisord.conf"
    path.write_text(config(programs, run_dir))
    return path


def supervisord() -> str:
    return shutil.which("supervisord", path=str(Path(sys.executable).parent)) or "supervisord"


def run(programs: Sequence[Program], run_dir: Path) -> NoReturn:
    """Runs supervisord in the foreground until it is stopped (SIGINT/SIGTERM)."""
    path = write_config(programs, run_dir.resolve())
    os.execv(supervisord(), [supervisord(), "-c", str(path)])


def ctl(run_dir: Path, *args: str) -> subprocess.CompletedProcess:
    """supervisorctl against a running supervisord of this run directory."""
    command = shutil.which("supervisorctl", path=str(Path(sys.executable).parent)) or "supervisorctl"
    return subprocess.run([command, "-c", str(run_dir.resolve() / "supervisord.conf"), *args],
                          capture_output=True, text=True, timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--run-dir", default=os.environ.get("RUN_DIR", "var"), type=Path,
                        help="where the configuration, socket and logs go (default var/)")
    args = parser.parse_args()
    return run(procfile_programs(), args.run_dir)


if __name__ == "__main__":
    sys.exit(main())
