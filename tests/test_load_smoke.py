"""benchmarks/load.py at tiny scale: real `coach serve --workers 2` on PostgreSQL, 3 managers.

No timing assertions: this checks that concurrent managers get no errors and only their own
data, that the isolation check itself catches a leak, and that an idle keep-alive connection
outlives the client's idle timeout (the race the full load run found).
"""

from __future__ import annotations

import socket
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import PG_URL

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from load_driver import CYCLE, Leaks  # noqa: E402

pytestmark = pytest.mark.postgres
MANAGERS = [{"index": m, "email": f"m{m}@example.org", "marker": f"projx{m}",
             "people": {f"Person{m} Alpha": 1, f"Person{m} Beta": 2}} for m in range(3)]


def test_the_isolation_check_finds_another_managers_name_email_or_marker() -> None:
    leaks = Leaks(MANAGERS)
    assert leaks.foreign("<li>Person0 Alpha</li> asked about projx0", owner=0) == []
    assert leaks.foreign("<li>Person0 Alpha</li> and person1 beta", owner=0) == ["person1 beta"]
    assert leaks.foreign("cc m2@example.org", owner=0) == ["m2@example.org"]
    assert leaks.foreign('{"quote": "the PROJX1 plan"}', owner=0) == ["PROJX1"]


def _health(conn: socket.socket, host: str) -> bool:
    """GET /healthz on an open connection: True when its whole 200 response came back."""
    conn.sendall(f"GET /healthz HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
    data = b""
    while not data.endswith(b'{"ok":true}'):
        chunk = conn.recv(4096)
        if not chunk:
            return False  # the server closed the connection
        data += chunk
    return data.startswith(b"HTTP/1.1 200")


def _idle_connection_survives(url: str, idle_s: float) -> bool:
    """One keep-alive connection: a request, ``idle_s`` of silence, another request."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as conn:
        assert _health(conn, host)
        time.sleep(idle_s)
        try:
            return _health(conn, host)
        except OSError:
            return False


def test_three_managers_two_workers_no_errors_and_only_their_own_data(
    pg_problem: str | None,
) -> None:
    if pg_problem:
        pytest.skip(pg_problem)
    import load

    checks: dict[str, object] = {}

    def between(server, managers) -> None:  # type: ignore[no-untyped-def]
        import httpx

        # httpx drops idle connections after 5 s: the server must keep them longer.
        checks["idle"] = _idle_connection_survives(server.url, idle_s=6.0)
        # Independently of the driver: another manager's person id is a 404 with my token.
        a, b = managers[0], managers[1]
        other = next(iter(b.people.values()))
        r = httpx.get(f"{server.url}/api/people/{other}/brief", timeout=30,
                      headers={"Authorization": f"Bearer {a.token}"})
        checks["cross_brief"] = r.status_code

    result = load.run(managers=3, people=2, notes=3, workers=2, requests=36, duration_s=120,
                      warmup=6, embedder="hashing", pg_url=PG_URL, in_process=True,
                      log=lambda *_: None, after_start=between)
    assert result["errors_total"] == 0, result["errors"]
    assert result["requests"] == 36 and result["stopped_by"] == "requests"
    assert set(result["latencies"]) == set(CYCLE), "every endpoint was exercised"
    assert len(result["logins"]) == 3
    assert len(result["workers_peak_rss_mib"]) == 2
    assert all(v and v > 0 for v in result["workers_peak_rss_mib"].values())
    assert checks == {"idle": True, "cross_brief": 404}
