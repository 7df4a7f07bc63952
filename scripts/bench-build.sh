#!/usr/bin/env bash
# Build benchmark, handbook against Hugo on the same content (issue 7).
#
# Builds handbook in release mode and generates 1,000- and 10,000-page corpora (pages per language;
# Thai and English) as handbook and Hugo sites with `examples/corpus.rs`. Then, after a warm-up
# build of each, it runs ROUNDS rounds; each round builds every size with handbook and with Hugo,
# one after the other, under `/usr/bin/time` (wall time, processor time, peak RSS). The speed of a
# shared or virtual machine drifts by a factor of two over minutes, so the ratios are taken within
# a round (handbook/Hugo at one size, 10k/1k of one tool) and their medians reported, beside the
# medians of the times themselves. Last, handbook's `--timings` per-stage breakdown (wall and
# processor time), median of 3 runs per stage.
#
# Usage: scripts/bench-build.sh [SIZES...]        (default: 1000 10000)
# Environment: ROUNDS (default 5), KEEP=1 keeps the generated corpora, BENCH_DIR holds the
#   temporary directory (default /dev/shm where it exists, else $TMPDIR or /tmp, so that disk
#   I/O stays out of the figures).
set -euo pipefail

cd "$(dirname "$0")/.."
SIZES=("${@:-1000 10000}")
read -r -a SIZES <<<"${SIZES[*]}"
ROUNDS=${ROUNDS:-5}

need() { # command, Debian package
    command -v "$1" >/dev/null 2>&1 && return
    echo "installing $2 (apt-get)…" >&2
    if ! apt-get install -y -qq "$2" >/dev/null 2>&1; then
        apt-get update -qq >/dev/null && apt-get install -y -qq "$2" >/dev/null
    fi
}
need hugo hugo
[ -x /usr/bin/time ] || need /usr/bin/time time

echo "building handbook and the corpus generator (release)…" >&2
cargo build --release --quiet --bin handbook --example corpus
HANDBOOK=$PWD/target/release/handbook
CORPUS=$PWD/target/release/examples/corpus

default_dir=${TMPDIR:-/tmp}
[ -d /dev/shm ] && default_dir=/dev/shm
mkdir -p "${BENCH_DIR:=$default_dir}"
WORK=$(mktemp -d "$BENCH_DIR/handbook-bench.XXXXXX")
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$WORK"' EXIT

median() { sort -g | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
load() { cut -d' ' -f1 /proc/loadavg; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2f", a/b; else print "-"}'; }

# One timed build: appends "wall cpu rss_mb" to $WORK/<tool>-<size>.txt.
timed() { # tool size command...
    local file=$WORK/$1-$2.txt
    shift 2
    /usr/bin/time -f "%e %U %S %M" -o "$WORK/time.txt" "$@" >/dev/null 2>"$WORK/stderr.txt" || {
        cat "$WORK/stderr.txt" >&2
        exit 1
    }
    awk '{printf "%s %.2f %.0f\n", $1, $2 + $3, $4 / 1024}' "$WORK/time.txt" >>"$file"
}
# The median of column `col` of a tool's runs at a size.
col() { awk -v c="$3" '{print $c}' "$WORK/$1-$2.txt" | median; }
# The median of the round-by-round ratios of column 1 (wall time) of two series.
paired() { paste -d' ' "$WORK/$1.txt" "$WORK/$2.txt" | awk '{print $1 / $4}' | median; }

for n in "${SIZES[@]}"; do
    echo "== $n pages per language: generating…" >&2
    "$CORPUS" --pages "$n" --out "$WORK/handbook-$n" --hugo "$WORK/hugo-$n" >&2
done
build_handbook() { "$HANDBOOK" --root "$WORK/handbook-$1" build; }
build_hugo() { hugo --quiet --source "$WORK/hugo-$1"; }
echo "== warm-up builds (load $(load))" >&2
for n in "${SIZES[@]}"; do build_handbook "$n" >/dev/null 2>&1; build_hugo "$n" >/dev/null; done
LOAD_BEFORE=$(load)
for round in $(seq "$ROUNDS"); do
    echo "== round $round of $ROUNDS (load $(load))" >&2
    for n in "${SIZES[@]}"; do
        timed handbook "$n" "$HANDBOOK" --root "$WORK/handbook-$n" build
        timed hugo "$n" hugo --quiet --source "$WORK/hugo-$n"
    done
done
LOAD_AFTER=$(load)

declare -A STAGE CPU TOTAL
STAGES=()
for n in "${SIZES[@]}"; do
    echo "== $n: --timings (load $(load))" >&2
    for i in 1 2 3; do "$HANDBOOK" --root "$WORK/handbook-$n" build --timings >"$WORK/timings-$n-$i.txt"; done
    while read -r stage _; do
        [[ " ${STAGES[*]} " == *" $stage "* ]] || STAGES+=("$stage")
        STAGE[$n,$stage]=$(for i in 1 2 3; do awk -v s="$stage" '$1 == s && $3 == "ms" {print $2}' "$WORK/timings-$n-$i.txt"; done | median)
        CPU[$n,$stage]=$(for i in 1 2 3; do awk -v s="$stage" '$1 == s && $6 == "cpu" {print $4}' "$WORK/timings-$n-$i.txt"; done | median)
    done < <(awk '$3 == "ms" {print $1, $2}' "$WORK/timings-$n-1.txt")
    echo "== $n: $(tail -1 "$WORK/timings-$n-1.txt")" >&2
done

first=${SIZES[0]} last=${SIZES[-1]}
echo
echo "handbook build benchmark: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(hugo version | cut -d' ' -f2 | cut -d+ -f1) hugo, $ROUNDS rounds after a warm-up, load $LOAD_BEFORE → $LOAD_AFTER"
echo
echo "medians of $ROUNDS runs: wall and processor (user + system) seconds, peak RSS in MB; ratio: median of the rounds' handbook/Hugo"
printf '%-7s %10s %10s %10s %10s %8s %12s %8s %8s\n' pages handbook_s hugo_s ratio hb_cpu_s hugo_cpu handbook_MB hugo_MB ratio
for n in "${SIZES[@]}"; do
    printf '%-7s %10.2f %10.2f %10.2f %10.2f %8.2f %12.0f %8.0f %8s\n' "$n" "$(col handbook "$n" 1)" "$(col hugo "$n" 1)" \
        "$(paired "handbook-$n" "hugo-$n")" "$(col handbook "$n" 2)" "$(col hugo "$n" 2)" \
        "$(col handbook "$n" 3)" "$(col hugo "$n" 3)" "$(ratio "$(col handbook "$n" 3)" "$(col hugo "$n" 3)")"
done
if [ "$first" != "$last" ]; then
    echo
    echo "time $last/$first (median of the rounds' ratios): handbook $(printf %.2f "$(paired "handbook-$last" "handbook-$first")")x, hugo $(printf %.2f "$(paired "hugo-$last" "hugo-$first")")x (linear: $(ratio "$last" "$first")x)"
fi
echo
echo "handbook --timings, median of 3 runs: wall ms (processor ms)"
printf '%-10s' "stage"
for n in "${SIZES[@]}"; do printf ' %18s' "$n"; done
[ "$first" != "$last" ] && printf ' %10s' "$last/$first"
echo
for s in "${STAGES[@]}"; do
    printf '%-10s' "$s"
    for n in "${SIZES[@]}"; do printf ' %9.1f (%6s)' "${STAGE[$n,$s]:-0}" "${CPU[$n,$s]:--}"; done
    [ "$first" != "$last" ] && printf ' %10s' "$(ratio "${STAGE[$last,$s]:-0}" "${STAGE[$first,$s]:-0}")"
    echo
done
printf '%-10s' "sum"
for n in "${SIZES[@]}"; do
    TOTAL[$n]=$(for s in "${STAGES[@]}"; do echo "${STAGE[$n,$s]:-0}"; done | awk '{t += $1} END {print t}')
    printf ' %9.1f %8s' "${TOTAL[$n]}" ""
done
[ "$first" != "$last" ] && printf ' %10s' "$(ratio "${TOTAL[$last]}" "${TOTAL[$first]}")"
echo
