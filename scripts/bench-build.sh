#!/usr/bin/env bash
# Build benchmark, handbook against Hugo on the same content (issue 7).
#
# Builds handbook in release mode, generates 1,000- and 10,000-page corpora (pages per language;
# Thai and English) as handbook and Hugo sites with `examples/corpus.rs`, then for each size:
#   - hyperfine medians of `handbook build` and `hugo --quiet` (warm file cache, after a warm-up run);
#   - peak RSS from `/usr/bin/time -v`, median of 3 runs each;
#   - handbook's `--timings` per-stage breakdown, median of 3 runs per stage;
# and prints the ratios handbook/Hugo, 10k/1k, and a compact table at the end.
#
# Usage: scripts/bench-build.sh [SIZES...]        (default: 1000 10000)
# Environment: RUNS (default 5) and RUNS_LARGE (runs for sizes >= 10000, default 3), WARMUP (1),
#   MEM_RUNS (3), KEEP=1 keeps the generated corpora, BENCH_DIR holds the temporary directory
#   (default $TMPDIR or /tmp; BENCH_DIR=/dev/shm keeps disk I/O of a shared machine out of the figures).
set -euo pipefail

cd "$(dirname "$0")/.."
SIZES=("${@:-1000 10000}")
read -r -a SIZES <<<"${SIZES[*]}"
RUNS=${RUNS:-5}
RUNS_LARGE=${RUNS_LARGE:-3}
WARMUP=${WARMUP:-1}
MEM_RUNS=${MEM_RUNS:-3}

need() { # command, Debian package
    command -v "$1" >/dev/null 2>&1 && return
    echo "installing $2 (apt-get)…" >&2
    if ! apt-get install -y -qq "$2" >/dev/null 2>&1; then
        apt-get update -qq >/dev/null && apt-get install -y -qq "$2" >/dev/null
    fi
}
need hugo hugo
need hyperfine hyperfine
need jq jq
[ -x /usr/bin/time ] || need /usr/bin/time time

echo "building handbook and the corpus generator (release)…" >&2
cargo build --release --quiet --bin handbook --example corpus
HANDBOOK=$PWD/target/release/handbook
CORPUS=$PWD/target/release/examples/corpus

mkdir -p "${BENCH_DIR:=${TMPDIR:-/tmp}}"
WORK=$(mktemp -d "$BENCH_DIR/handbook-bench.XXXXXX")
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$WORK"' EXIT

median() { sort -g | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
load() { cut -d' ' -f1 /proc/loadavg; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2f", a/b; else print "-"}'; }

# Peak RSS in MB of a command (median of MEM_RUNS runs).
peak_rss() {
    for _ in $(seq "$MEM_RUNS"); do
        /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ {print $2/1024}'
    done | median
}

# Median seconds of a hyperfine run of one command.
bench() { # name runs command...
    local name=$1 runs=$2
    shift 2
    hyperfine -N --style none --warmup "$WARMUP" --runs "$runs" --export-json "$WORK/$name.json" "$*" >&2
    jq -r '.results[0] | "\(.median) \(.min)"' "$WORK/$name.json"
}

declare -A HB HU HBMIN HUMIN HBM HUM LOAD STAGE TOTAL
STAGES=()
for n in "${SIZES[@]}"; do
    site=$WORK/handbook-$n hsite=$WORK/hugo-$n
    echo "== $n pages per language: generating…" >&2
    "$CORPUS" --pages "$n" --out "$site" --hugo "$hsite" >&2
    runs=$RUNS
    [ "$n" -ge 10000 ] && runs=$RUNS_LARGE
    LOAD[$n]=$(load)
    echo "== $n: hyperfine (load $(load))" >&2
    read -r "HB[$n]" "HBMIN[$n]" < <(bench "handbook-$n" "$runs" "$HANDBOOK" --root "$site" build)
    read -r "HU[$n]" "HUMIN[$n]" < <(bench "hugo-$n" "$runs" hugo --quiet --source "$hsite")
    echo "== $n: peak memory (load $(load))" >&2
    HBM[$n]=$(peak_rss "$HANDBOOK" --root "$site" build)
    HUM[$n]=$(peak_rss hugo --quiet --source "$hsite")
    echo "== $n: --timings (load $(load))" >&2
    for i in 1 2 3; do "$HANDBOOK" --root "$site" build --timings >"$WORK/timings-$n-$i.txt"; done
    while read -r stage _; do
        [[ " ${STAGES[*]} " == *" $stage "* ]] || STAGES+=("$stage")
        STAGE[$n,$stage]=$(for i in 1 2 3; do awk -v s="$stage" '$1 == s && $3 == "ms" {print $2}' "$WORK/timings-$n-$i.txt"; done | median)
    done < <(awk '$3 == "ms" {print $1, $2}' "$WORK/timings-$n-1.txt")
    echo "== $n: $(tail -1 "$WORK/timings-$n-1.txt")" >&2
    rm -rf "$site/site" "$hsite/public"
done

first=${SIZES[0]} last=${SIZES[-1]}
echo
echo "handbook build benchmark: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(hugo version | cut -d' ' -f2 | cut -d+ -f1) hugo, runs $RUNS (${RUNS_LARGE} at >= 10000), warm cache"
echo
echo "times: median seconds (min in brackets); memory: median peak RSS in MB; load: 1-minute load average before the runs"
printf '%-7s %5s %17s %17s %6s %12s %8s %6s\n' pages load handbook_s hugo_s ratio handbook_MB hugo_MB ratio
for n in "${SIZES[@]}"; do
    printf '%-7s %5s %8.3f [%6.3f] %8.3f [%6.3f] %6s %12.0f %8.0f %6s\n' "$n" "${LOAD[$n]}" "${HB[$n]}" "${HBMIN[$n]}" "${HU[$n]}" "${HUMIN[$n]}" \
        "$(ratio "${HB[$n]}" "${HU[$n]}")" "${HBM[$n]}" "${HUM[$n]}" "$(ratio "${HBM[$n]}" "${HUM[$n]}")"
done
if [ "$first" != "$last" ]; then
    echo
    echo "time $last/$first (medians): handbook $(ratio "${HB[$last]}" "${HB[$first]}")x, hugo $(ratio "${HU[$last]}" "${HU[$first]}")x (linear: $(ratio "$last" "$first")x)"
fi
echo
printf '%-10s' "stage (ms)"
for n in "${SIZES[@]}"; do printf ' %10s' "$n"; done
[ "$first" != "$last" ] && printf ' %10s' "$last/$first"
echo
for s in "${STAGES[@]}"; do
    printf '%-10s' "$s"
    for n in "${SIZES[@]}"; do printf ' %10.1f' "${STAGE[$n,$s]:-0}"; done
    [ "$first" != "$last" ] && printf ' %10s' "$(ratio "${STAGE[$last,$s]:-0}" "${STAGE[$first,$s]:-0}")"
    echo
done
printf '%-10s' "sum"
for n in "${SIZES[@]}"; do
    TOTAL[$n]=$(for s in "${STAGES[@]}"; do echo "${STAGE[$n,$s]:-0}"; done | awk '{t += $1} END {print t}')
    printf ' %10.1f' "${TOTAL[$n]}"
done
[ "$first" != "$last" ] && printf ' %10s' "$(ratio "${TOTAL[$last]}" "${TOTAL[$first]}")"
echo
