#!/usr/bin/env bash
# Runs every fuzz target of seatplan's input readers for a fixed budget and prints executions
# and crashes per target. Not part of CI's default path (needs nightly and cargo-fuzz):
#
#   cargo install cargo-fuzz          # once
#   fuzz/run.sh [SECONDS] [TARGET...]  # default 60 s per target, every target
#
# Each target starts from its seeds (fuzz/seeds/TARGET, copied from tests/fixtures and
# data/demo) plus whatever corpus earlier runs left in fuzz/corpus/TARGET. Crash inputs land in
# fuzz/artifacts/TARGET; the log of each run in fuzz/logs/TARGET.log.
set -uo pipefail
cd "$(dirname "$0")"
secs="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(pools shops history calendar agents rules prices roster preferences demand requirements nrp series special_days)
fi
# One job per target, one after the other: the machine has 2 cores shared with other work.
mkdir -p logs
cargo +nightly fuzz build -O -s none >/dev/null 2>logs/build.txt || { cat logs/build.txt; exit 2; }
bin="target/$(rustc +nightly -vV | sed -n 's/^host: //p')/release"
printf '%-14s %8s %12s %10s %8s\n' target seconds executions exec/s crashes
total_crashes=0
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t" "artifacts/$t"
  before=$(find "artifacts/$t" -type f | wc -l)
  # The binary cargo-fuzz built (running it directly: `cargo fuzz run` would rebuild whenever
  # the shared working tree changed in between).
  "$bin/$t" -artifact_prefix="artifacts/$t/" "corpus/$t" "seeds/$t" \
    -max_total_time="$secs" -dict=dict.txt -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 >"logs/$t.log" 2>&1
  after=$(find "artifacts/$t" -type f | wc -l)
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "logs/$t.log" | grep -o '[0-9]*$' | tail -1)
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "logs/$t.log" | grep -o '[0-9]*$' | tail -1)
  crashes=$((after - before))
  total_crashes=$((total_crashes + crashes))
  printf '%-14s %8s %12s %10s %8s\n' "$t" "$secs" "${execs:-?}" "${rate:-?}" "$crashes"
done
echo "total new crashes: $total_crashes (inputs in fuzz/artifacts/TARGET)"
[ "$total_crashes" -eq 0 ]
