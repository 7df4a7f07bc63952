#!/usr/bin/env bash
# Paired comparison of two handbook binaries on one site (for changes aimed at issue 7's figures):
# runs them alternately, so that a machine whose speed drifts (a shared VM) affects both alike,
# and prints the median wall time and processor time (user + system) of each and their ratios.
#
# Usage: scripts/compare-builds.sh OLD_BINARY NEW_BINARY SITE_ROOT [RUNS (default 7)]
# The sites are written under BENCH_DIR (default /dev/shm where it exists, so that disk writes stay
# out of the figures).
set -euo pipefail
old=$1 new=$2 site=$3 runs=${4:-7}
default_dir=/tmp
[ -d /dev/shm ] && default_dir=/dev/shm
out=$(mktemp -d "${BENCH_DIR:-$default_dir}/compare-builds.XXXXXX")
trap 'rm -rf "$out"' EXIT
median() { sort -g | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
for i in $(seq "$runs"); do
    for which in old new; do
        bin=${!which}
        /usr/bin/time -f "%e %U %S" -o "$out/t" "$bin" --root "$site" build --output "$out/site" >/dev/null 2>&1
        read -r wall user sys <"$out/t"
        echo "$wall" >>"$out/$which.wall"
        awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}' >>"$out/$which.cpu"
    done
done
for which in old new; do
    printf '%-4s wall %6.2f s   cpu %6.2f s   (median of %d)\n' "$which" "$(median <"$out/$which.wall")" "$(median <"$out/$which.cpu")" "$runs"
done
awk -v ow="$(median <"$out/old.wall")" -v nw="$(median <"$out/new.wall")" -v oc="$(median <"$out/old.cpu")" -v nc="$(median <"$out/new.cpu")" \
    'BEGIN {printf "new/old wall %.3f   cpu %.3f\n", nw / ow, nc / oc}'
