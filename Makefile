# Two entry points that set up everything on a fresh machine: `make synth` and `make test`.
# Python packages go into .venv, the CDK CLI and a supported Node.js (22) into node_modules.
VENV := .venv
export PATH := $(CURDIR)/node_modules/.bin:$(CURDIR)/$(VENV)/bin:$(PATH)

.PHONY: synth test install

synth: install
	cdk synth

test: install
	python -m pytest

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --loglevel=error --no-audit --no-fund
	touch $@
