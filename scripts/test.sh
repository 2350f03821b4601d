#!/usr/bin/env bash
# Install everything and run the whole test suite: lint, types, unit and self-tests, the example both ways.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-venv.sh test
echo "== ruff";   .venv/bin/ruff check . && .venv/bin/ruff format --check .
echo "== mypy";   .venv/bin/mypy
echo "== example: consumer then provider, with JUnit reports in reports/junit"
.venv/bin/behave features/consumer --junit --junit-directory reports/junit
.venv/bin/behave features/provider --junit --junit-directory reports/junit
echo "== pytest: unit tests and behave self-tests"
.venv/bin/python -m pytest
