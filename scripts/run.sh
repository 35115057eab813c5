#!/usr/bin/env bash
# Sets up a bare Debian 12 machine, builds gameserverd and starts it on its embedded defaults
# (127.0.0.1:6969). Extra arguments go to gameserverd, e.g. scripts/run.sh --log-level debug
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/bootstrap.sh
./scripts/build.sh build -DCMAKE_BUILD_TYPE=RelWithDebInfo -- gameserverd
exec ./build/apps/gameserverd/gameserverd "$@"
