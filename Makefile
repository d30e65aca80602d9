# jixiao: `make demo` runs the main job on samples/, `make test` runs the whole test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bench samples clean

$(STAMP): setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# the demo reads the reports only: the samples' expected-value files (.json) and the
# generator's modules (.py) are not reports, and would only show up as `skipped`
DEMO_INPUTS = $(shell find samples -type f ! -name '*.json' ! -name '*.py' ! -name '*.pyc' \
                ! -name '*.md' ! -path '*/__pycache__/*' | sort)

demo: $(STAMP)
	rm -rf out/demo
	@echo "jixiao run <the $(words $(DEMO_INPUTS)) sample reports under samples/> -o out/demo"
	@$(BIN)/jixiao run $(DEMO_INPUTS) -o out/demo

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python bench/pdf_bench.py
	$(BIN)/python bench/bulk_bench.py

samples: $(STAMP)
	$(BIN)/python -m samples.generate

clean:
	rm -rf $(VENV) out build *.egg-info
