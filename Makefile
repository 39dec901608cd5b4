# Chỉ cần Python ≥ 3.11 và make. `make build` cài đặt rồi biên dịch plans/; `make test` cài đặt rồi chạy kiểm thử.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup build test bench clean reference-docx

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

build: $(STAMP)
	$(BIN)/cchc build plans --out build

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/bench_province.py

reference-docx: $(STAMP)
	$(BIN)/python scripts/make_reference_docx.py

clean:
	rm -rf build $(VENV)
