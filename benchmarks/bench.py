"""coach's speed benchmark: import throughput, brief/ask latency, memory, incremental add.

    .venv/bin/python benchmarks/bench.py [--sizes 1000,10000,100000] [--embedder onnx|hashing]

Each corpus size runs in its own process (so peak memory is per size) on synthetic notes from
benchmarks/corpus.py, in a throwaway COACH_HOME with SQLite. By default the 1k corpus uses the
real MiniLM model (when installed) and larger corpora the hashing embedder, because MiniLM on
2 cores embeds ~320 sentences/s and 100k notes would take over half an hour; ``--embedder``
forces one embedder for every size. Prints a table; ``--json FILE`` also saves the numbers.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

QUESTIONS = (
    "what should I follow up on with {first}?",
    "what did {first} say about the {project}?",
    "anything open with {first}?",
    "who asked about promotion or pay?",
    "who is stressed or burned out?",
    "who wants to give a talk?",
)


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _ms(values: list[float]) -> str:
    return f"p50 {_pct(values, .5) * 1000:.1f} ms, p95 {_pct(values, .95) * 1000:.1f} ms"


def _maxrss_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def _parsed(pairs: list[tuple[str, str]]):  # type: ignore[no-untyped-def]
    from coach.notes.parse import parse_note

    return [(parse_note(text, source=key), key) for key, text in pairs]


class _IndexTimer:
    """Wraps OwnerIndex.embed_and_store/apply to time the index's share of an add."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def install(self, index) -> None:  # type: ignore[no-untyped-def]
        for name in ("embed_and_store", "apply"):
            original = getattr(index, name)

            def timed(*args, _original=original, **kwargs):  # type: ignore[no-untyped-def]
                start = time.perf_counter()
                try:
                    return _original(*args, **kwargs)
                finally:
                    self.seconds += time.perf_counter() - start

            setattr(index, name, timed)


def _add_one(coach, note_pair) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Seconds to add one note (total, of which index: embed + vectors + FAISS append)."""
    timer = _IndexTimer()
    timer.install(coach.index)
    start = time.perf_counter()
    coach.add_notes(_parsed([note_pair]))
    return time.perf_counter() - start, timer.seconds


def run_one(size: int, embedder: str, people: int, home: Path) -> dict:
    """Build one corpus and measure it (runs in a child process)."""
    from corpus import corpus, extra_note

    from coach.config import Settings
    from coach.service import Coach

    out: dict = {"size": size, "embedder": embedder, "people": people}
    pairs = corpus(size, people)
    parsed = _parsed(pairs)
    lines = [line.text for note, _ in parsed for line in note.lines]
    out["lines_per_note"] = round(len(lines) / size, 2)

    settings = Settings(home=home, embedder=embedder, _env_file=None)  # type: ignore[call-arg]
    coach = Coach(settings)
    emb = coach.index.embedder  # load the model outside the timings
    out["model_id"] = emb.model_id
    sample = lines[: min(len(lines), 2000 if embedder != "hashing" else 20000)]
    emb.embed(sample[:64])  # warm up
    rates = []
    for _ in range(2):  # best of two: shared 2-core machines are noisy
        start = time.perf_counter()
        emb.embed(sample, batch_size=settings.embed_batch_size)
        rates.append(len(sample) / (time.perf_counter() - start))
    out["embed_sentences_per_s"] = max(rates)

    start = time.perf_counter()
    report = coach.add_notes(parsed)
    elapsed = time.perf_counter() - start
    out["import_s"] = elapsed
    out["import_notes_per_s"] = size / elapsed
    out["import_lines_per_s"] = len(lines) / elapsed
    out["import_errors"] = len(report.errors)
    with coach.db.session() as session:
        from sqlalchemy import func, select

        from coach.store.tables import Item

        out["items"] = session.scalar(select(func.count()).select_from(Item))

    names = [note.person for note, _ in parsed[:: max(1, size // people)]][:people]
    # brief
    brief_times: list[float] = []
    try:
        for i in range(20):
            start = time.perf_counter()
            coach.brief(names[i % len(names)])
            brief_times.append(time.perf_counter() - start)
        out["brief"] = _ms(brief_times)
    except Exception as exc:  # noqa: BLE001 - the engine may not be there yet
        out["brief"] = f"n/a ({type(exc).__name__}: {exc})"
    # ask: the first one loads the index from disk (and checks it against the store)
    coach2 = Coach(settings)
    coach2.index._embedder = emb  # same loaded model; the index itself loads cold
    start = time.perf_counter()
    coach2.ask(f"anything open with {names[0]}?")
    out["first_ask_s"] = time.perf_counter() - start
    ask_times: list[float] = []
    for i in range(30):
        q = QUESTIONS[i % len(QUESTIONS)].format(first=names[i % len(names)],
                                                 project="billing rebuild")
        start = time.perf_counter()
        coach2.ask(q)
        ask_times.append(time.perf_counter() - start)
    out["ask"] = _ms(ask_times)
    out["ask_p50_ms"] = _pct(ask_times, .5) * 1000
    out["ask_p95_ms"] = _pct(ask_times, .95) * 1000
    if brief_times:
        out["brief_p50_ms"] = _pct(brief_times, .5) * 1000
        out["brief_p95_ms"] = _pct(brief_times, .95) * 1000
    # one more note into this store vs into an empty one (same embedder, warmed up)
    total, index_part = _add_one(coach2, extra_note(1))
    out["add_one_s"], out["add_one_index_s"] = total, index_part
    # the same, for someone new: what the store's size alone costs (thread resolution is per
    # person, so the line above also pays for person 0's whole history)
    total, index_part = _add_one(coach2, extra_note(4, person="Newcomer Person"))
    out["add_one_new_person_s"], out["add_one_new_person_index_s"] = total, index_part
    empty_home = Path(tempfile.mkdtemp(prefix="coach-bench-empty-"))
    empty = Coach(Settings(home=empty_home, embedder=embedder, _env_file=None))  # type: ignore[call-arg]
    empty.index._embedder = emb
    _add_one(empty, extra_note(2))  # first add creates the database and index files
    total, index_part = _add_one(empty, extra_note(3))
    out["add_one_empty_s"], out["add_one_empty_index_s"] = total, index_part
    out["index_files_mb"] = sum(
        p.stat().st_size for p in settings.index_dir.rglob("*") if p.is_file()) / 1e6
    out["peak_rss_mb"] = _maxrss_mb()
    coach.close()
    coach2.close()
    empty.close()
    return out


def index_alone(n_vectors: int, dim: int = 384) -> dict:
    """The FAISS layer by itself on random unit vectors: append cost at size N vs 0, load time,
    search latency (whole index and scoped to 1% of ids with an IDSelector)."""
    import numpy as np

    from coach.index.faiss_index import FaissStore

    rng = np.random.default_rng(0)
    out: dict = {"vectors": n_vectors}
    for label, size in (("empty", 0), ("full", n_vectors)):
        store = FaissStore(Path(tempfile.mkdtemp(prefix="coach-bench-idx-")), "bench", dim)
        base = rng.standard_normal((size, dim), dtype=np.float32)
        base /= np.linalg.norm(base, axis=1, keepdims=True) + 1e-9
        store.write_base(np.arange(size, dtype=np.int64), base)
        one = rng.standard_normal((6, dim), dtype=np.float32)  # one note ~ 5-6 lines
        times = []
        for i in range(20):
            start = time.perf_counter()
            store.append(np.arange(10**9 + 6 * i, 10**9 + 6 * i + 6, dtype=np.int64), one, [])
            times.append(time.perf_counter() - start)
        out[f"append_one_note_{label}_ms"] = _pct(times, .5) * 1000
        if size:
            fresh = FaissStore(store.folder, "bench", dim)
            start = time.perf_counter()
            fresh.refresh()
            out["load_s"] = time.perf_counter() - start
            query = base[0]
            allowed = list(range(0, size, 100))
            for name, ids in (("search", None), ("search_scoped_1pct", allowed)):
                times = []
                for _ in range(30):
                    start = time.perf_counter()
                    fresh.search(query, 30, ids)
                    times.append(time.perf_counter() - start)
                out[f"{name}_p50_ms"] = _pct(times, .5) * 1000
    return out


def cold_start(home: Path) -> dict:
    """Wall time of `coach --help` and `coach people`, and whether they import torch/faiss."""
    probe = (
        "import sys, atexit\n"
        "atexit.register(lambda: sys.stderr.write('\\nLOADED:' + ','.join(m for m in "
        "('torch','sentence_transformers','faiss') if m in sys.modules) + '\\n'))\n"
        "from coach.cli.main import run\nsys.argv = ['coach'] + sys.argv[1:]\nrun()\n"
    )
    env = dict(os.environ, COACH_HOME=str(home), COACH_EMBEDDER="auto")
    out = {}
    for args in (["--help"], ["people"]):
        times, loaded = [], ""
        for _ in range(3):
            start = time.perf_counter()
            proc = subprocess.run([sys.executable, "-c", probe, *args], env=env,
                                  capture_output=True, text=True, check=False)
            times.append(time.perf_counter() - start)
            loaded = proc.stderr.rsplit("LOADED:", 1)[-1].strip() if "LOADED:" in proc.stderr \
                else f"? (exit {proc.returncode}: {proc.stderr.strip()[-200:]})"
        out[" ".join(args)] = {"s": statistics.median(times), "heavy_imports": loaded or "none"}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--embedder", choices=["hashing", "onnx", "minilm"], default=None,
                        help="one embedder for every size (default: onnx for <=1000 notes "
                        "when installed, hashing above)")
    parser.add_argument("--people", type=int, default=None,
                        help="people per corpus (default: max(6, notes/100): ~2 years of "
                        "weekly notes each)")
    parser.add_argument("--json", type=Path, default=None, help="also write results here")
    parser.add_argument("--one", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--home", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.one is not None:  # child process
        result = run_one(args.one, args.embedder or "hashing", args.people, args.home)
        print("RESULT " + json.dumps(result))
        return

    from coach.index.onnx_embedder import onnx_available

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    print(f"coach benchmark on {os.cpu_count()} cores, python {sys.version.split()[0]}")
    if args.embedder is None:
        print("embedder: onnx (MiniLM) for corpora <= 1000 notes, hashing above "
              "(--embedder forces one; benchmarks/cold.py compares onnx with the torch MiniLM)")
    results, homes = [], {}
    for size in sizes:
        embedder = args.embedder or ("onnx" if size <= 1000 and onnx_available() else "hashing")
        people = args.people or max(6, size // 100)
        home = Path(tempfile.mkdtemp(prefix=f"coach-bench-{size}-"))
        homes[size] = home
        print(f"\n== {size} notes, {people} people, embedder {embedder} (home {home}) ...",
              flush=True)
        proc = subprocess.run(
            [sys.executable, __file__, "--one", str(size), "--embedder", embedder,
             "--people", str(people), "--home", str(home)],
            capture_output=True, text=True, check=False,
        )
        line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")), None)
        if line is None:
            print(f"   FAILED (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
            continue
        r = json.loads(line[7:])
        results.append(r)
        print(f"   items stored            {r['items']} ({r['lines_per_note']} lines/note)")
        print(f"   embedder alone          {r['embed_sentences_per_s']:.0f} sentences/s "
              f"({r['model_id']})")
        print(f"   import                  {r['import_notes_per_s']:.0f} notes/s "
              f"({r['import_lines_per_s']:.0f} lines/s, {r['import_s']:.1f} s total)")
        print(f"   brief                   {r['brief']}")
        print(f"   first ask (cold index)  {r['first_ask_s'] * 1000:.0f} ms")
        print(f"   ask                     {r['ask']}")
        print(f"   add 1 note, this store  {r['add_one_s'] * 1000:.1f} ms "
              f"(index part {r['add_one_index_s'] * 1000:.1f} ms)")
        print(f"   add 1 note, new person  {r['add_one_new_person_s'] * 1000:.1f} ms "
              f"(index part {r['add_one_new_person_index_s'] * 1000:.1f} ms)")
        print(f"   add 1 note, empty store {r['add_one_empty_s'] * 1000:.1f} ms "
              f"(index part {r['add_one_empty_index_s'] * 1000:.1f} ms)")
        print(f"   index files             {r['index_files_mb']:.1f} MB")
        print(f"   peak memory (maxrss)    {r['peak_rss_mb']:.0f} MB")
    if sizes:
        n = max(sizes) * 5  # ~5 lines per note
        print(f"\n== FAISS layer alone, {n} random 384-d vectors", flush=True)
        r = index_alone(n)
        print(f"   append 1 note (6 vectors): {r['append_one_note_full_ms']:.2f} ms into {n} "
              f"vs {r['append_one_note_empty_ms']:.2f} ms into an empty index")
        print(f"   load base+delta: {r['load_s'] * 1000:.0f} ms; search k=30: "
              f"{r['search_p50_ms']:.1f} ms, scoped to 1% of ids: "
              f"{r['search_scoped_1pct_p50_ms']:.1f} ms (p50)")
        results.append({"index_alone": r})
    if homes:
        smallest = homes[min(homes)]
        print(f"\n== cold start (subprocess, median of 3, store of {min(homes)} notes)")
        cold = cold_start(smallest)
        for cmd, c in cold.items():
            print(f"   coach {cmd:<8} {c['s'] * 1000:.0f} ms, heavy imports: {c['heavy_imports']}")
        results.append({"cold_start": cold})
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
