#!/usr/bin/env bash
# spectrack against what a user would do instead, on synthetic catalogues (issue 6).
#
#   bench/compare.sh [SIZES...]          # default: 1000 10000 100000 specs
#
# For each size: generates the catalogue (examples/gencat.rs), converts it to JSON once for
# jq (untimed), checks that spectrack, bench/pending.py and bench/pending.jq give the same
# answer (parsed JSON compared), then prints the median wall time of each, its ratio to
# spectrack, the peak memory (maximum resident set) and peak memory / file size. The
# floors: `wc -c` (a process that only looks the size up) and `wc -l` (one that reads
# every byte once).
#
# Environment:
#   SPECTRACK_ARGS  the spectrack command timed (default: "pending --format json"); e.g.
#                   SPECTRACK_ARGS="check" to time the loader alone. The answers are compared
#                   only when it prints JSON.
#   RUNS            timed runs per command (default: 10, or 3 at 100000 specs and more)
#   SEED            generator seed (default 1)
#   WORK            folder for catalogues and results (default: target/bench)
#   BIN             the spectrack binary timed (default: the release build), e.g. an older
#                   build kept to compare before and after
#   HYPERFINE       the hyperfine to use (default: hyperfine; "none" for the shell loop)
#
# Uses hyperfine when installed (apt-get install hyperfine), else a shell loop; peak memory
# needs GNU time at /usr/bin/time (apt-get install time). Not part of `cargo test` or CI.
set -euo pipefail

cd "$(dirname "$0")/.."
SPECTRACK_ARGS=${SPECTRACK_ARGS:-"pending --format json"}
SEED=${SEED:-1}
WORK=${WORK:-target/bench}
HYPERFINE=${HYPERFINE:-hyperfine}
TODAY=2026-11-21
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1000 10000 100000)

for tool in python3 jq /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "compare.sh: $tool is needed" >&2; exit 2; }
done
python3 -c 'import tomllib' 2>/dev/null || { echo "compare.sh: Python 3.11+ is needed" >&2; exit 2; }

mkdir -p "$WORK"
cargo build --quiet --release --bin spectrack --example gencat
BIN=${BIN:-target/release/spectrack}
GEN=target/release/examples/gencat

# The median of numbers on stdin.
median() { sort -g | awk '{ v[NR] = $1 } END { m = int((NR + 1) / 2); print (NR % 2) ? v[m] : (v[m] + v[m + 1]) / 2 }'; }

# Median wall time in milliseconds of the command in "$@" (output discarded).
time_ms() {
    local runs=$1; shift
    if command -v "$HYPERFINE" >/dev/null; then
        "$HYPERFINE" --style none --warmup 1 --runs "$runs" -N --output null \
            --export-json "$WORK/hyperfine.json" "$*" >/dev/null 2>&1
        python3 -c 'import json, sys; print(round(json.load(open(sys.argv[1]))["results"][0]["median"] * 1000, 2))' \
            "$WORK/hyperfine.json"
    else
        "$@" >/dev/null 2>&1 || true
        for _ in $(seq "$runs"); do
            local start end
            start=$(date +%s%N)
            "$@" >/dev/null 2>&1 || true
            end=$(date +%s%N)
            echo "scale=2; ($end - $start) / 1000000" | bc
        done | median
    fi
}

# Peak resident memory in KiB of one run of the command in "$@".
peak_kib() {
    /usr/bin/time -f '%M' -o "$WORK/time.txt" "$@" >/dev/null 2>&1 || true
    tail -n 1 "$WORK/time.txt"
}

# shellcheck disable=SC2206 # the spectrack command is split on spaces on purpose
ARGS=($SPECTRACK_ARGS)

printf 'spectrack %s, as of %s, seed %s; %s cores\n' "$SPECTRACK_ARGS" "$TODAY" "$SEED" "$(nproc)"
for n in "${SIZES[@]}"; do
    toml="$WORK/cat-$n-$SEED.toml"
    json="$WORK/cat-$n-$SEED.json"
    if [ ! -s "$toml" ] || [ "$GEN" -nt "$toml" ]; then
        "$GEN" "$n" --seed "$SEED" >"$toml"
        python3 bench/tojson.py "$toml" >"$json"
    fi
    bytes=$(wc -c <"$toml")
    runs=${RUNS:-$([ "$n" -ge 100000 ] && echo 3 || echo 10)}

    names=(spectrack python jq "wc -c" "wc -l")
    commands=(
        "$BIN --today $TODAY --catalog $toml ${ARGS[*]}"
        "python3 bench/pending.py $toml --today $TODAY"
        "jq --arg today $TODAY -f bench/pending.jq $json"
        "wc -c $toml"
        "wc -l $toml"
    )

    # The same answer from each, or no timing at all.
    $BIN --today $TODAY --catalog "$toml" "${ARGS[@]}" >"$WORK/out-spectrack.json" || true
    python3 bench/pending.py "$toml" --today $TODAY >"$WORK/out-python.json"
    jq --arg today $TODAY -f bench/pending.jq "$json" >"$WORK/out-jq.json"
    agreement=$(python3 - "$WORK" <<'EOF'
import json, sys
work = sys.argv[1]
def load(name):
    try:
        with open(f"{work}/out-{name}.json") as f:
            return json.load(f)
    except ValueError:
        return None
python, jq, spectrack = load("python"), load("jq"), load("spectrack")
if python != jq:
    print("DIFFER: python and jq")
    sys.exit(1)
if spectrack is None:
    print(f"{len(python)} pending (spectrack printed no JSON: answers not compared)")
elif spectrack != python:
    print("DIFFER: spectrack and python")
    sys.exit(1)
else:
    print(f"{len(python)} pending, the same answer from all three")
EOF
    ) || { echo "$n specs: $agreement; outputs in $WORK/out-*.json" >&2; exit 1; }

    printf '\n%s specs, %s bytes (%.1f MiB): %s\n' "$n" "$bytes" "$(echo "$bytes / 1048576" | bc -l)" "$agreement"
    printf '%-10s %12s %10s %12s %10s\n' tool "median ms" "x spectrack" "peak MiB" "peak/file"
    base=""
    for i in "${!names[@]}"; do
        # shellcheck disable=SC2086 # each command is a plain word list
        ms=$(time_ms "$runs" ${commands[$i]})
        # shellcheck disable=SC2086
        kib=$(peak_kib ${commands[$i]})
        [ -n "$base" ] || base=$ms
        printf '%-10s %12s %10.2f %12.1f %10.2f\n' "${names[$i]}" "$ms" \
            "$(echo "$ms / $base" | bc -l)" "$(echo "$kib / 1024" | bc -l)" \
            "$(echo "$kib * 1024 / $bytes" | bc -l)"
    done
done
