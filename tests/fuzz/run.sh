#!/bin/sh
# run.sh SRC WORK — builds ebb's libFuzzer targets (tests/fuzz/fuzz_*.c) with
# clang, ASan and UBSan into WORK, and runs each for a bounded number of
# executions from a copy of its seed corpus (tests/fuzz/corpus/<target>/).
#
# Bounded by runs, never by wall time, so a CI run does the same amount of
# work on any machine. Exits non-zero when any target crashes, leaks, hits
# undefined behaviour or times out, naming the reproducer; exits 0 with a
# message, having done nothing, only when clang or its fuzzer runtime is
# missing (scripts/deps.sh installs both).
#
# Environment: FUZZ_RUNS (executions per target, default 20000), FUZZ_SEED
# (libFuzzer's -seed, default random: the log prints the one used), EBB
# (the ebb binary that makes the seed vault, default SRC/build/ebb),
# FUZZ_CC (the compiler, default clang; CC is left to the project build).
set -eu

if [ $# -ne 2 ]; then
	echo "usage: run.sh SRC WORK" >&2
	exit 64
fi
SRC=$(cd "$1" && pwd)
mkdir -p "$2"
WORK=$(cd "$2" && pwd)
RUNS=${FUZZ_RUNS:-20000}
CC=${FUZZ_CC:-clang}
JOBS=$(nproc 2>/dev/null || echo 2)
FUZZ_DIR=$SRC/tests/fuzz
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
CFLAGS="-std=c11 -D_GNU_SOURCE -g -O1 -Wall -Wextra -I $SRC/src/core"

case $RUNS in
'' | *[!0-9]*)
	echo "fuzz: FUZZ_RUNS must be a whole number, not '$RUNS'" >&2
	exit 64
	;;
esac

# ---- the toolchain ----------------------------------------------------------
if ! command -v "$CC" >/dev/null 2>&1; then
	echo "fuzz: skipped: $CC is not installed (scripts/deps.sh installs it)"
	exit 0
fi
mkdir -p "$WORK/probe"
printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
	'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);' \
	'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }' \
	>"$WORK/probe/probe.c"
if ! "$CC" -fsanitize=fuzzer,address,undefined "$WORK/probe/probe.c" \
	-o "$WORK/probe/probe" >"$WORK/probe/log" 2>&1; then
	echo "fuzz: skipped: $CC has no libFuzzer runtime (libclang-rt-*-dev):"
	sed 's/^/  /' "$WORK/probe/log" | head -5
	exit 0
fi

# pkg-config's answer is word-split on purpose below
DEPS_CFLAGS=$(pkg-config --cflags sqlite3 libsodium jansson libkeyutils)
DEPS_LIBS=$(pkg-config --libs sqlite3 libsodium jansson libkeyutils)

# ---- build: the core once (instrumented for coverage), then each target -----
echo "fuzz: building into $WORK with $CC ($JOBS jobs)"
rm -rf "${WORK:?}/obj" "${WORK:?}/bin"
mkdir -p "$WORK/obj" "$WORK/bin"
export CC CFLAGS SAN DEPS_CFLAGS WORK
# shellcheck disable=SC2016
if ! find "$SRC/src/core" -maxdepth 1 -name '*.c' -print0 | xargs -0 -P "$JOBS" -n 1 sh -c '
	$CC $CFLAGS -fsanitize=fuzzer-no-link $SAN $DEPS_CFLAGS -c "$1" \
		-o "$WORK/obj/$(basename "$1" .c).o"' sh; then
	echo "fuzz: FAILED: the core does not build with $CC" >&2
	exit 1
fi

TARGETS=""
for t in "$FUZZ_DIR"/fuzz_*.c; do
	name=$(basename "$t" .c)
	# shellcheck disable=SC2086
	if ! $CC $CFLAGS -fsanitize=fuzzer $SAN $DEPS_CFLAGS "$t" "$WORK"/obj/*.o \
		$DEPS_LIBS -lm -o "$WORK/bin/$name"; then
		echo "fuzz: FAILED: $name does not build" >&2
		exit 1
	fi
	TARGETS="$TARGETS $name"
done

# ---- seeds: the corpus in the tree, plus a real vault for fuzz_vault_open ---
rm -rf "${WORK:?}/corpus" "${WORK:?}/artifacts" "${WORK:?}/logs" "${WORK:?}/seedvault"
mkdir -p "$WORK/corpus" "$WORK/artifacts" "$WORK/logs"
for name in $TARGETS; do
	mkdir -p "$WORK/corpus/$name"
	if [ -d "$FUZZ_DIR/corpus/$name" ]; then
		cp "$FUZZ_DIR/corpus/$name"/* "$WORK/corpus/$name/"
	fi
done

EBB=${EBB:-$SRC/build/ebb}
if [ -x "$EBB" ]; then
	# a small vault with a profile, a check-in folded into the records and
	# one still sealed in the inbox, made in a sandbox of its own
	sv=$WORK/seedvault
	mkdir -p "$sv/home"
	printf 'fuzzing seed passphrase\n' >"$sv/pass"
	if (
		cd "$sv"
		unset EBB_VAULT EBB_NEW_PASSPHRASE_FILE XDG_DATA_HOME
		export HOME="$sv/home" TZ=UTC LC_ALL=C EBB_PASSPHRASE_FILE="$sv/pass"
		"$EBB" --vault v.ebb init --kdf interactive --left-on 2025-01-05 --name Sam &&
			"$EBB" --vault v.ebb checkin 4 --note "walked by the river" &&
			"$EBB" --vault v.ebb log &&
			"$EBB" --vault v.ebb checkin 7 --note "café"
	) </dev/null >"$sv/log" 2>&1; then
		if command -v sqlite3 >/dev/null 2>&1; then
			# the same vault in 512-byte pages: every page type in ~5 KiB
			sqlite3 "$sv/v.ebb" 'PRAGMA journal_mode=DELETE; PRAGMA page_size=512;
				VACUUM; PRAGMA journal_mode=WAL;' >/dev/null
			cp "$sv/v.ebb" "$sv/newer.ebb"
			sqlite3 "$sv/newer.ebb" 'PRAGMA user_version=99;' >/dev/null
			cp "$sv/newer.ebb" "$WORK/corpus/fuzz_vault_open/generated-newer-vault"
			sqlite3 "$sv/plain.db" 'PRAGMA page_size=512; CREATE TABLE t(x);
				INSERT INTO t VALUES (1);'
			cp "$sv/plain.db" "$WORK/corpus/fuzz_vault_open/generated-plain-sqlite"
		fi
		cp "$sv/v.ebb" "$WORK/corpus/fuzz_vault_open/generated-vault"
	else
		echo "fuzz: FAILED: could not make the seed vault with $EBB:" >&2
		sed 's/^/  /' "$sv/log" >&2
		exit 1
	fi
else
	echo "fuzz: note: no ebb binary at $EBB (set EBB): fuzz_vault_open starts" \
		"without a real vault"
fi

# ---- run ---------------------------------------------------------------------
SEED_OPT=""
if [ -n "${FUZZ_SEED:-}" ]; then
	SEED_OPT="-seed=$FUZZ_SEED"
fi
# fuzz_vault_open's scratch file, in memory when possible; a crash leaves it
EBB_FUZZ_TMPDIR=$(mktemp -d /dev/shm/ebb-fuzz.XXXXXX 2>/dev/null || mktemp -d)
trap 'rm -rf "$EBB_FUZZ_TMPDIR"' EXIT
export EBB_FUZZ_TMPDIR
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"
n=0
failed=0
for name in $TARGETS; do
	# a seed longer than -max_len would be cut short: let the largest fit
	max_len=4096
	for f in "$WORK/corpus/$name"/*; do
		[ -f "$f" ] || continue
		size=$(wc -c <"$f")
		if [ "$size" -gt "$max_len" ]; then
			max_len=$size
		fi
	done
	log=$WORK/logs/$name.log
	start=$(date +%s)
	# shellcheck disable=SC2086
	if (cd "$WORK/artifacts" && "$WORK/bin/$name" -runs="$RUNS" -max_len="$max_len" \
		-timeout=10 -artifact_prefix="$WORK/artifacts/$name-" $SEED_OPT \
		"$WORK/corpus/$name") >"$log" 2>&1; then
		echo "fuzz: $name: $RUNS runs, ok ($(($(date +%s) - start)) s," \
			"corpus $(find "$WORK/corpus/$name" -type f | wc -l) inputs)"
	else
		failed=$((failed + 1))
		echo "fuzz: $name: FAILED; log: $log" >&2
		grep -E '^==[0-9]+==ERROR|SUMMARY|runtime error|^fuzz_|ALARM|Seed:' "$log" |
			head -20 | sed 's/^/  /' >&2
		for a in "$WORK/artifacts/$name"-*; do
			[ -f "$a" ] || continue
			echo "  reproducer: $a" >&2
			echo "  rerun with: $WORK/bin/$name $a" >&2
		done
	fi
	n=$((n + 1))
done

if [ "$failed" -ne 0 ]; then
	echo "fuzz: $failed of $n targets FAILED (logs in $WORK/logs)" >&2
	exit 1
fi
echo "fuzz: $n targets, $RUNS runs each, no crash"
