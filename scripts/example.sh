#!/usr/bin/env bash
# Install everything and run the reference example end to end: consumer, then provider, then its living documentation.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-venv.sh example
echo "== OrderService (consumer): behave features/consumer"
.venv/bin/behave features/consumer
echo "== UserService (provider): behave features/provider, with JUnit reports in reports/example"
rm -rf reports/example
verified=0
.venv/bin/behave features/provider --junit --junit-directory reports/example || verified=$?
echo "== the living documentation: contracts-bdd docs"
.venv/bin/contracts-bdd docs -o site --results reports/example
echo "The living documentation of this run is in $(pwd)/site: open $(pwd)/site/index.html in a browser."
exit "$verified"
