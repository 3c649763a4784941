# Two commands for a fresh machine: `make demo` and `make test`. Both set up .venv first.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
NL := $(VENV)/bin/newsledger
SHARED ?= ../shared/data
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: setup demo test test-quick browser fuzz eval bench clean train-quotes

setup: $(VENV)/.installed

# torch goes first and exactly pinned: other specs pull the CUDA build.
$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -r requirements.lock
	$(PY) -m pip install -q --no-deps -e .
	touch $@

demo: setup
	rm -f demo.duckdb
	$(NL) ingest data/demo --db demo.duckdb
	$(NL) report --db demo.duckdb

test: setup browser
	$(PY) -m pytest -q

# Debian's chromium and chromium-driver for the browser tests (tests/test_web_browser.py), installed with
# apt when missing and running as root; otherwise those tests skip and say why.
browser: setup
	$(PY) tests/web_browser.py --install

# Everything but the end-to-end tests marked slow (demo ledger, Spark, CLI over the demo).
test-quick: setup
	$(PY) -m pytest -q -m "not slow"

# The fuzz tests with 50x the examples of `make test`, random instead of fixed
# (about 10 minutes); failures are saved in .hypothesis/ and replayed first.
fuzz: setup
	NEWSLEDGER_FUZZ=1 $(PY) -m pytest -q tests/test_fuzz_inputs.py

eval: setup
	$(NL) eval extraction $(SHARED)/article-extraction
	$(NL) eval timeml $(SHARED)/timeml/TimeBank $(SHARED)/timeml/AQUAINT
	$(NL) eval polnear $(SHARED)/polnear/dev
	$(NL) eval plover $(SHARED)/plover-synthetic/synthetic_events.csv
	$(NL) eval stories $(SHARED)/ecbplus
	$(NL) eval outlets $(SHARED)/fakenewscorpus-sample
	$(NL) eval actors $(SHARED)/plover-audit/audit.jsonl --polnear $(SHARED)/polnear/dev
	$(NL) eval audit $(SHARED)/plover-audit/audit.jsonl
	$(NL) eval incidents $(SHARED)/gvc

# the quote models (cue, content) from PolNeAR train only; weights land in src/newsledger/nlp/quotes/weights/
train-quotes: setup
	$(PY) scripts/train_quotes.py $(SHARED)/polnear/train

bench: setup
	$(PY) benchmarks/bench_ingest.py
	$(PY) benchmarks/bench_analyze.py
	$(PY) benchmarks/bench_whole.py --articles 200
	$(PY) benchmarks/bench_stories.py
	$(PY) benchmarks/bench_spark.py --articles 2000 --masters 'local[1],local[2]'
	test -f demo.duckdb || $(NL) ingest data/demo --db demo.duckdb
	$(PY) benchmarks/bench_web.py --db demo.duckdb

clean:
	rm -rf $(VENV) demo.duckdb .pytest_cache .hypothesis
