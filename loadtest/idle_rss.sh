#!/usr/bin/env bash
# Measures gameserverd's resident memory per idle WebSocket connection on this machine:
# starts the server, reads VmRSS, holds N idle connections, reads VmRSS again.
# Usage: loadtest/idle_rss.sh [COUNT] (default 2000). Loopback only; stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-2000}
build=${BUILD_DIR:-build}
ulimit -n "$(ulimit -Hn)"
log=$(mktemp)
"$build/apps/gameserverd/gameserverd" --port 0 --set storage.backend=memory \
  --set limits.max_connections_per_ip=100000 --set limits.max_connections=100000 2>"$log" &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 50); do grep -q 'listening on' "$log" && break; sleep 0.1; done
port=$(grep -o 'listening on [^ ]*' "$log" | sed 's/.*://')
rss() { awk '/VmRSS/ {print $2}' "/proc/$pid/status"; }
sleep 0.5
before=$(rss)
"$build/benchmarks/idle_connections" "$port" "$count" 6 &
client=$!
sleep 5
during=$(rss)
wait $client
awk -v n="$count" -v a="$before" -v b="$during" 'BEGIN {
  printf "connections=%d rss_before_kib=%d rss_with_connections_kib=%d per_connection_kib=%.1f\n",
         n, a, b, (b - a) / n }'
