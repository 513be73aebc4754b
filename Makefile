# Tongban: `make run` starts the whole stack, `make test` proves it.
# Every setting is an environment variable; these are the embedded defaults.
export GOVAPI_PORT ?= 8000
export ACTIONS_PORT ?= 5055
export RASA_PORT ?= 5005
export GATEWAY_PORT ?= 8080
export GOVAPI_URL ?= http://127.0.0.1:$(GOVAPI_PORT)
export ACTION_SERVER_URL ?= http://127.0.0.1:$(ACTIONS_PORT)
export ACTION_ENDPOINT_URL ?= $(ACTION_SERVER_URL)/webhook
export RASA_URL ?= http://127.0.0.1:$(RASA_PORT)
export GATEWAY_URL ?= http://127.0.0.1:$(GATEWAY_PORT)
export RASA_TOKEN ?= tongban-local-token
export RASA_TRACKER_DB ?= var/tracker.db
export GOVAPI_DATABASE_URL ?= sqlite:///var/govapi.db
export GOVAPI_API_KEY ?= tongban-sandbox-key
export GOVAPI_SANDBOX ?= 1
export GATEWAY_DATABASE_URL ?= sqlite:///var/gateway.db
export GATEWAY_RETRY_INTERVAL_S ?= 3
export RETENTION_DAYS ?= 180
export TELEGRAM_BOT_TOKEN ?=
export TELEGRAM_API_BASE ?= https://api.telegram.org
export TELEGRAM_MODE ?= polling
export TELEGRAM_WEBHOOK_URL ?=
export TELEGRAM_WEBHOOK_SECRET ?=
export WECHAT_TOKEN ?=
export WECHAT_API_BASE ?= https://api.weixin.qq.com
export GOVAPI_NOTIFY_URL ?= $(GATEWAY_URL)/notifications/platform
export GOVAPI_NOTIFY_SECRET ?= tongban-notify-secret
export NOTIFICATIONS_QUIET_HOURS ?= 21:00-08:00
export NOTIFICATIONS_TIMEZONE ?= Asia/Shanghai
export TF_CPP_MIN_LOG_LEVEL ?= 2
export PYTHONWARNINGS ?= ignore::DeprecationWarning

VENV := .venv
PY := $(VENV)/bin/python

.PHONY: setup train run run-cluster chat test lint pytest validate test-stories check-data rules eval choose-threshold curate-export retrain compare bench-govapi bench-nlu bench-gateway bench-desk bench-conversation bench-turn bench-cluster bench-wechat bench-notifications bench-request-turns bench-analytics report analytics-consumer staff purge constraints clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt tools/setup
	tools/setup

train: setup
	$(PY) tools/train.py

var:
	mkdir -p var

# The Procfile's processes under supervisord: a process that dies is restarted; Ctrl-C stops all.
run: setup train var
	$(PY) tools/supervise.py

# The production topology on this machine's PostgreSQL, Redis and RabbitMQ (see tools/cluster.py).
run-cluster: setup train var
	$(PY) tools/cluster.py

chat: setup
	$(PY) -m bot.chat_cli

test: setup lint check-data train validate pytest test-stories

# ruff over every Python file, mypy over the packages (settings and their reasons: pyproject.toml)
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

# Responses that only custom actions send are reported as "not used in any story
# or rule"; Rasa 3.6 prints that warning without failing, and rightly so.
validate: setup
	$(VENV)/bin/rasa data validate --domain domain --fail-on-warnings

pytest: setup var
	$(VENV)/bin/pytest

test-stories: setup train
	$(VENV)/bin/rasa test core --model models/tongban.tar.gz --stories tests/stories \
		--fail-on-prediction-errors --out var/results/stories

check-data: setup
	$(PY) -m nlu.evaluation.check_data

# data/rules/routing.yml and forms.yml, written from registry/intents.yml
rules: setup
	$(PY) -m registry.rules

eval: setup
	$(PY) -m nlu.evaluation.evaluate

choose-threshold: setup
	$(PY) -m nlu.evaluation.choose_threshold

# Trainers: labelled inbox items -> data/nlu; a candidate model trained, compared and promoted when
# it keeps every language's held-out accuracy; any two models compared (exit 1 = refused).
curate-export: setup var
	$(PY) -m bot.migrate && $(PY) -m curation export

retrain: setup train
	$(PY) -m curation retrain --promote

CURRENT ?= models/previous.tar.gz
CANDIDATE ?= models/tongban.tar.gz
compare: setup
	$(PY) -m curation compare $(CURRENT) $(CANDIDATE)

bench-govapi: setup
	$(PY) bench/govapi.py

bench-nlu: setup
	$(PY) bench/nlu_clinc.py

bench-gateway: setup train
	$(PY) bench/gateway.py

bench-desk: setup
	$(PY) bench/desk.py

bench-conversation: setup train
	$(PY) bench/conversation.py

bench-turn: setup train
	$(PY) bench/turn.py

bench-cluster: setup train
	$(PY) bench/cluster.py

bench-wechat: setup train
	$(PY) bench/wechat.py

bench-notifications: setup train
	$(PY) bench/notifications.py

# Dashboard query over 1 million stored messages on the local PostgreSQL (a scratch database, dropped after).
bench-analytics: setup
	$(PY) bench/analytics.py

# make report FROM=2026-11-01 TO=2026-11-30 [PERIOD=week]: PNG charts and a CSV in the directory printed.
report: setup var
	$(PY) -m analytics.report --from "$(FROM)" --to "$(TO)" --period "$(or $(PERIOD),day)"

# Production: records Rasa's events from RabbitMQ (ANALYTICS_SOURCE=rabbitmq on the gateways).
analytics-consumer: setup var
	$(PY) -m analytics.consumer

bench-request-turns: setup
	$(PY) bench/request_turns.py

# Conversations idle for more than RETENTION_DAYS leave every store (the running gateway does it daily too).
purge: setup var
	$(PY) -m bot.erasure
	$(PY) -m rasa_addons.purge

# make staff USERNAME=lead ROLE=supervisor  (asks for the password)
staff: setup var
	$(PY) -m bot.desk.staff create --username $(USERNAME) --role $(or $(ROLE),agent)

constraints: setup
	$(VENV)/bin/pip freeze --exclude-editable | sed '1i # Pinned versions of every package in .venv; regenerate with make constraints.' > constraints.txt

clean:
	rm -rf var models results
