#!/usr/bin/env bash
# Fails when a C++ file differs from what clang-format (the repo's .clang-format) would write,
# and when a game includes what games must not (they are pure rules engines).
set -euo pipefail
cd "$(dirname "$0")/.."
files=$(git ls-files '*.cpp' '*.hpp')
clang-format --dry-run -Werror $files
if grep -nE '#include *<(boost/|thread>|mutex>|shared_mutex>|future>|random>)|std::random_device|system_clock::now|steady_clock::now|std::this_thread' \
     $(git ls-files 'games/*.cpp' 'games/*.hpp'); then
  echo "games/ must stay pure: no Boost, threads, clocks or random engines" >&2
  exit 1
fi
echo "format and purity: ok"
