"""`make run-cluster`: the production topology on one machine, on the local PostgreSQL, Redis and
RabbitMQ, supervised like `make run`:

    citizens, staff ──> HAProxy :GATEWAY_PORT ──> gateway_1 … gateway_N ──┐ PostgreSQL (gateway, desk),
                                                                          │ Redis (desk events)
                        HAProxy :RASA_PORT    <───────────────────────────┘
                            └──> rasa_1 … rasa_N  (PostgreSQL tracker store, Redis lock store,
                                                   RabbitMQ event broker)
                        HAProxy :ACTIONS_PORT <──── rasa
                            └──> actions_1 … actions_N ──> govapi :GOVAPI_PORT (2 workers, PostgreSQL)
                        RabbitMQ ──> analytics (python -m analytics.consumer) ──> PostgreSQL (gateway)

The balancer checks every replica's health endpoint each second and takes a dead one out.
Databases are created and migrated here, before any replica starts. Every process is a
Procfile entry started with its own environment, so the cluster runs the same commands as
`make run`. Settings (defaults for this machine's services):

    CLUSTER_REPLICAS=2, CLUSTER_POSTGRES=postgresql://postgres@127.0.0.1:5432,
    CLUSTER_DB_PREFIX=tongban, CLUSTER_REDIS=redis://127.0.0.1:6379/1,
    CLUSTER_RABBITMQ=amqp://guest:guest@127.0.0.1:5672, CLUSTER_QUEUE=tongban_events
"""
import argparse
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402

from tools.stack import procfile_commands  # noqa: E402
from tools.supervise import Program, run  # noqa: E402

SCALED = ("rasa", "actions", "gateway")
HEALTH_PATHS = {"gateway": "/health", "actions": "/health", "rasa": "/"}
DATABASES = ("tracker", "gateway", "govapi")
# How long a conversation's lock (Redis) outlives a Rasa replica that died holding it (Rasa's
# default). A turn that outlasts it loses the lock, and a retry of the same message could then run
# beside it, so it is well above the slowest turn of an overloaded machine.
TICKET_LOCK_LIFETIME_S = "60"


@dataclass(frozen=True)
class Topology:
    """Where everything listens and which services it uses."""
    ports: dict[str, int]                 # the balancer's (and govapi's) ports: GATEWAY, RASA, ACTIONS, GOVAPI
    replica_ports: dict[str, list[int]]   # per scaled process kind
    postgres: str
    db_prefix: str
    redis: str
    rabbitmq: str
    queue: str

    @classmethod
    def from_env(cls, env=os.environ) -> "Topology":
        replicas = int(env.get("CLUSTER_REPLICAS", "2"))
        ports = {name: int(env.get(f"{name}_PORT", default)) for name, default in
                 (("GATEWAY", "8080"), ("RASA", "5005"), ("ACTIONS", "5055"), ("GOVAPI", "8000"))}
        return cls(ports=ports,
                   replica_ports={kind: [ports[kind.upper()] + i for i in range(1, replicas + 1)] for kind in SCALED},
                   postgres=env.get("CLUSTER_POSTGRES", "postgresql://postgres@127.0.0.1:5432"),
                   db_prefix=env.get("CLUSTER_DB_PREFIX", "tongban"),
                   redis=env.get("CLUSTER_REDIS", "redis://127.0.0.1:6379/1"),
                   rabbitmq=env.get("CLUSTER_RABBITMQ", "amqp://guest:guest@127.0.0.1:5672"),
                   queue=env.get("CLUSTER_QUEUE", "tongban_events"))

    def database(self, name: str) -> str:
        return f"{self.db_prefix}_{name}"

    def database_url(self, name: str) -> str:
        return f"postgresql+psycopg2://{self.postgres.split('://', 1)[1].rstrip('/')}/{self.database(name)}"

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}"

    def shared_environment(self) -> dict[str, str]:
        """What every process of the cluster is told."""
        pg, redis_url, amqp = urlsplit(self.postgres), urlsplit(self.redis), urlsplit(self.rabbitmq)
        return {
            **{f"{name}_PORT": str(port) for name, port in self.ports.items()},
            "GOVAPI_URL": self.url("GOVAPI"), "RASA_URL": self.url("RASA"), "GATEWAY_URL": self.url("GATEWAY"),
            # the platform's notices reach whichever gateway the balancer picks
            "GOVAPI_NOTIFY_URL": self.url("GATEWAY") + "/notifications/platform",
            "ACTION_SERVER_URL": self.url("ACTIONS"), "ACTION_ENDPOINT_URL": self.url("ACTIONS") + "/webhook",
            "RASA_ENDPOINTS": "deploy/endpoints.yml",
            "RASA_DB_HOST": pg.hostname or "127.0.0.1", "RASA_DB_PORT": str(pg.port or 5432),
            "RASA_DB_NAME": self.database("tracker"), "RASA_DB_USER": pg.username or "postgres",
            "RASA_DB_PASSWORD": pg.password or "", "RASA_DB_LOGIN_DB": "postgres",
            "REDIS_HOST": redis_url.hostname or "127.0.0.1", "REDIS_PORT": str(redis_url.port or 6379),
            "REDIS_DB": (redis_url.path or "/1").lstrip("/") or "1",
            "RABBITMQ_HOST": amqp.hostname or "127.0.0.1", "RABBITMQ_USER": amqp.username or "guest",
            "RABBITMQ_PASSWORD": amqp.password or "guest", "RABBITMQ_QUEUE": self.queue,
            "GATEWAY_DATABASE_URL": self.database_url("gateway"), "GATEWAY_REDIS_URL": self.redis,
            "GOVAPI_DATABASE_URL": self.database_url("govapi"), "GOVAPI_WORKERS": "2",
            "TICKET_LOCK_LIFETIME": TICKET_LOCK_LIFETIME_S,
            # Rasa's events reach the analytics through the queue, read by one consumer
            "ANALYTICS_SOURCE": "rabbitmq", "ANALYTICS_RABBITMQ_URL": self.rabbitmq, "ANALYTICS_QUEUE": self.queue,
        }


def create_databases(topology: Topology) -> None:
    admin = create_engine(f"postgresql+psycopg2://{topology.postgres.split('://', 1)[1].rstrip('/')}/postgres",
                          future=True, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            existing = set(connection.execute(text("SELECT datname FROM pg_database")).scalars())
            for name in DATABASES:
                if topology.database(name) not in existing:
                    connection.execute(text(f'CREATE DATABASE "{topology.database(name)}"'))
    finally:
        admin.dispose()


def migrate_gateway(topology: Topology) -> None:
    """Before the replicas start, so that two gateways never migrate at once."""
    from bot.migrate import migrate

    migrate(topology.database_url("gateway"))


def haproxy_config(topology: Topology, run_dir: Path) -> str:
    sections = [f"""global
    maxconn 4096
    stats socket {run_dir / "haproxy.sock"} mode 600 level admin

defaults
    mode http
    timeout connect 2s
    timeout client 90s
    timeout server 90s
    # the desk's live event streams stay open
    timeout tunnel 1h
    # a request that could not reach a replica goes to another one
    option redispatch
    retries 2
"""]
    for kind in SCALED:
        servers = "\n".join(f"    server {kind}_{i} 127.0.0.1:{port} check inter 1s fall 2 rise 1"
                            for i, port in enumerate(topology.replica_ports[kind], start=1))
        sections.append(f"""frontend {kind}
    bind 127.0.0.1:{topology.ports[kind.upper()]}
    default_backend {kind}_replicas

backend {kind}_replicas
    balance {"roundrobin" if kind == "gateway" else "leastconn"}
    option httpchk GET {HEALTH_PATHS[kind]}
    http-check expect status 200
{servers}
""")
    return "\n".join(sections)


def programs(topology: Topology, run_dir: Path) -> list[Program]:
    commands = procfile_commands()
    shared = topology.shared_environment()
    listed = [Program("govapi", commands["govapi"], shared)]
    for kind in SCALED:
        listed += [Program(f"{kind}_{i}", commands[kind], {**shared, f"{kind.upper()}_PORT": str(port)})
                   for i, port in enumerate(topology.replica_ports[kind], start=1)]
    listed.append(Program("analytics", ".venv/bin/python -m analytics.consumer", shared))
    haproxy_cfg = run_dir / "haproxy.cfg"
    haproxy_cfg.write_text(haproxy_config(topology, run_dir))
    listed.append(Program("haproxy", f"{shutil.which('haproxy') or '/usr/sbin/haproxy'} -db -f {haproxy_cfg}"))
    listed.append(Program("ready", commands["ready"], shared, restart=False, console=True))
    return listed


def prepare(topology: Topology, run_dir: Path) -> list[Program]:
    run_dir.mkdir(parents=True, exist_ok=True)
    create_databases(topology)
    migrate_gateway(topology)
    return programs(topology, run_dir.resolve())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--run-dir", default=os.environ.get("RUN_DIR", "var/cluster"), type=Path)
    args = parser.parse_args()
    topology = Topology.from_env()
    return run(prepare(topology, args.run_dir), args.run_dir)


if __name__ == "__main__":
    sys.exit(main())


class RunningCluster:
    """A cluster started in the background (tests and benchmarks): its supervisord, its
    processes' pids, and a way to stop it and drop what it created."""

    def __init__(self, env: dict[str, str], run_dir: Path) -> None:
        self.env = env
        self.run_dir = run_dir
        self.topology = Topology.from_env(env)
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout_s: float = 300) -> "RunningCluster":
        from tools.ready import health_checks, wait_until_healthy, warm_up

        log = open(self.run_dir / "supervisord.out", "ab")
        self.process = subprocess.Popen([sys.executable, str(ROOT / "tools" / "cluster.py"), "--run-dir",
                                         str(self.run_dir)], cwd=ROOT, env=self.env, stdout=log,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        checks = health_checks({**self.env, **self.topology.shared_environment()})
        checks += [(f"{kind}_{i}", f"http://127.0.0.1:{port}", HEALTH_PATHS[kind])
                   for kind in SCALED for i, port in enumerate(self.topology.replica_ports[kind], start=1)]
        unhealthy = wait_until_healthy(checks, timeout_s)
        if unhealthy:
            self.stop()
            raise RuntimeError(f"cluster not healthy after {timeout_s:.0f} s: {unhealthy}; logs in {self.run_dir}")
        for port in self.topology.replica_ports["rasa"]:
            warm_up(f"http://127.0.0.1:{port}")
        return self

    def url(self, name: str) -> str:
        return self.topology.url(name.upper())

    def pid(self, program: str) -> int:
        from tools.supervise import ctl

        return int(ctl(self.run_dir, "pid", program).stdout.strip())

    def stop(self, timeout_s: float = 60) -> None:
        import signal

        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout_s)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def drop_databases(self) -> None:
        admin = create_engine(f"postgresql+psycopg2://{self.topology.postgres.split('://', 1)[1].rstrip('/')}/postgres",
                              future=True, isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as connection:
                for name in DATABASES:
                    connection.execute(text(f'DROP DATABASE IF EXISTS "{self.topology.database(name)}" WITH (FORCE)'))
        finally:
            admin.dispose()
