#!/usr/bin/env bash
# Prints `handbook serve`'s save-to-updated-page latency (median of several one-page edits) on the
# real content and on generated sites of 1,000 and 10,000 pages (SIZES="1000 10000" by default).
# Everything happens in a temporary directory; the repository is not touched. The load average
# is printed before each site, since other work on the machine slows every figure.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin handbook --example corpus --example bench_serve
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
load() { [ -r /proc/loadavg ] && echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)" || true; }
mkdir "$work/real"
cp -r handbook.toml content themes "$work/real/"
load
target/release/examples/bench_serve "$work/real" "${EDITS:-7}"
for n in ${SIZES:-1000 10000}; do
  target/release/examples/corpus --pages "$n" --out "$work/gen-$n" >/dev/null
  load
  target/release/examples/bench_serve "$work/gen-$n" "${EDITS:-7}"
done
load
