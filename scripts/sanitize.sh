#!/usr/bin/env bash
# The safety nets: every test under AddressSanitizer+UBSan, and the concurrency tests (labelled
# `concurrency`) under ThreadSanitizer. Usage: scripts/sanitize.sh [address|thread]...
# The target lists must name every test binary with those labels: ctest skips a binary that was
# not built without saying so.
set -euo pipefail
cd "$(dirname "$0")/.."
kinds=("$@")
[ ${#kinds[@]} -gt 0 ] || kinds=(address thread)
for kind in "${kinds[@]}"; do
  case $kind in
    address)
      ./scripts/build.sh build-asan -DCMAKE_BUILD_TYPE=Debug -DGS_SANITIZE=address -DGS_WERROR=ON \
        -DGS_BUILD_BENCHMARKS=OFF -- core_tests net_tests game_tests dicegame_tests owedrahn_tests \
        tellit_tests snake_tests integration_tests bot_tests bot_integration_tests load_tests \
        load_integration_tests
      ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        ctest --test-dir build-asan --output-on-failure --no-tests=error -j2 --timeout 300 -L 'unit|integration'
      ;;
    thread)
      ./scripts/build.sh build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGS_SANITIZE=thread \
        -DGS_WERROR=ON -DGS_BUILD_BENCHMARKS=OFF -- core_tests integration_tests bot_integration_tests \
        load_integration_tests
      TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
        ctest --test-dir build-tsan --output-on-failure --no-tests=error -j2 --timeout 300 -L concurrency
      ;;
    *) echo "unknown sanitizer: $kind" >&2; exit 2 ;;
  esac
done
