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

demo: $(STAMP)
	rm -rf out/demo
	$(BIN)/jixiao run samples -o out/demo

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python bench/pdf_bench.py
	$(BIN)/python bench/bulk_bench.py

samples: $(STAMP)
	$(BIN)/python -m samples.generate

clean:
	rm -rf $(VENV) out build *.egg-info
