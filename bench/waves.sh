#!/bin/sh
# bench/waves.sh — how fast ebb reads ten years of check-ins: the waves and
# insights analyses alone, and `ebb waves` end to end with the key kept.
#
# usage: sh bench/waves.sh [BUILD_DIR]      (bench/run.sh calls it at its end)
#
# (a) waves-bench (bench/waves-bench.c) makes the history of `ebb demo
#     --days 3650` in memory at about 3 check-ins a day, none missed (some
#     11,000), and times ebb_waves_analyse and, separately,
#     ebb_insights_analyse: the median and the fastest of WAVES_RUNS runs.
#     Target: under 20 ms.
# (b) `waves-bench seed` writes the same history into a vault through the
#     core API; `ebb unlock` keeps its key in the kernel keyring; then
#     `ebb --vault V waves` is timed (hyperfine, else a date +%s%N loop) —
#     target under 50 ms — and `ebb insights` beside it, and `ebb waves` on
#     a vault made by `ebb demo --days 3650` itself (its natural rhythm:
#     days missed, about 2,700 check-ins). When this ebb has no `waves`
#     command yet, `insights` (else `today`) stands in, and the report says so.
#     Peak memory: /usr/bin/time -f %M of one more run. With valgrind, the
#     instructions of one more run under callgrind too: unlike time, they do
#     not move when other work shares the machine.
# It prints a report and rewrites the part of docs/PERFORMANCE.md between
# "<!-- waves:begin -->" and "<!-- waves:end -->" (appended when missing).
# The vaults live in a temporary directory, removed at the end after `ebb
# lock` has dropped their keys from the keyring.
#
# Knobs: WAVES_RUNS (51), WAVES_CLI_RUNS (30), BENCH_DOC (the file to
# update; empty for none), BENCH_HYPERFINE=0 (time with the shell loop),
# BENCH_CALLGRIND=0 (no instruction counts).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/lib.sh"
bench_build "${1:-build}" waves-bench
wb=$tool
runs=${WAVES_RUNS:-51}
cli_runs=${WAVES_CLI_RUNS:-30}
for k in "$runs" "$cli_runs"; do
	case $k in
	'' | *[!0-9]* | 0)
		echo "bench: '$k' is not a positive whole number (WAVES_RUNS, WAVES_CLI_RUNS)" >&2
		exit 2
		;;
	esac
done
doc=${BENCH_DOC-$root/docs/PERFORMANCE.md}
for t in python3 /usr/bin/time; do
	command -v "$t" >/dev/null 2>&1 || {
		echo "bench: $t is needed" >&2
		exit 2
	}
done
hyperfine=$(command -v hyperfine || true)
valgrind=$(command -v valgrind || true)
[ "${BENCH_CALLGRIND:-1}" = 1 ] || valgrind=
[ "${BENCH_HYPERFINE:-1}" = 1 ] || hyperfine=
method="hyperfine $(hyperfine --version 2>/dev/null | awk '{ print $2 }')"
[ -n "$hyperfine" ] || method='a date +%s%N loop'

work=$(mktemp -d "${TMPDIR:-/tmp}/ebb-waves-bench.XXXXXX")
cleanup() {
	for v in "$work"/*.ebb; do
		[ -f "$v" ] && "$ebb" --vault "$v" lock >/dev/null 2>&1 || true
	done
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

export HOME="$work/home" XDG_DATA_HOME="$work/home/.local/share" TZ=UTC LC_ALL=C
unset EBB_VAULT EBB_PASSPHRASE_FILE EBB_NEW_PASSPHRASE_FILE NO_COLOR
export EBB_BENCH_PASSPHRASE='ebb demo vault'
mkdir -p "$HOME"
printf '%s\n' "$EBB_BENCH_PASSPHRASE" >"$work/passphrase"
load_before=$(cut -d' ' -f1 /proc/loadavg)
if [ "$(awk -v l="$load_before" 'BEGIN { print (l > 1) }')" = 1 ]; then
	note "bench: the machine is busy (load average $load_before): expect noisy numbers"
fi

# ---- (a) the analysis alone ----------------------------------------------------
note "bench: (a) the analyses alone, $runs runs each"
"$wb" --runs "$runs" >"$work/a.txt"
cat "$work/a.txt" >&2
# field KEY NAME: the value of NAME=... on the line starting with KEY
field() { awk -v k="$1" -v n="$2" '$1 == k { for (i = 2; i <= NF; i++) {
	split($i, p, "="); if (p[1] == n) print p[2] } }' "$work/a.txt"; }
checkins=$(field history checkins)

# ---- (b) end to end ------------------------------------------------------------
cmd=waves
"$ebb" help | grep -q '^  waves ' || cmd=insights
"$ebb" help | grep -q "^  $cmd " || cmd=today
[ "$cmd" = waves ] || note "bench: this ebb has no 'waves' command yet: timing '$cmd' instead"

note "bench: (b) seeding a ten-year vault with the same history"
t0=$(date +%s%N)
"$wb" seed "$work/ten.ebb"
t1=$(date +%s%N)
seed_s=$(awk -v ns=$((t1 - t0)) 'BEGIN { printf "%.1f", ns / 1e9 }')
t0=$(date +%s%N)
"$ebb" demo --days 3650 --vault "$work/demo.ebb" >/dev/null 2>&1
t1=$(date +%s%N)
demo_s=$(awk -v ns=$((t1 - t0)) 'BEGIN { printf "%.1f", ns / 1e9 }')
demo_checkins=$(EBB_PASSPHRASE_FILE="$work/passphrase" "$ebb" --vault "$work/demo.ebb" \
	log --kind checkin --json -n 1000000 2>/dev/null |
	python3 -c 'import json, sys; print(len(json.load(sys.stdin)))')
for v in ten demo; do
	EBB_PASSPHRASE_FILE="$work/passphrase" "$ebb" --vault "$work/$v.ebb" unlock \
		>/dev/null 2>&1 || {
		note "bench: 'ebb unlock' failed (is the kernel keyring available?)"
		exit 1
	}
done

results=$work/results # lines: key median_ms stddev_ms min_ms peak_kb cpu_ms ir (or -)
: >"$results"
# time KEY CMD...: median, σ and fastest of $cli_runs runs, and peak memory
time_cmd() {
	key=$1
	shift
	"$@" >/dev/null 2>&1 || {
		note "bench: '$*' failed: was the key kept?"
		exit 1
	}
	if [ -n "$hyperfine" ]; then
		q=
		for a in "$@"; do q="$q '$a'"; done
		"$hyperfine" -N --style none --warmup 3 --runs "$cli_runs" \
			--export-json "$work/h.json" -- "$q" >/dev/null 2>"$work/h.err" || {
			cat "$work/h.err" >&2
			exit 1
		}
		python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
for t in r["times"]:
    print(t * 1000)
print("%.2f" % ((r["user"] + r["system"]) * 1000), file=open(sys.argv[2], "w"))' \
			"$work/h.json" "$work/cpu" >"$work/t"
	else
		echo - >"$work/cpu"
		: >"$work/t"
		i=0
		while [ $i -lt $((cli_runs + 3)) ]; do
			t0=$(date +%s%N)
			"$@" >/dev/null 2>&1
			t1=$(date +%s%N)
			[ $i -lt 3 ] || echo "$t0 $t1" | awk '{ print ($2 - $1) / 1e6 }' >>"$work/t"
			i=$((i + 1))
		done
	fi
	/usr/bin/time -f %M -o "$work/mem" "$@" >/dev/null 2>&1
	ir=-
	if [ -n "$valgrind" ]; then
		"$valgrind" --tool=callgrind --callgrind-out-file=/dev/null "$@" >/dev/null \
			2>"$work/cg" || true
		ir=$(awk '/Collected :/ { print $NF }' "$work/cg" | tail -n 1)
		[ -n "$ir" ] || ir=-
	fi
	sort -g "$work/t" | awk -v k="$key" -v kb="$(tail -n 1 "$work/mem")" -v cpu="$(cat "$work/cpu")" \
		-v ir="$ir" '
		{ a[NR] = $1; s += $1; q += $1 * $1 }
		END { m = NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
		      v = q / NR - (s / NR) ^ 2
		      printf "%s %.2f %.2f %.2f %d %s %s\n", k, m, (v > 0 ? sqrt(v) : 0), a[1], kb, cpu, ir }' \
		>>"$results"
	note "  $(tail -n 1 "$results")"
}
note "bench: (b) end to end, key kept, $cli_runs runs each"
time_cmd ten_cmd "$ebb" --vault "$work/ten.ebb" "$cmd"
if [ "$cmd" != insights ] && "$ebb" help | grep -q '^  insights '; then
	time_cmd ten_insights "$ebb" --vault "$work/ten.ebb" insights
fi
time_cmd demo_cmd "$ebb" --vault "$work/demo.ebb" "$cmd"
for v in ten demo; do "$ebb" --vault "$work/$v.ebb" lock >/dev/null 2>&1 || true; done

# ---- the report ------------------------------------------------------------------
load_after=$(cut -d' ' -f1 /proc/loadavg)
get() { awk -v k="$1" -v f="$2" '$1 == k { print $f }' "$results"; }
lt() { awk -v a="$1" -v b="$2" 'BEGIN { print ((a < b) ? 1 : 0) }'; }
verdict() { # verdict OK TEXT
	if [ "$1" = 1 ]; then
		printf -- '- **met**: %s\n' "$2"
	else
		printf -- '- **NOT met**: %s\n' "$2"
	fi
}
wa=$(field waves_analyse median_ms)
wa_min=$(field waves_analyse min_ms)
wa_cpu=$(field waves_analyse cpu_median_ms)
ia=$(field insights_analyse median_ms)
ia_min=$(field insights_analyse min_ms)
ia_cpu=$(field insights_analyse cpu_median_ms)
sum() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a + b }'; }
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
mem=$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
mega() { [ "$1" = - ] && echo - || awk -v n="$1" 'BEGIN { printf "%.0f", n / 1e6 }'; }
row() { # row KEY LABEL
	[ -n "$(get "$1" 2)" ] || return 0
	printf '| %s | %.1f ± %.1f | %.1f | %s | %s | %s |\n' "$2" "$(get "$1" 2)" "$(get "$1" 3)" \
		"$(get "$1" 4)" "$(get "$1" 6)" "$(mib "$(get "$1" 5)")" "$(mega "$(get "$1" 7)")"
}
cpu1() { [ "$1" = - ] && echo - || printf '%.1f' "$1"; }
# target TEXT WALL CPU LIMIT: a verdict on the median wall-clock time, with
# the CPU time beside it (when other work competes, CPU time tells more)
target() {
	if [ "$(lt "$2" "$4")" = 1 ]; then
		verdict 1 "$1 under $4 ms: $(printf '%.1f' "$2") ms (median; CPU $(cpu1 "$3") ms)"
	elif [ "$3" != - ] && [ "$(lt "$3" "$4")" = 1 ]; then
		verdict 0 "$1 under $4 ms: $(printf '%.1f' "$2") ms (median), though its CPU time is $(cpu1 "$3") ms: the machine was busy; measure again on a quiet one"
	else
		verdict 0 "$1 under $4 ms: $(printf '%.1f' "$2") ms (median; CPU $(cpu1 "$3") ms)"
	fi
}
{
	echo "Measured $(date -u +%Y-%m-%d) by \`bench/waves.sh\` on ebb $("$ebb" --version | awk '{ print $2 }'), $(uname -sr)."
	echo
	echo "- machine: $(nproc) cores, $cpu, $mem RAM"
	echo "- load average (1 min) when the runs began and ended: $load_before, $load_after" \
		"(above 0.5 or so on $(nproc) cores, other work was competing)"
	echo "- history: \`ebb demo\`'s generator, 3650 days at about 3 check-ins a day, none" \
		"missed: $(field history checkins) check-ins, $(field history urges) urges," \
		"$(field history signs) ratings of the signs, $(field history contacts) contacts," \
		"$(field history dates) hard dates; $(field waves n_waves) waves found"
	echo "- (a) in memory, $runs runs of each call after one untimed run (waves-bench)"
	echo "- (b) $cli_runs runs of a fresh process after 3 warm-up runs, timed with $method;" \
		"the key kept in the kernel keyring by \`ebb unlock\`; peak RSS of one more run" \
		"(\`/usr/bin/time -f %M\`)$([ -n "$valgrind" ] && printf '%s' "; instructions of one more run under \`valgrind --tool=callgrind\`, which other work on the machine does not change"). The ten-year vault was seeded in $seed_s s" \
		"(waves-bench seed, one transaction); \`ebb demo --days 3650\` took $demo_s s" \
		"and holds $demo_checkins check-ins"
	[ "$cmd" = waves ] || echo "- this ebb has no \`ebb waves\` yet: \`ebb $cmd\` was timed in its place"
	echo
	echo "### (a) The analysis alone"
	echo
	echo '| call | median ms | fastest ms | CPU ms (median) |'
	echo '|---|---:|---:|---:|'
	printf '| `ebb_waves_analyse` (%s check-ins) | %.2f | %.2f | %.2f |\n' "$checkins" "$wa" \
		"$wa_min" "$wa_cpu"
	printf '| `ebb_insights_analyse` (given the waves) | %.2f | %.2f | %.2f |\n' "$ia" "$ia_min" \
		"$ia_cpu"
	printf '| both | %.2f | %.2f | %.2f |\n' "$(sum "$wa" "$ia")" "$(sum "$wa_min" "$ia_min")" \
		"$(sum "$wa_cpu" "$ia_cpu")"
	echo
	echo "### (b) End to end, key kept"
	echo
	echo '| command | ms: median ± σ | fastest ms | CPU ms (user+sys, mean) | peak MiB | instructions (M) |'
	echo '|---|---:|---:|---:|---:|---:|'
	row ten_cmd "\`ebb $cmd\`, ten years ($checkins check-ins)"
	row ten_insights "\`ebb insights\`, ten years ($checkins check-ins)"
	row demo_cmd "\`ebb $cmd\`, \`ebb demo --days 3650\` ($demo_checkins check-ins)"
	echo
	echo "### Against the targets"
	echo
	target "the waves analysis of ten years" "$wa" "$wa_cpu" 20
	target "the insights analysis of ten years" "$ia" "$ia_cpu" 20
	target "both analyses together" "$(sum "$wa" "$ia")" "$(sum "$wa_cpu" "$ia_cpu")" 20
	target "\`ebb $cmd\` on ten years with the key kept" "$(get ten_cmd 2)" "$(get ten_cmd 6)" 50
} >"$work/report.md"

echo
cat "$work/report.md"

if [ -n "$doc" ]; then
	if [ -f "$doc" ] && grep -q '<!-- waves:begin -->' "$doc" && grep -q '<!-- waves:end -->' "$doc"; then
		awk -v gen="$work/report.md" '
			/<!-- waves:begin -->/ { print; while ((getline l < gen) > 0) print l; skip = 1; next }
			/<!-- waves:end -->/ { skip = 0 }
			!skip { print }' "$doc" >"$work/doc.new"
	else
		{
			[ -f "$doc" ] && cat "$doc" && echo
			echo "## Waves and insights on ten years"
			echo
			echo "The numbers between the markers below are written by \`bench/waves.sh\`."
			echo
			echo "<!-- waves:begin -->"
			cat "$work/report.md"
			echo "<!-- waves:end -->"
		} >"$work/doc.new"
	fi
	cat "$work/doc.new" >"$doc"
	note "bench: wrote $doc"
fi
