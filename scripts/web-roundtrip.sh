#!/usr/bin/env bash
# Quote round trip of the web workspace on the demo: headless Chromium drives /quote against
# the release build of `seatplan serve` and prints the median and worst time from a changed
# input to the numbers rendered and painted (20 prospects, 300–5,050 inquiries/day), beside
# the server's own time per quote. A measurement, not a pass/fail test.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --release --test web_browser quote_round_trip_timing -- --ignored --nocapture 2>&1 |
    grep -E "quote round trip|test result|panicked|error"
