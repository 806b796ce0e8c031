#!/usr/bin/env bats
# ebb init: creating the vault, refusing to overwrite one, passphrase rules,
# and the profile options.

load helpers

@test "init creates the vault, mode 0600, in a directory of mode 0700" {
	run --separate-stderr env EBB_PASSPHRASE_FILE="$PASSFILE" setsid -w "$EBB" init \
		--kdf interactive </dev/null
	expect_exit 0
	expect_out "^Your vault is ready at $VAULT\\.$"
	[ -f "$VAULT" ]
	[ "$(mode_of "$VAULT")" = 600 ]
	[ "$(mode_of "$XDG_DATA_HOME/ebb")" = 700 ]
	# no temporary files left beside it
	[ "$(ls -A "$XDG_DATA_HOME/ebb")" = vault.ebb ]
}

@test "init with the passphrase on a descriptor; that passphrase opens the vault" {
	run --separate-stderr setsid -w "$EBB" --passphrase-fd 3 init --kdf interactive \
		3<"$PASSFILE" </dev/null
	expect_exit 0
	[ -f "$VAULT" ]
	run_ebb_pass log
	expect_exit 0
	run --separate-stderr setsid -w "$EBB" --passphrase-fd 3 log 3<"$NEWPASSFILE" </dev/null
	expect_error 77 'passphrase'
}

@test "init --vault PATH creates missing directories, private" {
	make_vault --vault "$T/a/b/mine.ebb"
	[ -f "$T/a/b/mine.ebb" ]
	[ "$(mode_of "$T/a/b/mine.ebb")" = 600 ]
	[ "$(mode_of "$T/a/b")" = 700 ]
	[ ! -e "$VAULT" ]
}

@test "init --json prints where the vault is" {
	run --separate-stderr env EBB_PASSPHRASE_FILE="$PASSFILE" setsid -w "$EBB" --json init \
		--kdf interactive </dev/null
	expect_exit 0
	printf '%s' "$output" | json_check "assert d == {'vault': '$VAULT'}"
}

@test "a second init refuses (73) and leaves the vault byte-identical" {
	make_vault
	checkin 4 --note 'first words'
	local before
	before=$(sum_of "$VAULT")
	run --separate-stderr env EBB_PASSPHRASE_FILE="$NEWPASSFILE" setsid -w "$EBB" init \
		--kdf interactive </dev/null
	expect_error 73 "already exists.*nothing was changed"
	expect_empty_stdout
	[ "$(sum_of "$VAULT")" = "$before" ]
	# the first passphrase still opens it, with what was written
	run_ebb_pass log
	expect_exit 0
	expect_out 'first words'
}

@test "a passphrase shorter than 8 characters: exit 64 and no vault" {
	printf 'seven77\n' >"$T/short"
	run --separate-stderr env EBB_PASSPHRASE_FILE="$T/short" setsid -w "$EBB" init \
		--kdf interactive </dev/null
	expect_error 64 'at least 8 characters'
	[ ! -e "$VAULT" ]
	[ -z "$(ls -A "$XDG_DATA_HOME/ebb" 2>/dev/null)" ]
}

@test "a passphrase of exactly 8 characters is enough" {
	printf 'eight888\n' >"$PASSFILE"
	make_vault
	run_ebb_pass log
	expect_exit 0
}

@test "an empty passphrase file: exit 64 and no vault" {
	: >"$T/empty"
	run --separate-stderr env EBB_PASSPHRASE_FILE="$T/empty" setsid -w "$EBB" init \
		--kdf interactive </dev/null
	expect_error 64 'at least 8 characters'
	[ ! -e "$VAULT" ]
}

@test "EBB_PASSPHRASE_FILE naming a missing file: an error and no vault" {
	run --separate-stderr env EBB_PASSPHRASE_FILE="$T/no-such-file" setsid -w "$EBB" init \
		--kdf interactive </dev/null
	[ "$status" -ne 0 ] || { show_run; false; }
	expect_err "^ebb: .*no-such-file"
	[ ! -e "$VAULT" ]
}

@test "no passphrase source and no terminal: exit 64, says how, no vault" {
	run_ebb init --kdf interactive
	expect_error 64 'passphrase-fd|EBB_PASSPHRASE_FILE'
	[ ! -e "$VAULT" ]
}

@test "on a terminal, init asks twice; the same passphrase twice makes the vault" {
	command -v python3 >/dev/null || skip "python3 is needed to drive a terminal"
	run tty_run "$PASS" "$PASS" -- "$EBB" init --kdf interactive
	expect_exit 0
	expect_out 'New passphrase: '
	expect_out 'Once more, to be sure: '
	# what was typed is never shown
	expect_no_out "$PASS"
	[ -f "$VAULT" ]
	run_ebb_pass log
	expect_exit 0
}

@test "on a terminal, two different passphrases: nothing is written" {
	command -v python3 >/dev/null || skip "python3 is needed to drive a terminal"
	run tty_run "$PASS" "$NEWPASS" -- "$EBB" init --kdf interactive
	[ "$status" -ne 0 ] && [ "$status" -ne 124 ] && [ "$status" -ne 125 ] || {
		show_run
		false
	}
	expect_out 'differ'
	[ ! -e "$VAULT" ]
}

@test "--left-on '3 days ago' shows in log as 'left on' that date" {
	local want
	want=$(date -u -d '3 days ago' +%F)
	make_vault --left-on '3 days ago'
	run_ebb_pass log
	expect_exit 0
	# the date is computed a moment apart: accept the day either side of midnight
	expect_out "profile +left on ($want|$(date -u -d '3 days ago' +%F))$"
}

@test "--left-on with an ISO date shows in log as 'left on' that date" {
	make_vault --left-on 2025-12-01
	run_ebb_pass log --kind profile
	expect_exit 0
	expect_out 'profile +left on 2025-12-01$'
}

@test "--left-on, --name and --relationship are kept in the profile" {
	make_vault --left-on 2025-12-01 --name 'Sam' --relationship partner
	run_ebb_pass log --json --kind profile
	expect_exit 0
	printf '%s' "$output" | json_check '
assert len(d) == 1
assert d[0]["body"] == {"left_on": "2025-12-01", "name": "Sam", "relationship": "partner"}'
}

@test "every relationship kind is accepted" {
	local k
	for k in partner friend family other; do
		make_vault --vault "$T/$k.ebb" --relationship "$k"
		run_ebb_pass --vault "$T/$k.ebb" log --json --kind profile
		expect_exit 0
		printf '%s' "$output" | json_check "assert d[0]['body']['relationship'] == '$k'"
	done
}

@test "a --left-on that does not parse: exit 64, the text quoted, no vault" {
	run --separate-stderr env EBB_PASSPHRASE_FILE="$PASSFILE" setsid -w "$EBB" init \
		--kdf interactive --left-on 'next blursday' </dev/null
	expect_error 64 '"next blursday"'
	[ ! -e "$VAULT" ]
}

@test "a --left-on in the future: exit 64 and no vault" {
	run --separate-stderr env EBB_PASSPHRASE_FILE="$PASSFILE" setsid -w "$EBB" init \
		--kdf interactive --left-on 2999-01-01 </dev/null
	expect_error 64 'not come yet'
	[ ! -e "$VAULT" ]
}

@test "--relationship that is not a kind: exit 64 naming the kinds, no vault" {
	run --separate-stderr env EBB_PASSPHRASE_FILE="$PASSFILE" setsid -w "$EBB" init \
		--kdf interactive --relationship spouse </dev/null
	expect_error 64 'partner, friend, family, other'
	[ ! -e "$VAULT" ]
}

@test "--kdf that is not a level: exit 64 and no vault" {
	run --separate-stderr env EBB_PASSPHRASE_FILE="$PASSFILE" setsid -w "$EBB" init \
		--kdf fast </dev/null
	expect_error 64 "moderate.*interactive"
	[ ! -e "$VAULT" ]
}

@test "an unknown option or an extra argument: exit 64 and no vault" {
	run --separate-stderr env EBB_PASSPHRASE_FILE="$PASSFILE" setsid -w "$EBB" init \
		--kdf interactive --colour blue </dev/null
	expect_error 64 "unknown option"
	run --separate-stderr env EBB_PASSPHRASE_FILE="$PASSFILE" setsid -w "$EBB" init \
		--kdf interactive now </dev/null
	expect_error 64 "'now' is extra"
	[ ! -e "$VAULT" ]
}

@test "a new vault is empty: log says there is nothing yet" {
	make_vault
	run_ebb_pass log
	expect_exit 0
	expect_out '^Nothing here yet'
}
