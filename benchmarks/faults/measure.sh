#!/usr/bin/env bash
# How fast faults end a process (README "Failures"), 3 runs each, on the built CLI. Run on a quiet machine:
#   dotnet build src/ActiveLab.Cli -c Release && bash benchmarks/faults/measure.sh
# Prints, per run: seconds from SIGTERM to exit of a quickstart `run` (exit 3 expected), seconds until a second `run`
# on the same sweep is refused (exit 2), and seconds until `run` with an unreachable PostgreSQL journal gives up with a
# 10-s unavailable-timeout (exit 5), plus the number of output lines it printed.
set -uo pipefail
cd "$(dirname "$0")/../.."
dll="${ACTIVELAB_CLI_DLL:-src/ActiveLab.Cli/bin/Release/net10.0/activelab.dll}"
[ -f "$dll" ] || { echo "build first: dotnet build src/ActiveLab.Cli -c Release" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
now() { date +%s.%N; }
cat > "$work/pgdown.conf" <<CONF
activelab.sweep { name = pgdown, seed = 1, datasets = [wall-robot], methods = [random], models = [et], repeats = 1, rounds = 2, batch-size = 20, data-dir = "$PWD/data", results-dir = "$work/pg" }
activelab.persistence { provider = postgresql, connection-string = "Host=127.0.0.1;Port=1;Username=a;Password=never-printed;Database=x", unavailable-timeout = 10s }
CONF
for i in 1 2 3; do
  res="$work/r$i"
  dotnet "$dll" run --config config/quickstart.conf --data-dir data --results-dir "$res" > "$work/run$i.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 300); do grep -q "jobs [1-9]" "$work/run$i.log" 2>/dev/null && break; sleep 0.1; done
  t0=$(now); dotnet "$dll" run --config config/quickstart.conf --data-dir data --results-dir "$res" > /dev/null 2>&1; second=$?; t1=$(now)
  kill -TERM $pid; t2=$(now); wait $pid; code=$?; t3=$(now)
  t4=$(now); dotnet "$dll" run --config "$work/pgdown.conf" > "$work/pg$i.log" 2>&1; pg=$?; t5=$(now)
  printf 'run %d: second run refused in %.2f s (exit %d); SIGTERM to exit %.2f s (exit %d); journal down: gave up after %.1f s (exit %d), %d output lines, password printed: %s\n' \
    "$i" "$(echo "$t1 - $t0" | bc)" "$second" "$(echo "$t3 - $t2" | bc)" "$code" "$(echo "$t5 - $t4" | bc)" "$pg" \
    "$(wc -l < "$work/pg$i.log")" "$(grep -q never-printed "$work/pg$i.log" && echo yes || echo no)"
done
