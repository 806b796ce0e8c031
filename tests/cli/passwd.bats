#!/usr/bin/env bats
# ebb passwd: a new passphrase replaces the old one; every record stays;
# on any failure nothing changes.

load helpers

setup() {
	common_setup
	make_vault --left-on 2025-12-01
	checkin 3 --at '2026-01-01 10:00' --note 'one'
	checkin 7 --at '2026-01-02 10:00' --note 'two'
	run_ebb_pass log # fold the two into ordinary records
	checkin 5 --at '2026-01-03 10:00' --note 'still sealed'
	printf '%s\n%s\n' "$PASS" "$NEWPASS" >"$T/both"
}

# records_with FILE: every record (as log --json shows it), read with the
# passphrase in FILE; fails when FILE does not open the vault.
records_with() {
	setsid -w "$EBB" --passphrase-fd 3 log --json -n 1000000 3<"$1" </dev/null |
		python3 -c 'import json,sys; d=json.load(sys.stdin); print(json.dumps(sorted(d, key=lambda r: r["id"]), sort_keys=True))'
}

# expect_changed: the old passphrase no longer opens the vault, the new one
# does, and every record of $T/before is still there.
expect_changed() {
	run --separate-stderr setsid -w "$EBB" --passphrase-fd 3 log 3<"$PASSFILE" </dev/null
	expect_error 77 'passphrase' || return 1
	records_with "$NEWPASSFILE" >"$T/after"
	diff -u "$T/before" "$T/after"
}

# expect_unchanged: the old passphrase still opens everything, the new one not.
expect_unchanged() {
	records_with "$PASSFILE" >"$T/after"
	diff -u "$T/before" "$T/after"
	run --separate-stderr setsid -w "$EBB" --passphrase-fd 3 log 3<"$NEWPASSFILE" </dev/null
	expect_exit 77
}

@test "old and new on one descriptor (two lines): the new one opens, every record kept" {
	records_with "$PASSFILE" >"$T/before"
	[ "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$T/before")" = 4 ]
	run --separate-stderr setsid -w "$EBB" --passphrase-fd 3 passwd --kdf interactive \
		3<"$T/both" </dev/null
	expect_exit 0
	expect_out '^Your passphrase is changed\.'
	expect_changed
}

@test "old and new as two lines of EBB_PASSPHRASE_FILE" {
	records_with "$PASSFILE" >"$T/before"
	run --separate-stderr env EBB_PASSPHRASE_FILE="$T/both" setsid -w "$EBB" passwd \
		--kdf interactive </dev/null
	expect_exit 0
	expect_changed
}

@test "the new one on its own descriptor (--new-passphrase-fd)" {
	records_with "$PASSFILE" >"$T/before"
	run --separate-stderr setsid -w "$EBB" --passphrase-fd 3 passwd --kdf interactive \
		--new-passphrase-fd 4 3<"$PASSFILE" 4<"$NEWPASSFILE" </dev/null
	expect_exit 0
	expect_changed
}

@test "the new one from EBB_NEW_PASSPHRASE_FILE" {
	records_with "$PASSFILE" >"$T/before"
	run --separate-stderr env EBB_PASSPHRASE_FILE="$PASSFILE" \
		EBB_NEW_PASSPHRASE_FILE="$NEWPASSFILE" setsid -w "$EBB" passwd --kdf interactive \
		</dev/null
	expect_exit 0
	expect_changed
}

@test "a check-in sealed before the change opens with the new passphrase" {
	records_with "$PASSFILE" >/dev/null # folds 'still sealed'
	checkin 9 --note 'sealed before passwd'
	run --separate-stderr setsid -w "$EBB" --passphrase-fd 3 passwd --kdf interactive \
		--new-passphrase-fd 4 3<"$PASSFILE" 4<"$NEWPASSFILE" </dev/null
	expect_exit 0
	run --separate-stderr setsid -w "$EBB" --passphrase-fd 3 log 3<"$NEWPASSFILE" </dev/null
	expect_exit 0
	expect_out '9/10  sealed before passwd$'
}

@test "a new passphrase that is too short: exit 64, the old one still works" {
	records_with "$PASSFILE" >"$T/before"
	local before
	before=$(sum_of "$VAULT")
	printf '%s\nshort\n' "$PASS" >"$T/short"
	run --separate-stderr env EBB_PASSPHRASE_FILE="$T/short" setsid -w "$EBB" passwd \
		--kdf interactive </dev/null
	expect_error 64 'at least 8 characters.*nothing was changed'
	[ "$(sum_of "$VAULT")" = "$before" ]
	expect_unchanged
}

@test "a wrong current passphrase: exit 77 and nothing changed" {
	records_with "$PASSFILE" >"$T/before"
	local before
	before=$(sum_of "$VAULT")
	printf 'not the one at all\n%s\n' "$NEWPASS" >"$T/wrong"
	run --separate-stderr env EBB_PASSPHRASE_FILE="$T/wrong" setsid -w "$EBB" passwd \
		--kdf interactive </dev/null
	expect_error 77 'passphrase'
	expect_empty_stdout
	[ "$(sum_of "$VAULT")" = "$before" ]
	expect_unchanged
}

@test "the new passphrase missing from the input: an error and nothing changed" {
	records_with "$PASSFILE" >"$T/before"
	run --separate-stderr env EBB_PASSPHRASE_FILE="$PASSFILE" setsid -w "$EBB" passwd \
		--kdf interactive </dev/null
	[ "$status" -ne 0 ] || { show_run; false; }
	expect_err '^ebb: '
	expect_unchanged
}

@test "no passphrase source and no terminal: exit 64, nothing changed" {
	records_with "$PASSFILE" >"$T/before"
	run_ebb passwd
	expect_error 64 'current passphrase'
	expect_unchanged
}

@test "on a terminal: current once, the new one twice" {
	command -v python3 >/dev/null || skip "python3 is needed to drive a terminal"
	records_with "$PASSFILE" >"$T/before"
	run tty_run "$PASS" "$NEWPASS" "$NEWPASS" -- "$EBB" passwd --kdf interactive
	expect_exit 0
	expect_out 'Current passphrase: '
	expect_out 'Once more, to be sure: '
	expect_no_out "$NEWPASS"
	expect_changed
}

@test "on a terminal, the new one typed differently twice: nothing changed" {
	command -v python3 >/dev/null || skip "python3 is needed to drive a terminal"
	records_with "$PASSFILE" >"$T/before"
	run tty_run "$PASS" "$NEWPASS" "$NEWPASS-typo" -- "$EBB" passwd --kdf interactive
	[ "$status" -ne 0 ] && [ "$status" -ne 124 ] && [ "$status" -ne 125 ] || {
		show_run
		false
	}
	expect_out 'differ'
	expect_unchanged
}

@test "passwd --json" {
	run --separate-stderr setsid -w "$EBB" --passphrase-fd 3 passwd --json --kdf interactive \
		--new-passphrase-fd 4 3<"$PASSFILE" 4<"$NEWPASSFILE" </dev/null
	expect_exit 0
	printf '%s' "$output" | json_check 'assert d == {"changed": True}, d'
}

@test "bad --kdf or extra argument: exit 64, nothing changed" {
	records_with "$PASSFILE" >"$T/before"
	run --separate-stderr env EBB_PASSPHRASE_FILE="$T/both" setsid -w "$EBB" passwd \
		--kdf fast </dev/null
	expect_error 64 'moderate'
	run --separate-stderr env EBB_PASSPHRASE_FILE="$T/both" setsid -w "$EBB" passwd \
		--kdf interactive again </dev/null
	expect_error 64 "'again' is extra"
	expect_unchanged
}

@test "passwd with no vault: exit 66" {
	run --separate-stderr env EBB_PASSPHRASE_FILE="$T/both" setsid -w "$EBB" \
		--vault "$T/none.ebb" passwd </dev/null
	expect_error 66 'ebb init'
}
