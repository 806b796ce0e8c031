#!/usr/bin/env bats
# ebb unlock: the vault key kept in the kernel keyring for a while, re-armed
# by each use. Skipped where the keyring cannot be used.

load helpers

setup() {
	common_setup
	keyring_or_skip
	make_vault
	KEPT+=("$VAULT")
}

@test "after unlock, log works with no passphrase source" {
	checkin 4 --note 'before unlock'
	run --separate-stderr setsid -w "$EBB" --passphrase-fd 3 unlock 3<"$PASSFILE" </dev/null
	[ "$status" -ne 69 ] || skip "the kernel keyring is unavailable: $stderr"
	expect_exit 0
	expect_out '^Unlocked for 15 minutes'
	expect_out 'ebb lock'
	run_ebb log
	expect_exit 0
	expect_out '4/10  before unlock$'
}

@test "unlock with EBB_PASSPHRASE_FILE works too" {
	run --separate-stderr env EBB_PASSPHRASE_FILE="$PASSFILE" setsid -w "$EBB" unlock \
		</dev/null
	[ "$status" -ne 69 ] || skip "the kernel keyring is unavailable: $stderr"
	expect_exit 0
	run_ebb log
	expect_exit 0
}

@test "while unlocked, a check-in goes straight in, not sealed aside" {
	ebb_unlock
	run_ebb checkin 6 --note 'direct'
	expect_exit 0
	expect_no_out 'Sealed while locked'
	run_ebb checkin 6 --json
	printf '%s' "$output" | json_check 'assert d["queued"] is False, d'
}

@test "unlock folds what was sealed while locked" {
	command -v sqlite3 >/dev/null || skip "the sqlite3 command is needed"
	checkin 3 --note 'sealed one'
	checkin 8 --note 'sealed two'
	ebb_unlock
	run_ebb log --kind checkin --json
	expect_exit 0
	printf '%s' "$output" | json_check '
assert sorted(r["body"]["note"] for r in d) == ["sealed one", "sealed two"], d'
	sqlite3 "$VAULT" 'SELECT count(*) FROM inbox' | grep -qx 0
}

@test "the status screen says unlocked, then locked after 'ebb lock'" {
	ebb_unlock
	run_ebb
	expect_exit 0
	expect_out "^Your vault: $VAULT \\(unlocked\\)$"
	run_ebb lock
	expect_exit 0
	run_ebb
	expect_out "^Your vault: $VAULT \\(locked\\)$"
}

@test "lock, then log without a passphrase: exit 77" {
	ebb_unlock
	run_ebb lock
	expect_exit 0
	run_ebb log
	expect_error 77 'ebb unlock'
	# the passphrase still works
	run_ebb_pass log
	expect_exit 0
}

@test "unlock --for 4s: 5 seconds later log asks again (77), and the passphrase works" {
	ebb_unlock "$VAULT" --for 4s
	run_ebb checkin 2
	expect_exit 0
	expect_no_out 'Sealed while locked'
	sleep 5
	run_ebb log
	expect_error 77 'locked'
	run_ebb_pass log
	expect_exit 0
	expect_out '2/10'
}

# The margins are seconds wide on purpose: CI runs this beside the browser
# tests and under AddressSanitizer, where starting ebb can take a second.
@test "each use re-arms the clock: --for 8s survives uses at 5s and 10s, then times out" {
	ebb_unlock "$VAULT" --for 8s
	sleep 5
	run_ebb log
	expect_exit 0 || {
		echo "at 5s"
		false
	}
	sleep 5
	run_ebb log
	expect_exit 0 || {
		echo "at 10s: each use should restart the 8 s clock"
		false
	}
	sleep 11
	run_ebb log
	expect_error 77 'locked'
}

@test "unlocking one vault does not unlock another" {
	make_vault --vault "$T/other.ebb"
	KEPT+=("$T/other.ebb")
	ebb_unlock
	run_ebb --vault "$T/other.ebb" log
	expect_error 77 'locked'
	run_ebb log
	expect_exit 0
}

@test "unlock --json says for how long" {
	run --separate-stderr setsid -w "$EBB" --passphrase-fd 3 unlock --for 2h --json \
		3<"$PASSFILE" </dev/null
	[ "$status" -ne 69 ] || skip "the kernel keyring is unavailable: $stderr"
	expect_exit 0
	printf '%s' "$output" | json_check 'assert d == {"unlocked": True, "seconds": 7200}, d'
}

@test "durations are said in words" {
	local spec want
	for spec in '90s:90 seconds' '15m:15 minutes' '2h:2 hours' '1d:1 day' '7d:7 days'; do
		run --separate-stderr setsid -w "$EBB" --passphrase-fd 3 unlock --for "${spec%%:*}" \
			3<"$PASSFILE" </dev/null
		[ "$status" -ne 69 ] || skip "the kernel keyring is unavailable: $stderr"
		expect_exit 0
		want=${spec#*:}
		expect_out "^Unlocked for $want after the last use"
	done
}

@test "bad --for values: exit 64 and the vault stays locked" {
	local d
	for d in 0 0s 8d 10000000 abc 1h30 -5m '' 2w 1.5h; do
		run_ebb_pass unlock --for "$d"
		expect_exit 64 || { echo "--for '$d'"; false; }
		expect_err 'up to 7 days' || false
	done
	run_ebb log
	expect_exit 77
}

@test "a wrong passphrase does not unlock: exit 77, still locked" {
	run --separate-stderr setsid -w "$EBB" --passphrase-fd 3 unlock 3<"$NEWPASSFILE" </dev/null
	expect_error 77 'passphrase'
	run_ebb log
	expect_exit 77
}

@test "unlock with no passphrase source and no terminal: exit 77, still locked" {
	run_ebb unlock
	expect_error 77 'passphrase'
	run_ebb log
	expect_exit 77
}

@test "unlock with no vault: exit 66 pointing to 'ebb init'" {
	run_ebb_pass --vault "$T/none.ebb" unlock
	expect_error 66 'ebb init'
}

@test "unlock takes no arguments: exit 64" {
	run_ebb_pass unlock now
	expect_error 64 "'now' is extra"
}

@test "the keyring holds the key, never the passphrase" {
	ebb_unlock
	local id
	id=$(keyctl search @u user "ebb:vault:$(ebb_pass export json |
		python3 -c 'import json,sys; print(json.load(sys.stdin)["vault_id"])')") ||
		skip "the kept key cannot be found with keyctl search"
	keyctl pipe "$id" >"$T/payload"
	[ -s "$T/payload" ]
	if grep -q -a -F -- "$PASS" "$T/payload"; then
		echo "the passphrase is in the keyring"
		false
	fi
}
