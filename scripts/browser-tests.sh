#!/usr/bin/env bash
# Browser tests of the web pages (web/tests/*.test.mjs): headless system Chromium
# (/usr/bin/chromium, Debian's package) driven by playwright-core against a real gameserverd.
#   GAMESERVERD  server binary (default build/apps/gameserverd/gameserverd)
#   ARTIFACTS    screenshots (default build/browser-artifacts)
#   CHROMIUM     browser (default /usr/bin/chromium)
#   WEB_DIR      serve the pages from this directory (e.g. web) instead of the built-in copies
# Extra arguments are passed to `node --test` (e.g. a single test file).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

export GAMESERVERD=$(realpath -m "${GAMESERVERD:-build/apps/gameserverd/gameserverd}")
export ARTIFACTS=$(realpath -m "${ARTIFACTS:-build/browser-artifacts}")
# The tests run in web/tests: a directory given relative to the repository must stay valid.
if [ -n "${WEB_DIR:-}" ]; then export WEB_DIR=$(realpath -m "$WEB_DIR"); fi
if [ ! -x "$GAMESERVERD" ]; then
  echo "browser-tests: no gameserverd at $GAMESERVERD (build it, or set GAMESERVERD)" >&2
  exit 2
fi
if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  echo "browser-tests: no Chromium at ${CHROMIUM:-/usr/bin/chromium} (apt-get install chromium)" >&2
  exit 2
fi

cd web/tests
# npm ci only when node_modules is missing or older than the lock file.
stamp=node_modules/.package-lock.json
if [ ! -d node_modules ] || [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  npm ci --no-audit --no-fund
fi

mkdir -p "$ARTIFACTS"
if [ $# -gt 0 ]; then
  files=("$@")
else
  files=(*.test.mjs)
fi
# One file at a time: each starts its own server and browser, and the machine is small.
node --test --test-concurrency=1 "${files[@]}"
echo "browser-tests: passed; screenshots in ${ARTIFACTS#"$repo"/}"
