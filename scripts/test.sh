#!/usr/bin/env bash
# Sets up the machine, builds everything with warnings as errors and runs every test (unit,
# game conformance, integration over real sockets, end-to-end on the binary) with ctest,
# then the browser tests of the web pages.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/bootstrap.sh
./scripts/build.sh build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGS_WERROR=ON
ctest --test-dir build --output-on-failure --no-tests=error -j2 --timeout 120 "$@"
# The web pages in headless Chromium against the gameserverd just built.
./scripts/browser-tests.sh
