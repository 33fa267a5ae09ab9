#!/usr/bin/env bash
# spectrack against what a user would do instead, and every command against `pending
# --format json`, on synthetic catalogues (issues 6 and 10).
#
#   bench/compare.sh [SIZES...]          # default: 1000 10000 100000 specs
#
# Three parts (PART=reference, PART=commands, PART=forms, or all three, the default):
#
# reference: for each size, generates the catalogue (examples/gencat.rs), converts it to JSON once for
# jq (untimed), checks that spectrack, bench/pending.py and bench/pending.jq give the same
# answer (parsed JSON compared), then prints the median wall time of each, its ratio to
# spectrack (the median of the ratios of its runs to a run of spectrack made just before
# each), the peak memory (maximum resident set) and peak memory / file size. The floors:
# `wc -c` (a process that only looks the size up) and `wc -l` (one that reads every byte
# once).
#
# commands: for each size, on the generator's catalogue and on one with about 15 warnings
# in 100 specs (`gencat --warnings`), times every command (check, list and pending in every
# format, status, show, events in every format, event and scorecard where the build has
# them, log in every format, slips, diff, export html, record, add, fmt) and prints its
# median CPU time (user + system, bench/measure.py: steadier than wall time on shared
# cores) and wall time, its CPU time's ratio to `pending --format json` (the median of the
# ratios of its runs to a run of `pending` made just before each), its peak
# memory and peak memory / file size; then each command's growth from the smallest size to
# the largest (10k to 100k with the defaults below: the median of the growths of its runs at
# the largest size, each made right after a run at the smallest). Commands that write run on
# a fresh copy each time (the copy is not timed).
#
# forms: at the largest size, the same catalogue in every form of TOML the reader takes
# (`gencat --form`: each table's keys in reverse order, inline tables, dotted keys, multi-line
# strings, one unknown key) beside the plain one: a read command of each kind, `record`, `fmt
# --check` and `fmt`, each with its CPU time and peak memory as a ratio to the plain form's
# (issue 10: within 1.5x; the CPU ratio is the median of runs each made right after one on
# the plain form). `fmt` rewrites nothing of the plain form, which is canonical, and every
# record of the others; so its time and peak on each form are also given as a ratio to the
# unordered form's (the CPU ratio paired the same way), plain TOML that it rewrites
# everywhere.
#
# Environment:
#   SPECTRACK_ARGS  the spectrack command timed (default: "pending --format json"); e.g.
#                   SPECTRACK_ARGS="check" to time the loader alone. The answers are compared
#                   only when it prints JSON.
#   RUNS            timed runs per command (default: 10, or 5 at 100000 specs and more)
#   CMD_RUNS        timed runs per command in the commands and forms parts (default: 3; one
#                   run at 100k moves by 10% on a shared host, more than the margins of some
#                   targets, so each figure is a median)
#   CMD_SIZES       sizes of the commands part (default: 10000 100000, or SIZES if given)
#   SEED            generator seed (default 1)
#   WORK            folder for catalogues and results (default: target/bench)
#   BIN             the spectrack binary timed (default: the release build), e.g. an older
#                   build kept to compare before and after
#
# Times and peaks come from bench/measure.py, which needs GNU time at /usr/bin/time
# (apt-get install time). Not part of `cargo test` or CI.
set -euo pipefail

cd "$(dirname "$0")/.."
SPECTRACK_ARGS=${SPECTRACK_ARGS:-"pending --format json"}
SEED=${SEED:-1}
WORK=${WORK:-target/bench}
TODAY=2026-11-21
PART=${PART:-all}
SIZES=("$@")
if [ ${#SIZES[@]} -gt 0 ]; then
    read -r -a CMD_SIZES <<<"${CMD_SIZES:-${SIZES[*]}}"
else
    SIZES=(1000 10000 100000)
    read -r -a CMD_SIZES <<<"${CMD_SIZES:-10000 100000}"
fi

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

# The reference part's timings: $1 runs of each command given after it (one string each; the
# first is spectrack's), by wall time (bench/measure.py). Each run of another command comes
# right after a run of spectrack, and its ratio is to that run: the host's speed moves by up
# to half within minutes, and blocks of runs timed one after another (a minute and a half of
# Python at 100k) would compare the tools on different hosts. spectrack's own figures are of
# all its runs. One untimed run of each first. Prints a line per command: median ms, median
# ratio to spectrack, peak KiB.
time_reference() {
    local runs=$1; shift
    local commands=("$@") i r w c k sw sc sk
    local -a walls ratios peaks
    for i in "${!commands[@]}"; do
        # shellcheck disable=SC2086 # each command is a plain word list
        ${commands[$i]} >/dev/null 2>&1 || true
        walls[i]="" ratios[i]="" peaks[i]=0
    done
    for r in $(seq "$runs"); do
        for i in "${!commands[@]}"; do
            [ "$i" = 0 ] && continue
            # shellcheck disable=SC2086
            read -r sw sc sk < <(python3 bench/measure.py ${commands[0]})
            # shellcheck disable=SC2086
            read -r w c k < <(python3 bench/measure.py ${commands[$i]})
            walls[0]+="$sw "
            walls[i]+="$w "
            ratios[i]+="$(echo "$w / $sw" | bc -l) "
            [ "$sk" -gt "${peaks[0]}" ] && peaks[0]=$sk
            [ "$k" -gt "${peaks[i]}" ] && peaks[i]=$k
            : "$r" "$c" "$sc"
        done
    done
    ratios[0]="1"
    for i in "${!commands[@]}"; do
        echo "$(tr ' ' '\n' <<<"${walls[i]}" | grep . | median)" \
            "$(tr ' ' '\n' <<<"${ratios[i]}" | grep . | median)" "${peaks[i]}"
    done
}

# shellcheck disable=SC2206 # the spectrack command is split on spaces on purpose
ARGS=($SPECTRACK_ARGS)

# The catalogue of `n` specs ($2: "plain" or "warnings"), made once while the generator is
# unchanged; prints its path.
catalogue() {
    local n=$1 kind=$2 path
    path="$WORK/cat-$n-$SEED.toml"
    [ "$kind" = plain ] || path="$WORK/cat-$n-$SEED-warnings.toml"
    if [ ! -s "$path" ] || [ "$GEN" -nt "$path" ]; then
        if [ "$kind" = plain ]; then
            "$GEN" "$n" --seed "$SEED" >"$path"
        else
            "$GEN" "$n" --seed "$SEED" --warnings >"$path"
        fi
    fi
    echo "$path"
}

reference() {
printf 'spectrack %s, as of %s, seed %s; %s cores\n' "$SPECTRACK_ARGS" "$TODAY" "$SEED" "$(nproc)"
for n in "${SIZES[@]}"; do
    toml=$(catalogue "$n" plain)
    json="$WORK/cat-$n-$SEED.json"
    if [ ! -s "$json" ] || [ "$toml" -nt "$json" ]; then
        python3 bench/tojson.py "$toml" >"$json"
    fi
    bytes=$(wc -c <"$toml")
    runs=${RUNS:-$([ "$n" -ge 100000 ] && echo 5 || echo 10)}

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
    i=0
    while read -r ms ratio kib; do
        printf '%-10s %12s %10.2f %12.1f %10.2f\n' "${names[$i]}" "$ms" "$ratio" \
            "$(echo "$kib / 1024" | bc -l)" "$(echo "$kib * 1024 / $bytes" | bc -l)"
        i=$((i + 1))
    done < <(time_reference "$runs" "${commands[@]}")
done
}

# Median CPU milliseconds, median wall milliseconds and peak KiB of `runs` runs of the
# spectrack command in "$@" on the catalogue `toml` (bench/measure.py times each run; a
# command that writes, $3 = write, runs on a fresh copy each time), each run right after a
# run of `pending --format json` on the same catalogue (unless NO_PENDING is set): also
# prints the median of the runs' CPU
# ratios to it, which a load that changes over minutes (a shared host) moves far less than a
# ratio of medians taken minutes apart. With BASE_TOML and BASE_ARGS set (the same command
# on the smallest catalogue, or on the plain form), each run also comes right after a run of
# that one, and the median of the runs' CPU ratios to it is printed next: paired the same
# way, for the same reason; and the same again after it with BASE2_TOML and BASE2_ARGS (a
# second base: `fmt` on the unordered form). A ratio not asked for prints as `-`.
time_paired() {
    local runs=$1 toml=$2 mode=$3; shift 3
    local catalog=$toml cpu=() wall=() ratio=() kib=0 w c k i n
    local pw="" pc="" pk="" bw="" bc="" bk=""
    local -a bases=() base_args=() base_cpu=() grew=("" "")
    [ -n "${BASE_TOML:-}" ] && bases[0]=$BASE_TOML base_args[0]=${BASE_ARGS:-}
    [ -n "${BASE2_TOML:-}" ] && bases[1]=$BASE2_TOML base_args[1]=${BASE2_ARGS:-}
    [ "$mode" = write ] && catalog="$WORK/scratch.toml"
    for i in $(seq "$runs"); do
        for n in "${!bases[@]}"; do
            local base=${bases[$n]}
            if [ "$mode" = write ]; then
                cp "$base" "$WORK/scratch-base.toml"
                base="$WORK/scratch-base.toml"
            fi
            # shellcheck disable=SC2086 # the arguments are a plain word list
            read -r bw bc bk < <(python3 bench/measure.py "$BIN" --today "$TODAY" --catalog "$base" ${base_args[$n]})
            base_cpu[n]=$bc
        done
        if [ -z "${NO_PENDING:-}" ]; then
            read -r pw pc pk < <(python3 bench/measure.py "$BIN" --today "$TODAY" --catalog "$toml" pending --format json)
        fi
        [ "$mode" = write ] && cp "$toml" "$catalog"
        read -r w c k < <(python3 bench/measure.py "$BIN" --today "$TODAY" --catalog "$catalog" "$@")
        wall+=("$w")
        cpu+=("$c")
        [ -z "${NO_PENDING:-}" ] && ratio+=("$(echo "$c / $pc" | bc -l)")
        for n in "${!bases[@]}"; do
            grew[n]+="$(echo "$c / ${base_cpu[$n]}" | bc -l) "
        done
        [ "$k" -gt "$kib" ] && kib=$k
        : "$i" "$pw" "$pk" "$bw" "$bk"
    done
    local r="-" g=("-" "-")
    [ ${#ratio[@]} -gt 0 ] && r=$(printf '%s\n' "${ratio[@]}" | median)
    for n in "${!bases[@]}"; do
        g[n]=$(tr ' ' '\n' <<<"${grew[n]}" | grep . | median)
    done
    echo "$(printf '%s\n' "${cpu[@]}" | median) $(printf '%s\n' "${wall[@]}" | median) $kib $r ${g[0]} ${g[1]}"
}

# The commands timed: "read|write<TAB>arguments" ($SPEC, $EVENT and $OLD filled in).
command_list() {
    local f
    echo "read	pending --format json"
    echo "read	check"
    for f in table json csv markdown; do
        echo "read	list --format $f"
        [ "$f" = json ] || echo "read	pending --format $f"
    done
    for f in table json csv markdown; do echo "read	status $SPEC --format $f"; done
    for f in table json; do echo "read	show $SPEC --format $f"; done
    for f in table json csv markdown ics; do echo "read	events --format $f"; done
    if "$BIN" event --help >/dev/null 2>&1; then
        for f in table json; do echo "read	event $EVENT --format $f"; done
    fi
    if "$BIN" scorecard --help >/dev/null 2>&1; then
        for f in table json; do echo "read	scorecard --format $f"; done
    fi
    for f in table json csv markdown atom; do echo "read	log --format $f"; done
    echo "read	log $SPEC"
    for f in table json; do echo "read	slips --format $f"; done
    for f in table json; do echo "read	diff $OLD --format $f"; done
    echo "read	export --format html"
    echo "write	record $SPEC --date $TODAY --note bench"
    echo "write	add source bench-source --title Bench --publisher Bench --date $TODAY"
    echo "read	fmt --check"
    echo "write	fmt"
}

commands() {
    declare -A grown
    local n kind toml bytes mode args ms wall kib ratio growth runs warnings i
    local first="${CMD_SIZES[0]}" last="${CMD_SIZES[-1]}" small_toml list=() small_list=()
    printf '\nevery command, as of %s, seed %s; %s cores\n' "$TODAY" "$SEED" "$(nproc)"
    for kind in plain warnings; do
        for n in "${CMD_SIZES[@]}"; do
            toml=$(catalogue "$n" "$kind")
            bytes=$(wc -c <"$toml")
            SPEC=$(grep -m 1 -A 1 '^\[\[spec\]\]' "$toml" | sed -n '2s/^id = "\(.*\)"/\1/p')
            EVENT=$(grep -m 1 -A 1 '^\[\[event\]\]' "$toml" | sed -n '2s/^id = "\(.*\)"/\1/p')
            # diff: against the catalogue with one more history entry.
            OLD="$WORK/old-$n-$kind.toml"
            cp "$toml" "$OLD"
            "$BIN" --today "$TODAY" --catalog "$OLD" record "$SPEC" --date "$TODAY" --state published --source "$(grep -m 1 -A 1 '^\[\[source\]\]' "$toml" | sed -n '2s/^id = "\(.*\)"/\1/p')" >/dev/null 2>&1 || true
            warnings=$("$BIN" --today "$TODAY" --catalog "$toml" check 2>&1 | tail -n 1 | grep -o '[0-9]* warnings' || echo "0 warnings")
            runs=${CMD_RUNS:-3}
            printf '\n%s specs, %s catalogue (%s), %s bytes (%.1f MiB); median of %s runs\n' "$n" "$kind" "$warnings" "$bytes" "$(echo "$bytes / 1048576" | bc -l)" "$runs"
            printf '%-48s %8s %8s %9s %9s %9s\n' command "CPU ms" "wall ms" "x pending" "peak MiB" "peak/file"
            mapfile -t list < <(command_list)
            if [ "$n" = "$first" ]; then
                small_toml=$toml
                small_list=("${list[@]}")
            fi
            for i in "${!list[@]}"; do
                IFS=$'\t' read -r mode args <<<"${list[$i]}"
                # At the largest size, each run is paired with one at the smallest too.
                BASE_TOML="" BASE_ARGS=""
                if [ "$n" = "$last" ] && [ "$first" != "$last" ]; then
                    BASE_TOML=$small_toml
                    BASE_ARGS=${small_list[$i]#*$'\t'}
                fi
                # shellcheck disable=SC2086 # the arguments are a plain word list
                read -r ms wall kib ratio growth _ < <(time_paired "$runs" "$toml" "$mode" $args)
                printf '%-48s %8s %8s %9.2f %9.1f %9.2f\n' "$(shape_of "$args")" "$ms" "$wall" \
                    "$ratio" "$(echo "$kib / 1024" | bc -l)" \
                    "$(echo "$kib * 1024 / $bytes" | bc -l)"
                [ "$growth" != - ] && grown["$kind $(shape_of "$args")"]=$growth
            done
        done
    done
    [ "$first" != "$last" ] || return 0
    printf '\ngrowth from %s to %s specs (CPU time at %s / CPU time at %s, the median of runs each\n' "$first" "$last" "$last" "$first"
    printf 'made right after one at %s)\n' "$first"
    printf '%-48s %10s %10s\n' command plain warnings
    for i in "${!list[@]}"; do
        local key
        key=$(shape_of "${list[$i]#*$'\t'}")
        printf '%-48s %10s %10s\n' "$key" "$(printf '%.1fx' "${grown["plain $key"]:-0}")" \
            "$(printf '%.1fx' "${grown["warnings $key"]:-0}")"
    done
}

# A command's arguments with the spec, event and old-catalogue names taken out.
shape_of() {
    sed -E -e "s|$WORK/old-[^ ]*|OLD|g" -e 's#^(status|show|record|event|log) [a-z0-9][a-z0-9-]*#\1 ID#' <<<"$1"
}

# The catalogue of `n` specs in `form` (as `gencat --form` writes it), made once while the
# generator is unchanged; prints its path.
form_catalogue() {
    local n=$1 form=$2 path
    [ "$form" = plain ] && { catalogue "$n" plain; return; }
    path="$WORK/cat-$n-$SEED-$form.toml"
    if [ ! -s "$path" ] || [ "$GEN" -nt "$path" ]; then
        "$GEN" "$n" --seed "$SEED" --form "$form" >"$path"
    fi
    echo "$path"
}

# The commands timed on every form ($SPEC filled in).
form_commands() {
    local f
    for f in "pending --format json" check "list --format json" "events --format json" \
        "log --format json" "export --format html"; do
        echo "read	$f"
    done
    echo "write	record $SPEC --date $TODAY --note bench"
    echo "read	fmt --check"
    echo "write	fmt"
}

forms() {
    declare -A base_kib rewrite_kib
    local n="${CMD_SIZES[-1]}" form toml bytes plain_bytes plain_toml mode args ms wall kib x_plain x_rewrite runs status probe
    runs=${CMD_RUNS:-3}
    # The spec is the same in every form (one seed); its id is read off the plain one.
    toml=$(form_catalogue "$n" plain)
    plain_toml=$toml
    plain_bytes=$(wc -c <"$toml")
    SPEC=$(grep -m 1 -A 1 '^\[\[spec\]\]' "$toml" | sed -n '2s/^id = "\(.*\)"/\1/p')
    printf '\nother forms of TOML, %s specs, as of %s, seed %s; median of %s runs\n' "$n" "$TODAY" "$SEED" "$runs"
    for form in plain unordered inline dotted multiline unknown-key; do
        toml=$(form_catalogue "$n" "$form")
        bytes=$(wc -c <"$toml")
        printf '\n%s form, %s bytes (%.2fx the plain file)\n' "$form" "$bytes" "$(echo "$bytes / $plain_bytes" | bc -l)"
        printf '%-40s %8s %9s %9s %9s %9s %s\n' command "CPU ms" "x plain" "peak MiB" "x plain" "peak/file" \
            "(fmt: CPU, peak x unordered)"
        while IFS=$'\t' read -r mode args; do
            # A command that cannot run on this form (exit 2: `record` into an inline array,
            # anything on a catalogue with an unknown key) is not timed: its time is a refusal's.
            probe=$toml
            if [ "$mode" = write ]; then
                probe="$WORK/scratch.toml"
                cp "$toml" "$probe"
            fi
            # shellcheck disable=SC2086
            "$BIN" --today "$TODAY" --catalog "$probe" $args >/dev/null 2>&1 && status=0 || status=$?
            if [ "$status" -eq 2 ]; then
                printf '%-40s refused (exit 2), not timed\n' "$(shape_of "$args")"
                continue
            fi
            # Each run on another form right after one on the plain form: the ratio of CPU
            # times is the median of the pairs'. `fmt` on a form other than those two also
            # right after one on the unordered form, the same rewrite of plain TOML.
            BASE_TOML="" BASE_ARGS="" BASE2_TOML="" BASE2_ARGS=""
            [ "$form" = plain ] || { BASE_TOML=$plain_toml; BASE_ARGS=$args; }
            case "$form:$args" in
                plain:* | unordered:*) ;;
                *:fmt*) BASE2_TOML=$(form_catalogue "$n" unordered) BASE2_ARGS=$args ;;
            esac
            # shellcheck disable=SC2086 # the arguments are a plain word list
            read -r ms wall kib _ x_plain x_rewrite < <(BASE_TOML=$BASE_TOML BASE_ARGS=$BASE_ARGS \
                BASE2_TOML=$BASE2_TOML BASE2_ARGS=$BASE2_ARGS NO_PENDING=1 time_paired "$runs" "$toml" "$mode" $args)
            if [ "$form" = plain ]; then
                base_kib["$args"]=$kib
                x_plain=1
            elif [ "$form" = unordered ]; then
                rewrite_kib["$args"]=$kib
            fi
            printf '%-40s %8s %9.2f %9.1f %9.2f %9.2f' "$(shape_of "$args")" "$ms" \
                "$x_plain" "$(echo "$kib / 1024" | bc -l)" \
                "$(echo "$kib / ${base_kib[$args]}" | bc -l)" "$(echo "$kib * 1024 / $bytes" | bc -l)"
            if [ -n "$BASE2_TOML" ]; then
                printf ' %9.2f %9.2f\n' "$x_rewrite" "$(echo "$kib / ${rewrite_kib[$args]}" | bc -l)"
            else
                echo
            fi
            : "$wall"
        done < <(form_commands)
    done
}

case "$PART" in
    reference) reference ;;
    commands) commands ;;
    forms) forms ;;
    all) reference; commands; forms ;;
    *) echo "compare.sh: PART is reference, commands, forms or all" >&2; exit 2 ;;
esac
