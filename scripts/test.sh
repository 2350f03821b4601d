#!/usr/bin/env bash
# Install everything and run the whole test suite: lint, types, the documentation site, the example both ways, the Pact
# compatibility suite, unit and self-tests (the living documentation in a real headless Chromium among them).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-venv.sh test
bash scripts/install-browser.sh
echo "== ruff";   .venv/bin/ruff check . && .venv/bin/ruff format --check .
echo "== mypy";   .venv/bin/mypy
echo "== docs: mkdocs build --strict (a broken link or anchor fails)"
NO_MKDOCS_2_WARNING=1 .venv/bin/mkdocs build --strict
echo "== example: consumer then provider, with JUnit reports in reports/junit"
.venv/bin/behave features/consumer --junit --junit-directory reports/junit
.venv/bin/behave features/provider --junit --junit-directory reports/junit
echo "== the Pact compatibility suite (tests/compat), with JUnit reports in reports/junit/compat"
if [ -d ../shared/interop/compat-suite/features ]; then
  (cd tests/compat && ../../.venv/bin/behave --junit --junit-directory ../../reports/junit/compat)
else
  echo "skipped: the Pact compatibility suite is read from ../shared/interop/compat-suite, which is not beside this clone"
fi
echo "== pytest: unit tests and behave self-tests"
.venv/bin/python -m pytest
