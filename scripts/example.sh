#!/usr/bin/env bash
# Install everything and run the reference example end to end: consumer, then provider.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-venv.sh example
echo "== OrderService (consumer): behave features/consumer"
.venv/bin/behave features/consumer
echo "== UserService (provider): behave features/provider"
.venv/bin/behave features/provider
