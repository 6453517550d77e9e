# Two entry points that set up everything on a fresh machine: `make synth` and `make test`
# (and `make example NAME=<examples/NAME.py>`, `make bench`).
# Python packages go into .venv, the CDK CLI and a supported Node.js (22) into node_modules.
VENV := .venv
export PATH := $(CURDIR)/node_modules/.bin:$(CURDIR)/$(VENV)/bin:$(PATH)

EXAMPLES := $(basename $(notdir $(wildcard examples/*.py)))

.PHONY: synth test install example docs bench

synth: install
	cdk synth

# make example NAME=alerts: synthesizes examples/alerts.py into ./cdk.out and prints where.
example: install
	$(if $(filter $(NAME),$(EXAMPLES)),,$(error NAME must be one of: $(EXAMPLES), as in make example NAME=alerts))
	python examples/$(NAME).py

test: install
	python -m pytest

# The benchmark (benchmarks/run.py): cold synthesis against aws-cdk-lib alone, the layouts from 1 to
# 1,000 accounts, the test suite; writes benchmarks/results.{json,md,png}. ARGS=--skip-tests or --quick.
bench: install
	python -m benchmarks.run $(ARGS)

# Rewrites the generated tables of README.md (alert catalogue, warning ids) from the library.
docs: install
	python -m tools.readme_tables

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --loglevel=error --no-audit --no-fund
	touch $@
