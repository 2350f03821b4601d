#!/usr/bin/env bash
# Create .venv (if missing) and install contracts-bdd with the given extras, e.g. "example" or "test".
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-example}"
python="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[${extras}]"
