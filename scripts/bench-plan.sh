#!/usr/bin/env bash
# Times the quick start's main job: `seatplan plan` on the bundled demo with the Double 11
# scenario comparison (the README's figure), in the profile `make demo` uses (dev, opt-level 1)
# and in release. Prints wall seconds and peak memory per run; RUNS=N repeats (default 3).
# Not a test: wall time depends on the machine and on what else it runs.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-3}"
cargo build --quiet
cargo build --quiet --release
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for profile in debug release; do
  for i in $(seq 1 "$RUNS"); do
    /usr/bin/time -f "$profile run $i: %e s wall, %U s user, %M KB peak RSS" \
      "target/$profile/seatplan" plan data/demo --scenario data/scenarios/double11.toml \
      --out "$out" >/dev/null
  done
done
echo "load while timing: $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min) on $(nproc) cores"
