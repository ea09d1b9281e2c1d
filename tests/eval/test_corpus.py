"""The labelled corpus (eval/corpus/): its loader rejects bad rows, and the real corpus is sound."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from coach.errors import BadInput
from coach.eval.corpus import Corpus, LineKind, PairLabel, load_corpus, load_workplace, normalise

GOOD_LINE = '  - {text: "Priya stretched, 2 tills", kind: concern, owner: report, personal: true}\n'
GOOD_PAIR = (
    '  - {thread: "I\'ll ask area mgr re: sat cover", later: "area mgr said yes", label: closed}\n'
)


def _write(tmp_path: Path, name: str, body: str, *, split: str = "train") -> Path:
    folder = tmp_path / "workplaces"
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(
        f"workplace: {name}\nsplit: {split}\nmanager: a store manager\nstyles: [fragments]\n"
        + body,
        encoding="utf-8",
    )
    return path


def test_a_good_file_loads(tmp_path: Path) -> None:
    _write(tmp_path, "retail", "lines:\n" + GOOD_LINE + "pairs:\n" + GOOD_PAIR)
    corpus = load_corpus(tmp_path)
    assert [w.workplace for w in corpus.workplaces("train")] == ["retail"]
    assert corpus.workplaces("test") == []
    (line,) = corpus.lines("train")
    assert (line.kind, line.owner.value, line.personal) == (LineKind.concern, "report", True)
    (pair,) = corpus.pairs()
    assert pair.label is PairLabel.closed


@pytest.mark.parametrize(
    ("lines", "pairs", "expected"),
    [
        (
            GOOD_LINE + '  - {text: "x", kind: worry, owner: report, personal: true}\n',
            "",
            "lines row 2: field 'kind'",
        ),
        (
            '  - {text: "x", kind: status, owner: boss, personal: false}\n',
            "",
            "lines row 1: field 'owner'",
        ),
        ('  - {text: "x", kind: status, owner: report}\n', "", "lines row 1: field 'personal'"),
        (
            '  - {text: "  ", kind: status, owner: report, personal: false}\n',
            "",
            "lines row 1: field 'text'",
        ),
        (
            '  - {text: "off sick", kind: personal, owner: report, personal: false}\n',
            "",
            "lines row 1: field 'personal'",
        ),
        (
            '  - {text: "x", kind: status, owner: report, personal: false, colour: red}\n',
            "",
            "lines row 1: field 'colour'",
        ),
        (
            GOOD_LINE + GOOD_LINE.replace("Priya", "priya"),
            "",
            "lines row 2: field 'text': duplicate of lines row 1",
        ),
        (
            GOOD_LINE,
            GOOD_PAIR + '  - {thread: "a", later: "b", label: done}\n',
            "pairs row 2: field 'label'",
        ),
        (GOOD_LINE, '  - {thread: "a", label: open}\n', "pairs row 1: field 'later'"),
        (GOOD_LINE, "  - just a string\n", "pairs row 1: a row must be a mapping"),
    ],
)
def test_a_bad_row_names_file_row_and_field(
    tmp_path: Path, lines: str, pairs: str, expected: str
) -> None:
    path = _write(
        tmp_path, "nursing", "lines:\n" + lines + ("pairs:\n" + pairs if pairs else "pairs: []\n")
    )
    with pytest.raises(BadInput) as err:
        load_corpus(tmp_path)
    assert str(path) in str(err.value)
    assert expected in str(err.value)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("workplace: shop\nsplit: train\nmanager: m\nstyles: []\n", "does not match the file name"),
        ("workplace: bad\nsplit: dev\nmanager: m\nstyles: []\n", "field 'split'"),
        ("workplace: bad\nsplit: test\nstyles: []\n", "field 'manager'"),
        (
            "workplace: bad\nsplit: test\nmanager: m\nstyles: []\nextra: 1\n",
            "unknown field(s) extra",
        ),
    ],
)
def test_a_bad_header_is_named(tmp_path: Path, header: str, expected: str) -> None:
    folder = tmp_path / "workplaces"
    folder.mkdir()
    path = folder / "bad.yaml"
    path.write_text(header + "lines: []\npairs: []\n", encoding="utf-8")
    with pytest.raises(BadInput, match="bad.yaml") as err:
        load_workplace(path)
    assert expected in str(err.value)


def test_unknown_split_is_rejected(tmp_path: Path) -> None:
    _write(tmp_path, "retail", "lines: []\npairs: []\n")
    with pytest.raises(BadInput, match="unknown split"):
        load_corpus(tmp_path).lines("dev")  # type: ignore[arg-type]


# --- the real corpus -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus()


def test_the_real_corpus_loads_and_every_file_is_in_one_split(corpus: Corpus) -> None:
    assert corpus.files, "eval/corpus/workplaces/ is empty"
    train = {w.workplace for w in corpus.workplaces("train")}
    test = {w.workplace for w in corpus.workplaces("test")}
    assert train and test
    assert not train & test
    assert len(train | test) == len(corpus.files)


def test_no_line_text_is_repeated_across_files(corpus: Corpus) -> None:
    where: dict[str, list[str]] = {}
    for name, line in corpus.iter_lines():
        where.setdefault(normalise(line.text), []).append(name)
    repeated = {text: names for text, names in where.items() if len(names) > 1}
    assert not repeated


def test_each_workplace_file_covers_every_label(corpus: Corpus) -> None:
    for w in corpus.files:
        if w.workplace == "regressions":
            continue
        kinds = {line.kind for line in w.lines}
        owners = {line.owner for line in w.lines}
        labels = {pair.label for pair in w.pairs}
        assert kinds == set(LineKind), (w.workplace, set(LineKind) - kinds)
        assert len(owners) == 3, w.workplace
        assert {line.personal for line in w.lines} == {True, False}, w.workplace
        assert labels == set(PairLabel), (w.workplace, set(PairLabel) - labels)


PART_A = ("retail", "nursing", "sales", "customer-support", "software")
PART_B = ("finance", "teaching", "manufacturing", "public-sector", "hospitality", "logistics")


@pytest.mark.parametrize("name", PART_A)
def test_part_a_workplaces_are_big_enough(corpus: Corpus, name: str) -> None:
    (w,) = [w for w in corpus.files if w.workplace == name]
    assert len(w.lines) >= 210 and len(w.pairs) >= 65, (len(w.lines), len(w.pairs))


PART_C = ("construction", "law-firm", "charity", "airport-ground-ops", "hospital-lab")


@pytest.mark.parametrize("name", PART_C)
def test_part_c_train_workplaces_are_big_enough_and_train(corpus: Corpus, name: str) -> None:
    """Branch corpus2's extra TRAIN workplaces: ~150 lines and ~70 pairs each, never test."""
    (w,) = [w for w in corpus.files if w.workplace == name]
    assert w.split == "train"
    assert len(w.lines) >= 150 and len(w.pairs) >= 70, (len(w.lines), len(w.pairs))


PART_D = (
    "pharmacy",
    "hair-salon",
    "housing-association",
    "dental-practice",
    "bus-operator",
    "farm",
)


@pytest.mark.parametrize("name", PART_D)
def test_part_d_train_workplaces_are_big_enough_and_train(corpus: Corpus, name: str) -> None:
    """Branch corpuswrite's extra TRAIN workplaces: ~200 lines and ~90 pairs each, never test."""
    (w,) = [w for w in corpus.files if w.workplace == name]
    assert w.split == "train"
    assert len(w.lines) >= 190 and len(w.pairs) >= 90, (len(w.lines), len(w.pairs))


PART_E = (
    "veterinary-practice",
    "care-home",
    "insurance-claims",
    "fitness-centre",
    "ambulance-station",
)


@pytest.mark.parametrize("name", PART_E)
def test_part_e_train_workplaces_are_big_enough_and_train(corpus: Corpus, name: str) -> None:
    """Branch corpus3's hard-closure TRAIN workplaces: ~60 lines and ~80 pairs each, never test."""
    (w,) = [w for w in corpus.files if w.workplace == name]
    assert w.split == "train"
    assert len(w.lines) >= 60 and len(w.pairs) >= 80, (len(w.lines), len(w.pairs))
    labels = Counter(pair.label for pair in w.pairs)
    assert labels[PairLabel.unrelated] >= len(w.pairs) / 5, labels


PART_F = ("quarry", "canal-trust", "data-centre", "racecourse", "telecom-field-ops")


@pytest.mark.parametrize("name", PART_F)
def test_part_f_train_workplaces_are_big_enough_and_train(corpus: Corpus, name: str) -> None:
    """Branch corpus4's pair-heavy TRAIN workplaces: ~60 lines and ~110 pairs, every label."""
    (w,) = [w for w in corpus.files if w.workplace == name]
    assert w.split == "train"
    assert len(w.lines) >= 60 and len(w.pairs) >= 105, (len(w.lines), len(w.pairs))
    labels = Counter(pair.label for pair in w.pairs)
    assert labels[PairLabel.closed] >= len(w.pairs) / 4, labels
    assert labels[PairLabel.unrelated] >= len(w.pairs) / 5, labels
    assert labels[PairLabel.progress] >= len(w.pairs) / 8, labels
    assert labels[PairLabel.open] >= len(w.pairs) / 10, labels


def test_regression_rows_name_the_issue(corpus: Corpus) -> None:
    (reg,) = [w for w in corpus.files if w.workplace == "regressions"]
    assert reg.split == "train"
    assert all(row.note and row.note.startswith("issue 8:") for row in (*reg.lines, *reg.pairs))
    assert len(reg.lines) >= 20 and len(reg.pairs) >= 10


def test_the_combined_corpus_meets_the_minimums_of_issue_8(corpus: Corpus) -> None:
    """≥ 2,000 lines, ≥ 600 pairs, ≥ 8 workplaces, most of them not software.

    This passes only on the combined corpus: branch corpus-a writes part A (retail, nursing,
    sales, customer-support, software, regressions) and branch corpus-b part B (finance,
    teaching, manufacturing, public-sector, hospitality, logistics); it fails on either branch
    alone. Until part B's files are present it is skipped with that reason (so a branch with
    part A only stays green); once any of them is merged it runs and must pass.
    """
    present = {w.workplace for w in corpus.files}
    if not present & set(PART_B):
        pytest.skip(
            "part B of the corpus (branch corpus-b) is not merged yet: " + ", ".join(PART_B)
        )
    workplaces = [w.workplace for w in corpus.files if w.workplace != "regressions"]
    assert len(corpus.lines()) >= 2000
    assert len(corpus.pairs()) >= 600
    assert len(workplaces) >= 8
    assert sum(1 for w in workplaces if w != "software") > len(workplaces) / 2
    counts = Counter(w.split for w in corpus.files)
    assert counts["train"] and counts["test"]


def test_the_readme_table_matches_the_files(corpus: Corpus) -> None:
    """eval/corpus/README.md lists every workplace file with its split and true counts."""
    readme = (corpus.root / "README.md").read_text(encoding="utf-8")
    rows = {}
    for line in readme.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| ") and len(cells) >= 4:
            rows[cells[0]] = cells[1:4]
    for w in corpus.files:
        expected = [w.split, str(len(w.lines)), str(len(w.pairs))]
        assert rows.get(w.workplace) == expected, (
            f"eval/corpus/README.md: the row for {w.workplace} should read "
            f"split {w.split}, {len(w.lines)} lines, {len(w.pairs)} pairs"
        )


def test_every_pair_thread_is_a_line_of_its_file_and_no_pair_repeats(corpus: Corpus) -> None:
    """A thread is a real labelled line (so kind/owner and pair label can be learned together)."""
    for w in corpus.files:
        texts = {normalise(line.text) for line in w.lines}
        seen: set[tuple[str, str]] = set()
        for number, pair in enumerate(w.pairs, start=1):
            key = (normalise(pair.thread), normalise(pair.later))
            assert key[0] in texts, f"{w.workplace} pairs row {number}: thread is not a line"
            assert key[0] != key[1], f"{w.workplace} pairs row {number}: later repeats the thread"
            assert key not in seen, f"{w.workplace} pairs row {number}: repeated pair"
            seen.add(key)
