#!/usr/bin/env bash
# Installs every build and test dependency of gameserver on a bare Debian 12 machine.
# Idempotent: packages already present are left alone; safe to run on every CI start.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config git clang-format
  libboost1.81-dev libboost-url1.81-dev
  libcli11-dev libyaml-cpp-dev nlohmann-json3-dev
  prometheus-cpp-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libspdlog-dev libfmt-dev
  libsqlite3-dev libsqlitecpp-dev
  libjemalloc-dev  # the programs' malloc (cmake/allocator.cmake)
  python3 curl procps
  chromium  # browser tests (driven by playwright-core from npm, never a downloaded browser)
)
# Node.js and npm for the browser tests: the machine's own when it has them (a newer Node.js
# than Debian's), Debian's otherwise.
command -v node >/dev/null && command -v npm >/dev/null || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "bootstrap: all ${#packages[@]} packages already installed"
  exit 0
fi

echo "bootstrap: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
