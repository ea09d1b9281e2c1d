"""`coach serve --workers N` as a real separate process on loopback, and its workers' memory.

Linux only: the workers are found through /proc (children of the uvicorn supervisor), and
their peak resident memory is the kernel's high-water mark ``VmHWM`` of each process.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def children(pid: int) -> list[int]:
    """Live child processes of ``pid`` (from /proc/*/stat)."""
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid ...: comm may contain spaces, so split after the last ')'.
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid:
            out.append(int(entry.name))
    return sorted(out)


def peak_rss_mib(pid: int) -> float | None:
    """The process's peak resident set size (VmHWM) in MiB, None once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time the process has used so far (threads included)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


class Server:
    """``coach serve`` on 127.0.0.1 with ``workers`` processes; stop() ends it."""

    def __init__(self, home: Path, db_url: str, workers: int, embedder: str, today: str):
        self.workers = workers
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items()
               if not k.startswith("COACH_") and k != "OPENAI_API_KEY"}
        env.update({"COACH_HOME": str(home), "COACH_DATABASE_URL": db_url,
                    "COACH_EMBEDDER": embedder, "COACH_TODAY": today, "COACH_LLM": "offline",
                    "COACH_ALLOWED_HOSTS": "127.0.0.1"})
        self._log = (home / "serve.log").open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "coach", "serve", "--host", "127.0.0.1", "--port",
             str(self.port), "--workers", str(workers)],
            env=env, stdout=self._log, stderr=subprocess.STDOUT)
        self.log_path = home / "serve.log"
        self.worker_pids: list[int] = []

    def wait_up(self, timeout: float = 120.0) -> None:
        """Until the health check answers and every worker process exists."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"coach serve exited ({self.proc.returncode}):\n"
                                   f"{self.log_tail()}")
            try:
                up = httpx.get(f"{self.url}/healthz", timeout=2).status_code == 200
            except httpx.TransportError:
                up = False
            pids = self.find_workers()
            if up and len(pids) >= self.workers:
                self.worker_pids = pids
                return
            time.sleep(0.3)
        raise RuntimeError(f"coach serve did not come up in {timeout:.0f} s:\n{self.log_tail()}")

    def find_workers(self) -> list[int]:
        """The worker processes (single process: the server itself)."""
        if self.workers == 1:
            return [self.proc.pid]
        return [pid for pid in children(self.proc.pid)
                if "resource_tracker" not in _cmdline(pid)]

    def cpu(self) -> float:
        """CPU seconds used by all the workers so far."""
        return sum(cpu_seconds(pid) or 0.0 for pid in self.worker_pids)

    def peak_rss(self) -> dict[int, float | None]:
        return {pid: peak_rss_mib(pid) for pid in self.worker_pids}

    def log_tail(self, lines: int = 40) -> str:
        self._log.flush()
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()
