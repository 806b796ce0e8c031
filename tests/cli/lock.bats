#!/usr/bin/env bats
# ebb lock: forget the kept key now; writing still works afterwards.

load helpers

setup() {
	common_setup
	make_vault
	KEPT+=("$VAULT")
}

@test "lock on a vault that was never unlocked: exit 0, says it is locked" {
	run_ebb lock
	expect_exit 0
	expect_out '^Locked\. Writing still works; reading asks for your passphrase\.$'
	[ -z "$stderr" ] || { show_run; false; }
}

@test "lock twice in a row is fine" {
	run_ebb lock
	expect_exit 0
	run_ebb lock
	expect_exit 0
}

@test "lock --json" {
	run_ebb lock --json
	expect_exit 0
	printf '%s' "$output" | json_check 'assert d == {"locked": True}, d'
}

@test "after unlock then lock, reading needs the passphrase again (77)" {
	keyring_or_skip
	ebb_unlock
	run_ebb log
	expect_exit 0
	run_ebb lock
	expect_exit 0
	run_ebb log
	expect_error 77 'ebb unlock'
	run_ebb_pass log
	expect_exit 0
}

@test "after lock, a check-in is sealed and joins the rest at the next read" {
	keyring_or_skip
	ebb_unlock
	run_ebb lock
	expect_exit 0
	run_ebb checkin 3 --note 'after lock'
	expect_exit 0
	expect_out 'Sealed while locked'
	run_ebb_pass log
	expect_exit 0
	expect_out '3/10  after lock$'
}

@test "lock does not change the vault file" {
	local before
	before=$(sum_of "$VAULT")
	run_ebb lock
	expect_exit 0
	[ "$(sum_of "$VAULT")" = "$before" ]
}

@test "lock with no vault: exit 66 pointing to 'ebb init'" {
	run_ebb --vault "$T/none.ebb" lock
	expect_error 66 'ebb init'
	[ ! -e "$T/none.ebb" ]
}

@test "lock takes no arguments: exit 64" {
	run_ebb lock now
	expect_error 64 "'now' is extra"
	run_ebb lock --for 2m
	expect_error 64 'unknown option'
}
