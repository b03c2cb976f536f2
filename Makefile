# unihook: every target bootstraps what it needs (uv from PyPI when missing, then the locked .venv).
SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON_PREFERENCE := only-system
PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
VENV := .venv
PY := $(VENV)/bin/python
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PYTEST_NET := --block-network --allowed-hosts=127.0.0.1,localhost,::1

.PHONY: redis-server setup generate check-generated lint typecheck test test-fast demo record bench fuzz mutate sandbox clean

setup: $(VENV)/.synced

.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/python -m pip install --quiet --disable-pip-version-check uv==0.13.9

$(VENV)/.synced: pyproject.toml sandbox/pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --quiet
	@touch $@

generate: setup
	$(PY) scripts/generate.py

check-generated: setup
	$(PY) scripts/generate.py --check

lint: setup
	$(UV) lock --check --quiet
	$(PY) scripts/unasync.py --check
	$(VENV)/bin/ruff check src scripts tests sandbox examples
	$(VENV)/bin/ruff format --check src scripts tests sandbox examples

typecheck: setup
	$(VENV)/bin/mypy

# The tests start a real redis-server (Debian's package) on a free loopback port; installed here when missing.
redis-server:
	@command -v redis-server >/dev/null || { \
	  echo "installing redis-server (Debian's package)"; \
	  $(SUDO) apt-get install -y -q --no-install-recommends redis-server >/dev/null 2>&1 || \
	  { $(SUDO) apt-get update -q >/dev/null && $(SUDO) apt-get install -y -q --no-install-recommends redis-server >/dev/null; }; }
	@command -v redis-server >/dev/null

test: setup lint typecheck redis-server
	$(PY) -m pytest $(PYTEST_NET) --record-mode=none

test-fast: setup
	$(PY) -m pytest $(PYTEST_NET) --record-mode=none -x -q -m "not slow"

demo: setup
	$(PY) scripts/demo.py

record: setup
	$(PY) -m pytest tests/contract --record-mode=rewrite --allowed-hosts=127.0.0.1,localhost,::1 -q

bench: setup
	$(PY) scripts/bench.py

fuzz: setup
	$(PY) scripts/fuzz.py

# Mutation testing (mutmut) of the vendor files and the request/retry policy, about 18 minutes; the kill rate
# goes into bench/results.md. Not part of `make test`.
mutate: setup
	$(PY) scripts/mutate.py

sandbox: setup
	$(VENV)/bin/unihook sandbox

clean:
	rm -rf $(VENV) .tools .mypy_cache .ruff_cache .pytest_cache
