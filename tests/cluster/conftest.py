"""A whole cluster (tools/cluster.py: 2 Rasa, 2 action servers, 2 gateways, govapi with 2 workers,
HAProxy) on free ports, on scratch PostgreSQL databases, its own Redis database and RabbitMQ
queue, reaching PostgreSQL and Redis through proxies a test can cut."""
import socket
import uuid

import pytest
import redis

from tests.cluster.tcp_proxy import TcpProxy
from tests.conftest import MODEL
from tools.cluster import RunningCluster
from tools.stack import stack_env

REDIS_DB = 12
REPLICAS = 2


def free_port_block(size: int) -> int:
    """A port such that it and the `size` ports after it are free."""
    for _ in range(200):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            base = probe.getsockname()[1]
        if base + size < 65000 and all(_free(base + offset) for offset in range(size + 1)):
            return base
    raise RuntimeError("no block of free ports")


def _free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


@pytest.fixture(scope="session")
def postgres_proxy():
    proxy = TcpProxy(5432).start()
    yield proxy
    proxy.stop()


@pytest.fixture(scope="session")
def redis_proxy():
    proxy = TcpProxy(6379).start()
    yield proxy
    proxy.stop()


@pytest.fixture(scope="session")
def cluster(tmp_path_factory, postgres_proxy, redis_proxy):
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train`")
    run_dir = tmp_path_factory.mktemp("cluster")
    ports = {f"{name}_PORT": str(free_port_block(REPLICAS)) for name in ("GATEWAY", "RASA", "ACTIONS", "GOVAPI")}
    env = stack_env(run_dir, **ports, CLUSTER_REPLICAS=str(REPLICAS),
                    CLUSTER_POSTGRES=f"postgresql://postgres@127.0.0.1:{postgres_proxy.port}",
                    CLUSTER_DB_PREFIX=f"cluster_{uuid.uuid4().hex[:8]}",
                    CLUSTER_REDIS=f"redis://127.0.0.1:{redis_proxy.port}/{REDIS_DB}",
                    CLUSTER_QUEUE=f"cluster_events_{uuid.uuid4().hex[:8]}", GATEWAY_RETRY_INTERVAL_S="1")
    for name in ("GOVAPI_URL", "ACTION_SERVER_URL", "ACTION_ENDPOINT_URL", "RASA_URL", "GATEWAY_URL"):
        env.pop(name)  # the cluster derives them from the ports
    running = RunningCluster(env, run_dir).start()
    yield running
    running.stop()
    running.drop_databases()
    redis.Redis(port=6379, db=REDIS_DB).flushdb()
