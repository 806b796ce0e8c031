#!/bin/sh
# bench/run.sh — how fast ebb's everyday commands are on vaults of 1k, 10k
# and 100k records, against the floor of a bare sqlite3 insert.
#
# usage: sh bench/run.sh [BUILD_DIR]        (make bench: BUILD_DIR=build)
#
# For each size it times, as medians of repeated runs (hyperfine, else a
# date +%s%N loop), and measures peak memory (/usr/bin/time -f %M):
#   ebb unlock                  Argon2id at --kdf moderate (the default)
#   ebb checkin 5               unlocked: the key kept in the kernel keyring
#   ebb checkin 5 (locked)      sealed into the inbox
#   ebb log -n 20
#   ebb export json > /dev/null
#   sqlite3 floor               the sqlite3 CLI inserting one row with ebb's
#                               pragmas into a copy of the same vault file
# It prints a table and rewrites the part of docs/PERFORMANCE.md between
# "<!-- bench:begin -->" and "<!-- bench:end -->" (the rest is kept).
#
# Seeding goes through the public API, one transaction and fsync per record
# (about 50 s for 100k here), so seeded vaults are kept in $BENCH_CACHE
# (/tmp/ebb-bench-cache), keyed by a hash of bench/seed.c and the schema
# (src/core/store.[ch]), and copied for each run; BENCH_FRESH=1 seeds anew.
# Everything else lives in a temporary directory that is removed at the end,
# after `ebb lock` drops the keys from the keyring.
#
# Knobs: BENCH_SIZES ("1000 10000 100000"), BENCH_RUNS (30),
# BENCH_EXPORT_RUNS (10), BENCH_UNLOCK_RUNS (5), BENCH_DOC (the file to
# update; empty for none), BENCH_CACHE, BENCH_FRESH, BENCH_HYPERFINE=0 (time
# with the shell loop even when hyperfine is there).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/lib.sh"
bench_build "${1:-build}" bench-seed
seeder=$tool
sizes=${BENCH_SIZES:-1000 10000 100000}
runs=${BENCH_RUNS:-30}
export_runs=${BENCH_EXPORT_RUNS:-10}
unlock_runs=${BENCH_UNLOCK_RUNS:-5}
for k in "$runs" "$export_runs" "$unlock_runs" $sizes; do
	case $k in
	'' | *[!0-9]* | 0)
		echo "bench: '$k' is not a positive whole number (BENCH_SIZES, BENCH_*_RUNS)" >&2
		exit 2
		;;
	esac
done
blocks=5
per=$(((runs + blocks - 1) / blocks)) # runs in each block
doc=${BENCH_DOC-$root/docs/PERFORMANCE.md}
for t in sqlite3 python3 /usr/bin/time; do
	command -v "$t" >/dev/null 2>&1 || {
		echo "bench: $t is needed" >&2
		exit 2
	}
done
hyperfine=$(command -v hyperfine || true)
[ "${BENCH_HYPERFINE:-1}" = 1 ] || hyperfine=
method="hyperfine $(hyperfine --version 2>/dev/null | awk '{ print $2 }')"
[ -n "$hyperfine" ] || method='a date +%s%N loop'

work=$(mktemp -d "${TMPDIR:-/tmp}/ebb-bench.XXXXXX")
cleanup() {
	for v in "$work"/*/vault.ebb; do
		[ -f "$v" ] && "$ebb" --vault "$v" lock >/dev/null 2>&1 || true
	done
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

export HOME="$work/home" XDG_DATA_HOME="$work/home/.local/share" TZ=UTC LC_ALL=C
unset EBB_VAULT EBB_PASSPHRASE_FILE EBB_NEW_PASSPHRASE_FILE NO_COLOR
export EBB_BENCH_PASSPHRASE='bench passphrase, not a secret'
mkdir -p "$HOME"
printf '%s\n' "$EBB_BENCH_PASSPHRASE" >"$work/passphrase"
results=$work/results # lines: size key median_ms stddev_ms peak_kb min_ms
prepare=


# quote CMD...: the words as one string that hyperfine -N splits back
quote() {
	q=
	for a in "$@"; do
		q="$q '$a'"
	done
	echo "$q"
}

# sample SIZE KEY RUNS WARMUP CMD...: times RUNS runs of CMD after WARMUP
# untimed ones and adds them (ms) to the samples of KEY at SIZE; when
# $prepare is set, it runs before each run, untimed
sample() {
	m_file=$work/t.$1.$2
	m_runs=$3
	m_warm=$4
	shift 4
	if [ -n "$hyperfine" ]; then
		"$hyperfine" -N --style none --warmup "$m_warm" --runs "$m_runs" \
			${prepare:+--prepare "$prepare"} --export-json "$work/h.json" \
			-- "$(quote "$@")" >/dev/null 2>"$work/h.err" || {
			cat "$work/h.err" >&2
			exit 1
		}
		python3 -c 'import json, sys
for t in json.load(open(sys.argv[1]))["results"][0]["times"]:
    print(t * 1000)' "$work/h.json" >>"$m_file"
	else
		i=0
		while [ $i -lt $((m_warm + m_runs)) ]; do
			[ -z "$prepare" ] || sh -c "$prepare" >/dev/null
			t0=$(date +%s%N)
			"$@" >/dev/null
			t1=$(date +%s%N)
			[ $i -lt "$m_warm" ] || echo "$t0 $t1" | awk '{ print ($2 - $1) / 1e6 }' >>"$m_file"
			i=$((i + 1))
		done
	fi
}

# peak CMD...: sets kb, the peak resident memory of one run
peak() {
	[ -z "$prepare" ] || sh -c "$prepare" >/dev/null
	/usr/bin/time -f %M -o "$work/mem" "$@" >/dev/null
	kb=$(tail -n 1 "$work/mem")
}

# finish SIZE KEY CMD...: the median and σ of KEY's samples and the peak
# memory of one more run of CMD, into $results
finish() {
	f_file=$work/t.$1.$2
	f_size=$1
	f_key=$2
	shift 2
	med=$(sort -g "$f_file" | awk '{ a[NR] = $1 } END {
		print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }')
	sd=$(awk '{ s += $1; q += $1 * $1 } END { m = s / NR; v = q / NR - m * m
		print (v > 0 ? sqrt(v) : 0) }' "$f_file")
	lo=$(sort -g "$f_file" | head -n 1)
	peak "$@"
	echo "$f_size $f_key $med $sd $kb $lo" >>"$results"
	note "  $(printf '%-15s %9.2f ms  %8d KB' "$f_key" "$med" "$kb")"
}

# get SIZE KEY FIELD (3 median, 4 stddev, 5 peak, 6 min)
get() {
	awk -v n="$1" -v k="$2" -v f="$3" '$1 == n && $2 == k { print $f }' "$results"
}

# ---- seeded vaults, cached (bench/lib.sh) ------------------------------------
for n in $sizes; do
	bench_seeded "$seeder" "$n"
done

# ---- the runs ----------------------------------------------------------------
: >"$results"
load_before=$(cut -d' ' -f1 /proc/loadavg)
if [ "$(awk -v l="$load_before" 'BEGIN { print (l > 1) }')" = 1 ]; then
	note "bench: the machine is busy (load average $load_before): expect noisy numbers"
fi
# the floor: the same file, schema and pragmas; a new row sorting last, as a
# UUIDv7 does, with the size of a sealed {"intensity":5}
cat >"$work/floor.sql" <<'EOF'
PRAGMA busy_timeout = 5000;
PRAGMA journal_mode = WAL;
PRAGMA synchronous = FULL;
PRAGMA secure_delete = ON;
INSERT INTO records(id, rev, kind, at, utc_offset, deleted, body)
VALUES(CAST(X'ff' || randomblob(15) AS BLOB), 1, 'checkin', unixepoch(), 0, 0, randomblob(55));
EOF
for n in $sizes; do
	d=$work/$n
	mkdir -p "$d"
	cp "$cache/$key/vault-$n.ebb" "$d/vault.ebb"
	cp "$cache/$key/vault-$n.ebb" "$d/floor.db"
	v=$d/vault.ebb
	note "bench: $n records ($(du -k "$v" | cut -f1) KB)"

	# each run derives the key anew: the one kept by the run before is dropped
	prepare="$(quote "$ebb" --vault "$v" lock)"
	export EBB_PASSPHRASE_FILE="$work/passphrase"
	sample "$n" unlock "$unlock_runs" 1 "$ebb" --vault "$v" unlock
	finish "$n" unlock "$ebb" --vault "$v" unlock
	unset EBB_PASSPHRASE_FILE
	prepare=

	# the key stays in the keyring from the last unlock. The quick commands
	# and the floor take turns in blocks, so that a busy moment on the
	# machine does not fall on one of them only
	"$ebb" --vault "$v" --json checkin 5 | grep -q '"queued": false' || {
		note "bench: checkin did not use the kept key"
		exit 1
	}
	b=0
	while [ $b -lt "$blocks" ]; do
		sample "$n" checkin "$per" 1 "$ebb" --vault "$v" checkin 5
		sample "$n" floor "$per" 1 sqlite3 -batch "$d/floor.db" ".read $work/floor.sql"
		sample "$n" log20 "$per" 1 "$ebb" --vault "$v" log -n 20
		b=$((b + 1))
	done
	finish "$n" checkin "$ebb" --vault "$v" checkin 5
	finish "$n" log20 "$ebb" --vault "$v" log -n 20
	sample "$n" export "$export_runs" 1 "$ebb" --vault "$v" export json
	finish "$n" export "$ebb" --vault "$v" export json

	"$ebb" --vault "$v" lock >/dev/null
	"$ebb" --vault "$v" --json checkin 5 | grep -q '"queued": true' || {
		note "bench: checkin was not sealed into the inbox while locked"
		exit 1
	}
	b=0
	while [ $b -lt "$blocks" ]; do
		sample "$n" checkin_locked "$per" 1 "$ebb" --vault "$v" checkin 5
		sample "$n" floor "$per" 1 sqlite3 -batch "$d/floor.db" ".read $work/floor.sql"
		b=$((b + 1))
	done
	finish "$n" checkin_locked "$ebb" --vault "$v" checkin 5
	finish "$n" floor sqlite3 -batch "$d/floor.db" ".read $work/floor.sql"

	rm -rf "$d"
done

# ---- the report ----------------------------------------------------------------
load_after=$(cut -d' ' -f1 /proc/loadavg)
first=$(echo $sizes | awk '{ print $1 }')
last=$(echo $sizes | awk '{ print $NF }')
label() {
	case $1 in
	unlock) echo '`ebb unlock` (Argon2id moderate)' ;;
	checkin) echo '`ebb checkin 5` unlocked' ;;
	checkin_locked) echo '`ebb checkin 5` locked (inbox)' ;;
	log20) echo '`ebb log -n 20`' ;;
	export) echo '`ebb export json`' ;;
	floor) echo 'sqlite3 CLI insert (floor)' ;;
	esac
}
keys="checkin checkin_locked floor log20 export unlock"

table() { # table time|mem HEADER
	printf '| %s |' "$2"
	for n in $sizes; do printf ' %s |' "$(human "$n")"; done
	printf '\n|---|'
	for n in $sizes; do printf -- '---:|'; done
	printf '\n'
	for k in $keys; do
		printf '| %s |' "$(label "$k")"
		for n in $sizes; do
			if [ "$1" = time ]; then
				printf " %.1f ± %.1f (%.1f) |" "$(get "$n" "$k" 3)" "$(get "$n" "$k" 4)" \
					"$(get "$n" "$k" 6)"
			else
				printf " %.1f |" "$(awk -v k="$(get "$n" "$k" 5)" 'BEGIN { print k / 1024 }')"
			fi
		done
		printf '\n'
	done
}

verdict() { # verdict OK TEXT
	if [ "$1" = 1 ]; then
		printf -- '- **met**: %s\n' "$2"
	else
		printf -- '- **NOT met**: %s\n' "$2"
	fi
}
cmp_le() { awk -v a="$1" -v b="$2" 'BEGIN { print ((a <= b) ? 1 : 0) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

targets() {
	for k in checkin checkin_locked; do
		worst=0
		detail=
		for n in $sizes; do
			r=$(ratio "$(get "$n" "$k" 3)" "$(get "$n" floor 3)")
			detail="$detail $(human "$n") ${r}×,"
			[ "$(cmp_le "$r" "$worst")" = 1 ] || worst=$r
		done
		verdict "$(cmp_le "$worst" 1.5)" "$(label "$k") within 1.5× of the sqlite3 floor:${detail%,}"
		r=$(ratio "$(get "$last" "$k" 3)" "$(get "$first" "$k" 3)")
		verdict "$(cmp_le "$r" 1.3)" "$(label "$k") flat: $(human "$last")/$(human "$first") = $r (target ≤ 1.3)"
	done
	t=$(get "$last" log20 3)
	verdict "$(cmp_le "$t" 20)" "$(label log20) under 20 ms at $(human "$last"): $(printf '%.1f' "$t") ms"
	worst=0
	worst_what=
	for n in $sizes; do
		for k in $keys; do
			[ "$k" = unlock ] || [ "$k" = floor ] && continue
			m=$(get "$n" "$k" 5)
			if [ "$m" -gt "$worst" ]; then
				worst=$m
				worst_what="$(label "$k") at $(human "$n")"
			fi
		done
	done
	verdict "$(cmp_le "$worst" 16384)" "peak memory under 16 MiB except unlock: the largest is $(awk -v k="$worst" 'BEGIN { printf "%.1f", k / 1024 }') MiB ($worst_what); unlock peaks at $(awk -v k="$(get "$last" unlock 5)" 'BEGIN { printf "%.0f", k / 1024 }') MiB (Argon2id's 256 MiB)"
}

dev=$(df --output=source "$work" | tail -n 1)
fstype=$(df --output=fstype "$work" | tail -n 1)
blk=$(lsblk -no PKNAME "$dev" 2>/dev/null | head -n 1 | tr -d " " || true)
[ -n "$blk" ] || blk=$(basename "$dev")
rot=$(cat "/sys/block/$blk/queue/rotational" 2>/dev/null || echo '?')
driver=$(basename "$(readlink -f "/sys/block/$blk/device/driver" 2>/dev/null)" 2>/dev/null || true)
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
mem=$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
seeding=
for n in $sizes; do
	seeding="$seeding $(human "$n") in $(cat "$cache/$key/seed-$n.s") s,"
done

{
	echo "Measured $(date -u +%Y-%m-%d) by \`make bench\` (bench/run.sh) on ebb $("$ebb" --version | awk '{ print $2 }'),"
	echo "SQLite $(sqlite3 --version | awk '{ print $1 }'), $(uname -sr)."
	echo
	echo "- machine: $(nproc) cores, $cpu, $mem RAM"
	echo "- disk: $dev, $fstype${driver:+, driver $driver} (rotational=$rot), where the" \
		"temporary vaults live"
	echo "- load average (1 min) when the runs began and ended: $load_before, $load_after" \
		"(above 0.5 or so on $(nproc) cores, other work was competing and σ shows it)"
	echo "- method: medians of $((per * blocks)) runs ($((2 * per * blocks)) for the floor, $export_runs for export," \
		"$unlock_runs for unlock) timed with $method; check-ins, \`log\` and the floor take" \
		"turns in $blocks blocks; peak RSS of one run with \`/usr/bin/time -f %M\`"
	echo "- vaults: seeded by bench-seed through the public API (85% check-ins, 10% journal" \
		"entries of 300–1500 bytes, 5% urges, over three years), one transaction per" \
		"record:${seeding%,} (cached between runs)"
	echo "- floor: the \`sqlite3\` CLI inserting one row into \`records\` of a copy of the same" \
		"vault file, with journal_mode=WAL, synchronous=FULL, secure_delete=ON, busy_timeout"
	echo
	echo "### Time (ms: median ± σ, and the fastest run)"
	echo
	table time 'ms'
	echo
	echo "### Peak memory (MiB, max RSS)"
	echo
	table mem 'MiB'
	echo
	echo "### Targets"
	echo
	targets
} >"$work/report.md"

echo
cat "$work/report.md"

if [ -n "$doc" ]; then
	if [ -f "$doc" ] && grep -q '<!-- bench:begin -->' "$doc" && grep -q '<!-- bench:end -->' "$doc"; then
		awk -v gen="$work/report.md" '
			/<!-- bench:begin -->/ { print; while ((getline l < gen) > 0) print l; skip = 1; next }
			/<!-- bench:end -->/ { skip = 0 }
			!skip { print }' "$doc" >"$work/doc.new"
	else
		{
			echo "# Performance"
			echo
			echo "The numbers between the markers below are written by \`make bench\`."
			echo
			echo "<!-- bench:begin -->"
			cat "$work/report.md"
			echo "<!-- bench:end -->"
		} >"$work/doc.new"
	fi
	cat "$work/doc.new" >"$doc"
	note "bench: wrote $doc"
fi

# the waves and insights analyses and `ebb waves` on ten years of check-ins:
# bench/waves.sh measures them and writes its own section of the same file
sh "$root/bench/waves.sh" "$build"
