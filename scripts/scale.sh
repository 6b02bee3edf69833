#!/usr/bin/env bash
# Scale run (issue 10): generates a scenario of 500 shops, 3,000 agents and two years of hourly
# history into a temporary directory, runs the release binary's `plan` for the week after the
# history under /usr/bin/time -v, and prints wall time and peak memory. Not a test.
#
#   scripts/scale.sh [SHOPS] [AGENTS] [extra plan options...]
#
# Environment: TIME_LIMIT (roster solver limit per pool group, s; default 60), REPS (simulation
# replications; default 50), KEEP=1 keeps the scenario and outputs.
set -euo pipefail
cd "$(dirname "$0")/.."
shops="${1:-500}"
agents="${2:-3000}"
shift 2 || shift $# || true
cargo build --release --quiet
bin=target/release/seatplan
work="$(mktemp -d)"
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT
echo "scenario: $shops shops, $agents agents, 2024-01-01 .. 2025-12-31 hourly -> $work"
/usr/bin/time -f '%e s, %M KiB' -o "$work/gen.time" \
  "$bin" demo generate --seed 42 --shops "$shops" --agents "$agents" --out "$work/scenario" >/dev/null
echo "generate: $(cat "$work/gen.time"); history.csv $(du -h "$work/scenario/history.csv" | cut -f1)," \
  "$(($(wc -l <"$work/scenario/history.csv") - 1)) rows"
echo "plan (nproc $(nproc), load $(cut -d' ' -f1-3 /proc/loadavg)):"
set +e
/usr/bin/time -v -o "$work/plan.time" "$bin" plan "$work/scenario" --out "$work/out" \
  --time-limit "${TIME_LIMIT:-60}" --reps "${REPS:-50}" "$@" >"$work/plan.log" 2>&1
code=$?
set -e
tail -n 40 "$work/plan.log"
wall=$(grep 'Elapsed (wall clock)' "$work/plan.time" | awk '{print $NF}')
rss=$(grep 'Maximum resident set size' "$work/plan.time" | awk '{print $NF}')
echo "---"
echo "plan exit code: $code"
echo "wall time: $wall"
echo "peak RSS: $rss KiB ($(awk -v k="$rss" 'BEGIN{printf "%.2f", k/1048576}') GiB)"
