"""The network lane: a database of the throwaway server reached through ``tests/network_proxy.py``."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/network_proxy.py

from network_proxy import DelayProxy


@pytest.fixture
def proxied(postgresql_server, server_database_url):
    """``(url, proxy)``: the test's database at the current schema, reached through a delay proxy."""
    if postgresql_server.tcp_port is None:
        pytest.skip("the server named by PARTNERDESK_TEST_POSTGRESQL_URL has no TCP port this lane knows")
    direct, port = postgresql_server.tcp_address(server_database_url)
    proxy = DelayProxy(port)
    host = f"127.0.0.1:{port}"
    url = direct.replace(host, f"127.0.0.1:{proxy.port}")
    yield url, proxy
    proxy.close()
