#!/bin/sh
# crash.sh — kill -9 a vault writer at random moments and check that nothing
# it was told is saved went missing.
#
# usage: crash.sh CRASH-WRITER EBB     (CRASH_ROUNDS=30 rounds by default)
#
# Each round starts crash-writer (see crash-writer.c), which writes check-ins
# through the core API (unlocked and locked, folds, updates, now and then a
# passphrase change) and logs each acknowledged write with write()+fsync().
# After 10-300 ms it is killed with SIGKILL; then:
#   1. sqlite3's PRAGMA integrity_check must say ok;
#   2. crash-writer verify must unlock the vault with the current passphrase,
#      fold the inbox, and find every acknowledged record with its body;
#   3. `ebb log -n 1000000 --json` must read every record (all decrypt) and
#      list as many as the vault holds.
# One vault lives through all the rounds, so damage would accumulate. Exits
# non-zero on the first loss, naming the round and the writer's seed
# (crash-writer write VAULT LOG SEED replays a writer's choices).
set -u

if [ $# -ne 2 ]; then
	echo "usage: crash.sh CRASH-WRITER EBB" >&2
	exit 2
fi
writer=$1
ebb=$2
rounds=${CRASH_ROUNDS:-30}
case $rounds in
'' | *[!0-9]*)
	echo "crash: CRASH_ROUNDS must be a number" >&2
	exit 2
	;;
esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ebb-crash.XXXXXX") || exit 2
pid=
cleanup() {
	if [ -n "$pid" ]; then
		kill -9 "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# a sandbox: nothing reaches the person's own vault, and the keyring is not used
export HOME="$tmp/home" XDG_DATA_HOME="$tmp/home/.local/share" TZ=UTC LC_ALL=C
unset EBB_VAULT EBB_PASSPHRASE_FILE EBB_NEW_PASSPHRASE_FILE
export EBB_CRASH_PASSPHRASE="crash test passphrase $$"
mkdir -p "$HOME"
vault="$tmp/vault.ebb"
log="$tmp/ack.log"
pass="$tmp/passphrase"

die() {
	echo "crash: round $round: $*" >&2
	for f in writer.err verify.err cli.err; do
		if [ -s "$tmp/$f" ]; then
			echo "--- $f" >&2
			tail -n 20 "$tmp/$f" >&2
		fi
	done
	exit 1
}

# a random number from 0 to $1 - 1
rand() {
	echo $(($(od -An -N4 -tu4 /dev/urandom | tr -d ' ') % $1))
}

round=0
"$writer" init "$vault" "$log" 2>"$tmp/writer.err" || die "cannot create the vault"
start=$(date +%s)
verified=0
held=0
while [ "$round" -lt "$rounds" ]; do
	round=$((round + 1))
	seed=$(($(rand 2147483647) + 1))
	ms=$(($(rand 291) + 10))

	"$writer" write "$vault" "$log" "$seed" 2>"$tmp/writer.err" &
	pid=$!
	sleep "$(printf '0.%03d' "$ms")"
	kill -9 "$pid" 2>/dev/null
	{ wait "$pid"; } 2>/dev/null
	status=$?
	pid=
	[ "$status" -eq 137 ] || die "the writer (seed $seed) stopped by itself with status $status"

	check=$(sqlite3 "$vault" 'PRAGMA integrity_check' 2>&1)
	[ "$check" = ok ] || die "integrity_check after ${ms} ms (seed $seed): $check"

	out=$("$writer" verify "$vault" "$log" "$pass" 2>"$tmp/verify.err") ||
		die "verify after ${ms} ms (seed $seed): $out"
	acks=${out#verified }
	acks=${acks%% *}
	held=$(echo "$out" | sed -n 's/.*, \([0-9]*\) records in the vault.*/\1/p')

	EBB_PASSPHRASE_FILE="$pass" "$ebb" --vault "$vault" log -n 1000000 --json \
		>"$tmp/log.json" 2>"$tmp/cli.err" ||
		die "ebb log failed with status $? after ${ms} ms (seed $seed)"
	listed=$(python3 -c 'import json, sys; print(len(json.load(sys.stdin)))' \
		<"$tmp/log.json") || die "ebb log printed malformed JSON (seed $seed)"
	[ "$listed" = "$held" ] ||
		die "ebb log lists $listed records, the vault holds $held (seed $seed)"
	verified=$acks
done

if [ "$rounds" -ge 10 ] && [ "$verified" -eq 0 ]; then
	echo "crash: $rounds rounds and not one acknowledged write: the test proved nothing" >&2
	exit 1
fi
echo "crash: $rounds rounds, $verified acknowledged writes verified," \
	"$held records, $(($(date +%s) - start)) s"
