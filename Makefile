# The single entry point for people and CI. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV        := .venv
PY          := $(VENV)/bin/python
RASA        := $(VENV)/bin/rasa
MODEL       := models/navigator.tar.gz
# Installed without its dependencies (see install): only its chiVe vectors are read.
JA_GINZA_VERSION := 5.2.0
TRAIN_DATA  := data/nlu data/rules $(wildcard data/stories)
# Everything that changes what the model learns: retrain only when one of these changed.
TRAIN_INPUTS := $(shell find $(TRAIN_DATA) -name '*.yml' 2>/dev/null) config.yml domain.yml \
                $(wildcard bot/nlu/*.py) $(wildcard bot/crisis/*.py) bot/sentences.py $(wildcard data/crisis/*.yml) \
                $(wildcard data/crisis/training/*.yml) $(wildcard data/person_facts.yml)

# A city service sends no usage data to Rasa.
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export PYTHONDONTWRITEBYTECODE := 1
export SQLALCHEMY_SILENCE_UBER_WARNING := 1

.PHONY: help install run shell train test lint validate lock clean

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml requirements.lock
	@py=$$(scripts/find-python310) || exit 1; \
	  [ -x $(PY) ] || "$$py" -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]'
	@# chiVe word vectors ship inside ja-ginza; its dependencies (spaCy, GiNZA, an
	@# older SudachiPy) cannot sit beside Rasa 3.6 and are never used (bot/nlu/chive.py).
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -c requirements.lock ja-ginza
	@touch $@

install: $(VENV)/.installed ## create .venv with Python 3.10 and install from the lock file

$(MODEL): $(VENV)/.installed $(TRAIN_INPUTS)
	$(RASA) train --data $(TRAIN_DATA) --config config.yml --domain domain.yml \
	  --out models --fixed-model-name navigator
	@touch $@

train: $(MODEL) ## train the model when its inputs changed since the last one

validate: install ## check the catalogue and the training data
	$(PY) -m bot catalogue check data/services
	$(RASA) data validate --data $(TRAIN_DATA) --domain domain.yml --config config.yml

run: install ## start the navigator on http://localhost:5005 (trains on first run)
	$(PY) -m bot catalogue check data/services
	@$(MAKE) --no-print-directory train
	$(PY) -m bot.serve --model $(MODEL)

shell: install ## staff: talk to the navigator in the terminal, with a staff line per result (DEBUG=1: the JSON too; ARGS: more options of bot.serve)
	@$(MAKE) --no-print-directory train
	$(PY) -m bot.serve --model $(MODEL) --shell $(if $(filter 1 true yes,$(DEBUG)),--debug) $(ARGS)

test: install ## the whole test suite (what CI runs)
	bash scripts/test-all

lint: install ## ruff on the whole tree: pyflakes, pycodestyle, import order, docstrings (pyproject.toml)
	$(VENV)/bin/ruff check .

lock: ## regenerate requirements.lock from a fresh resolve of pyproject.toml
	@py=$$(scripts/find-python310) || exit 1; rm -rf /tmp/navigator-lock && "$$py" -m venv /tmp/navigator-lock && \
	  /tmp/navigator-lock/bin/pip install --quiet -U pip && /tmp/navigator-lock/bin/pip install --quiet '.[dev]' && \
	  { echo "# Full lock of the Python environment (Python 3.10, Linux x86_64)."; \
	    echo "# Regenerate with: make lock   (after changing pyproject.toml dependencies)"; \
	    /tmp/navigator-lock/bin/pip freeze --exclude-editable | grep -v '^nishitokyo-navigator'; \
	    echo "ja-ginza==$(JA_GINZA_VERSION)"; } > requirements.lock

clean: ## remove the virtualenv, models and test output
	rm -rf $(VENV) models results test-output
