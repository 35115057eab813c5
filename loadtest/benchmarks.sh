#!/usr/bin/env bash
# The server's benchmarks (issue 5): gameload starts gameserverd on this machine for each
# scenario below, and the figures go into docs/performance.md between the loadtest markers
# (the rest of that page is written by hand). Loopback only; every run is bounded and stops by
# itself. About 10 minutes end to end on the 2-core machine (8 min 52 s on 2026-12-02): the runs
# add up to about 5 minutes of load, and each then waits the rooms' 30 s grace for its checks.
#   loadtest/benchmarks.sh            # all runs, then rewrite the section of docs/performance.md
#   ONLY="ttt-1k snake" loadtest/benchmarks.sh   # some runs; DRY=1: print, do not write the doc
# BUILD_DIR (default build) holds gameserverd and gameload; raw JSON reports go to OUT
# (default build/loadtest).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
out=${OUT:-build/loadtest}
server=$(realpath "$build/apps/gameserverd/gameserverd")
gameload=$build/apps/gameload/gameload
mkdir -p "$out"

# name | scenario | extra gameload arguments | extra server settings
runs=(
  "ttt-1k|configs/scenarios/tictactoe-1k.yaml|--duration 30s|"
  "ttt-1k-1t|configs/scenarios/tictactoe-1k.yaml|--duration 30s|server.threads=1"
  "ttt-5k|configs/scenarios/tictactoe-1k.yaml|--connections 5000 --duration 40s|"
  "ttt-10k|configs/scenarios/tictactoe-10k.yaml|--duration 60s|"
  "ttt-sat|configs/scenarios/tictactoe-saturate.yaml|--duration 20s|limits.messages_per_second=1000000 limits.message_burst=1000000"
  "fanout|configs/scenarios/fanout.yaml|--duration 30s|"
  "snake|configs/scenarios/snake.yaml|--duration 30s|"
  "mixed|configs/scenarios/mixed-games.yaml|--duration 30s|"
  "chaos|configs/scenarios/chaos.yaml||"
)

# The scenario with its target replaced by "start this gameserverd": load-sized limits, rooms
# kept a grace as in production (30 s), the default storage (SQLite, in a fresh directory per
# run), warnings only.
with_server() {  # scenario extra_settings data_dir -> a scenario file on stdout
  python3 - "$1" "$server" "$2" "$3" <<'PY'
import sys
path, binary, extra, data_dir = sys.argv[1], sys.argv[2], sys.argv[3].split(), sys.argv[4]
lines, skipping = [], False
for line in open(path):
    if line.startswith("target:"):
        skipping = True
        continue
    if skipping and (line.startswith(" ") or not line.strip()):
        continue
    skipping = False
    lines.append(line)
args = ["--log-level", "warn", "--data-dir", data_dir,
        "--set", "limits.max_connections_per_ip=100000", "--set", "limits.max_connections=100000",
        "--set", "limits.max_rooms=200000"]
for setting in extra:
    args += ["--set", setting]
quoted = ", ".join('"%s"' % a for a in args)
print("target:\n  server:\n    binary: %s\n    args: [%s]" % (binary, quoted))
print("".join(lines), end="")
PY
}

for run in "${runs[@]}"; do
  IFS='|' read -r name scenario extra settings <<<"$run"
  if [ -n "${ONLY:-}" ] && [[ " $ONLY " != *" $name "* ]]; then continue; fi
  file=$out/$name.yaml
  rm -rf "$out/data-$name"
  mkdir -p "$out/data-$name"
  with_server "$scenario" "$settings" "$(realpath "$out/data-$name")" >"$file"
  echo "loadtest: $name ($scenario $extra)" >&2
  # A breached threshold exits 1: the figures are still what we want to record.
  # shellcheck disable=SC2086
  "$gameload" "$file" $extra --json --report "$out/$name.html" >"$out/$name.json" || true
done

python3 - "$out" "${DRY:-}" <<'PY'
import json, os, re, sys, datetime, subprocess
out, dry = sys.argv[1], sys.argv[2]
def load(name):
    path = os.path.join(out, name + ".json")
    return json.load(open(path)) if os.path.exists(path) and os.path.getsize(path) else None
def lat(r, kind):
    table = r.get("latencyUs", {})
    if kind != "*":
        return table.get(kind)
    # Every action type together: the count of all, and the worst type's percentiles.
    kinds = [v for k, v in table.items() if k in ACTIONS]
    if not kinds: return None
    return {"count": sum(v["count"] for v in kinds), "p50": max(v["p50"] for v in kinds),
            "p99": max(v["p99"] for v in kinds)}
# Game actions (not lobby requests) of the five games, for the mixed run.
ACTIONS = {"make_move", "roll", "select", "set_aside", "ready", "turn", "loseLife",
           "chooseNextPlayer", "submit_text", "start", "vote_finish", "vote_restart"}
def ms(us): return "%.1f" % (us / 1000.0)
rows = []
def game_row(name, label, kind):
    r = load(name)
    if not r: return
    l = lat(r, kind) or {}
    count = l.get("count", 0)
    secs = r["elapsedMs"] / 1000.0
    srv = r.get("server") or {}
    cpu_us = srv.get("cpuSeconds", 0) * 1e6 / count if count else 0
    kernel_us = srv.get("systemCpuSeconds", 0) * 1e6 / count if count else 0
    rss = (srv.get("rssPeakKiB", 0) - srv.get("rssStartKiB", 0)) / max(r["connections"], 1)
    delivered = srv.get("cpuMicrosPerDelivered")
    rows.append("| %s | %d | %.0f | %s | %s | %.0f (%.0f) | %s | %.1f | %.1f | %d | %d | %s |" % (
        label, r["connections"], count / secs if secs else 0, ms(l.get("p50", 0)),
        ms(l.get("p99", 0)), cpu_us, kernel_us, "%.1f" % delivered if delivered else "-", rss, r.get("ownCpuSeconds", 0) / secs if secs else 0,
        r.get("unexpectedErrors", 0), r.get("desyncs", 0), "passed" if r.get("passed") else
        "FAILED: " + "; ".join(r.get("breaches", []))))
game_row("ttt-1k", "tic-tac-toe 1k", "make_move")
game_row("ttt-1k-1t", "tic-tac-toe 1k, one event loop (`server.threads=1`)", "make_move")
game_row("ttt-5k", "tic-tac-toe 5k", "make_move")
game_row("ttt-10k", "tic-tac-toe 10k", "make_move")
game_row("ttt-sat", "tic-tac-toe 200, no think time (the server's ceiling)", "make_move")
game_row("fanout", "fan-out (2 players + 6 spectators)", "make_move")
game_row("snake", "snake, 10 ticks/s", "turn")
game_row("mixed", "mixed games (worst action type)", "*")
cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"],
                     capture_output=True, text=True).stdout.strip()
head = ("| run | conns | actions/s | RTT p50 ms | RTT p99 ms | server CPU us/action (kernel) | "
        "server CPU us/delivered msg | server RSS KiB/conn | gameload cores | errors | desyncs | "
        "thresholds |\n"
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
text = ["<!-- loadtest:begin (written by loadtest/benchmarks.sh; edit the script, not this) -->",
        "Measured %s on %s (2 cores), gameload and gameserverd on the same machine, gameload "
        "starting the server (`loadtest/benchmarks.sh`; reports in build/loadtest/*.json and "
        "*.html)." % (datetime.date.today().isoformat(), cpu or "this machine"), "", head]
text += rows
chaos = load("chaos")
if chaos:
    inv = chaos.get("invariants", {})
    text += ["", "Chaos (`configs/scenarios/chaos.yaml`): %d connections, %d server kill(s), "
             "%d seats interrupted by the kill, %d desyncs, %d lost actions, %d unexpected "
             "errors; invariant violations: %d; thresholds %s." % (
                 chaos["connections"], chaos.get("serverKills", 0),
                 chaos.get("interruptedByKill", 0), chaos.get("desyncs", 0),
                 chaos.get("lostActions", 0), chaos.get("unexpectedErrors", 0),
                 len(inv.get("violations", [])),
                 "passed" if chaos.get("passed") else
                 "FAILED (" + "; ".join(chaos.get("breaches", [])) + ")")]
    for v in inv.get("violations", []):
        text.append("- violation (%s): %s" % (v.get("check"), v.get("detail")))
text.append("<!-- loadtest:end -->")
section = "\n".join(text)
print(section)
if dry: sys.exit(0)
doc = "docs/performance.md"
body = open(doc).read()
pattern = re.compile(r"<!-- loadtest:begin.*?<!-- loadtest:end -->", re.S)
body = pattern.sub(lambda m: section, body) if pattern.search(body) else body.rstrip() + \
    "\n\n## Server benchmarks (loadtest/benchmarks.sh)\n\n" + section + "\n"
open(doc, "w").write(body)
PY
