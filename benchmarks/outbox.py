"""Email benchmark: summary build + render time, and outbox delivery throughput.

    .venv/bin/python benchmarks/outbox.py [--messages 300] [--pg URL]

Delivery goes to a real aiosmtpd server on loopback, in its own process (in the same process
the two would fight over the GIL on every round trip); each message costs three small commits
(claim, hand-off, sent) plus one SMTP transaction on a reused connection. Prints numbers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def bench_summary(meetings: int) -> None:
    from coach.contracts import ItemKind, MeetingStatus, Party
    from coach.email.render import render_summary
    from coach.history import History, ItemRecord, MeetingRecord
    from coach.summary import summarize

    body = ("- How are you doing? Sam is tired after the launch\n"
            "- I'll send the roadmap by Friday\n- We agreed to go with weekly demos\n"
            "- [ ] Sam to write the RFC by Tuesday\n"
            "private: Sam may be looking elsewhere\n- Sam wants to mentor new hires\n")
    records, next_id = [], 1
    for i in range(meetings):
        items = []
        for n, line in enumerate(body.splitlines(), start=1):
            text = line.split(" ", 1)[1] if line.startswith("- ") else line
            kind = ItemKind.commitment if "I'll" in line or "[ ]" in line else ItemKind.concern
            items.append(ItemRecord(next_id, i + 1, n, kind, text, text, Party.manager,
                                    private=line.startswith("private"), state="open"))
            next_id += 1
        records.append(MeetingRecord(i + 1, dt.date(2024, 1, 1) + dt.timedelta(weeks=i),
                                     MeetingStatus.held, body, items=items))
    history = History(1, "Sam Lee", records)
    for audience in ("manager", "report"):
        times = []
        for _ in range(20):
            t = time.perf_counter()
            render_summary(summarize(history, meetings, audience))
            times.append((time.perf_counter() - t) * 1000)
        print(f"summary+render, {meetings} meetings of history, {audience}: "
              f"p50 {statistics.median(times):.1f} ms, max {max(times):.1f} ms")


def bench_delivery(url: str, label: str, messages: int) -> None:
    import subprocess

    from coach.config import Settings
    from coach.email.worker import OutboxSender
    from coach.store.db import Database
    from coach.store.tables import OutboxMessage

    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "aiosmtpd", "-n", "-l",
                               f"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Sink"])
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    try:
        db = Database(url)
        owner = f"bench-{time.time_ns()}"
        with db.session() as s:
            for i in range(messages):
                s.add(OutboxMessage(
                    owner=owner, audience="manager", to_addr="boss@example.org",
                    subject=f"bench {i}", text_body="hello\n" * 40, html_body="<p>hi</p>" * 40,
                    message_id=f"<b{i}.{owner}@example.org>", content_hash=str(i),
                    state="pending", attempts=0, next_attempt_at=dt.datetime.now(dt.UTC)))
        settings = Settings(_env_file=None, home=Path(tempfile.mkdtemp()), database_url=url,  # type: ignore[call-arg]
                            owner=owner, smtp_host="127.0.0.1", smtp_port=port,
                            smtp_security="none", mail_from="coach@example.org")
        t = time.perf_counter()
        result = OutboxSender(db, settings).run_pass()
        elapsed = time.perf_counter() - t
        assert result.sent == messages, result
        print(f"delivery on {label}: {messages} messages in {elapsed:.2f} s = "
              f"{messages / elapsed:.0f} msg/s ({elapsed / messages * 1000:.1f} ms each)")
        db.dispose()
    finally:
        server.terminate()
        server.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    bench_summary(10)
    bench_summary(200)
    bench_delivery(f"sqlite:///{tempfile.mkdtemp()}/bench.db", "sqlite", args.messages)
    try:
        bench_delivery(args.pg, "postgres", args.messages)
    except Exception as exc:  # noqa: BLE001 - postgres is optional here
        print(f"postgres skipped: {exc}")


if __name__ == "__main__":
    main()
