#!/usr/bin/env bash
# Install Debian's headless Chromium and its ChromeDriver for the living documentation's browser tests.
# No browser is downloaded from anywhere else. Needs root (CI runs as root); elsewhere it says what to run.
set -euo pipefail
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get > /dev/null; then
    echo "== installing chromium and chromium-driver from Debian, for the browser tests"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium chromium-driver > /dev/null
else
    echo "contracts-bdd: the browser tests need Debian's chromium and chromium-driver:" \
        "sudo apt-get install chromium chromium-driver (without them they are skipped, and fail under CI=true)" >&2
fi
