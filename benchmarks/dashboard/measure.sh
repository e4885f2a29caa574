#!/usr/bin/env bash
# Does the live dashboard slow a sweep? Times the Wall Robot ExtraTrees preset N times without the page and N times
# with the page open in headless Chromium (which polls it every second), alternating, each in a fresh results folder.
#   bash benchmarks/dashboard/measure.sh [runs=3] [config=config/wall-robot-et.conf]
# Run on a quiet machine (nothing else running). Needs a Release build and Debian's chromium.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-3}"
config="${2:-config/wall-robot-et.conf}"
cli=(dotnet src/ActiveLab.Cli/bin/Release/net10.0/activelab.dll)
[ -f src/ActiveLab.Cli/bin/Release/net10.0/activelab.dll ] || dotnet build src/ActiveLab.Cli -c Release -v:q --nologo
browser="$(command -v chromium || command -v chromium-browser)"
work="$(mktemp -d)"
browser_pid=""
trap '[ -n "$browser_pid" ] && kill "$browser_pid" 2>/dev/null; rm -rf "$work"' EXIT
port=18080
for i in $(seq 1 "$runs"); do
  start=$(date +%s.%N)
  "${cli[@]}" run --config "$config" --results-dir "$work/off-$i" > "$work/off-$i.log"
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" -v i="$i" 'BEGIN { printf "run %d without the page: %.1f s\n", i, e - s }'

  start=$(date +%s.%N)
  "${cli[@]}" run --config "$config" --results-dir "$work/on-$i" --http-port "$port" > "$work/on-$i.log" &
  run_pid=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/api/status" > /dev/null && break; sleep 0.1; done
  "$browser" --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$work/profile-$i" \
    --remote-debugging-port=0 "http://127.0.0.1:$port/" > /dev/null 2>&1 &
  browser_pid=$!
  wait "$run_pid"
  end=$(date +%s.%N)
  kill "$browser_pid" 2>/dev/null || true; wait "$browser_pid" 2>/dev/null || true; browser_pid=""
  awk -v s="$start" -v e="$end" -v i="$i" 'BEGIN { printf "run %d with the page open: %.1f s\n", i, e - s }'
done
