#!/usr/bin/env bats
# ebb contact: a contact that happened is noted without the passphrase and
# without judgement; the days since the one before are shown plainly, only
# when the kept key is at hand.

load helpers

setup() {
	common_setup
	make_vault
}

contacts_json() {
	ebb_pass log --json --kind contact -n 1000000
}

contact() {
	local out rc=0
	out=$(ebb_quiet contact "$@" 2>&1) || rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "contact $* exited $rc: $out" >&2
		return 1
	fi
}

@test "locked, no passphrase source: exit 0, noted and sealed, no days shown" {
	run_ebb contact
	expect_exit 0
	diff -u - <(printf '%s\n' "$output") <<-'EOF2'
	Contact noted.
	Sealed while locked; it joins the rest when you next unlock.
	EOF2
	[ -z "$stderr" ] || { show_run; false; }
	contacts_json | json_check 'assert len(d) == 1 and d[0]["body"] == {}, d'
}

@test "--by me, --by them and a note are kept" {
	contact --by me --note 'asked about the keys'
	contact --by them --at yesterday
	contacts_json | json_check '
bodies = sorted(d, key=lambda r: r["at"])
assert bodies[0]["body"] == {"by": "them"}, d
assert bodies[1]["body"] == {"by": "me", "note": "asked about the keys"}, d'
	run_ebb_pass log --kind contact
	expect_out 'contact +contact, I reached out  asked about the keys$'
	expect_out 'contact +contact, they reached out$'
}

@test "--by anything else: exit 64, nothing written" {
	run_ebb contact --by us
	expect_error 64 "--by is 'me' or 'them', not 'us'"
	run_ebb contact --by ''
	expect_exit 64
	run_ebb contact --by Me
	expect_exit 64
	[ "$(record_count)" = 0 ]
}

@test "an argument where an option belongs: exit 64, nothing written" {
	run_ebb contact 'they called'
	expect_error 64 "'they called' is extra"
	[ "$(record_count)" = 0 ]
}

@test "an --at that does not parse or is still to come: exit 64, nothing written" {
	run_ebb contact --at 'last blue moon'
	expect_error 64 '"last blue moon"'
	run_ebb contact --at 2999-01-01
	expect_error 64 'not come yet'
	[ "$(record_count)" = 0 ]
}

@test "a note that is not UTF-8: exit 64, nothing written" {
	run_ebb contact --note $'\xc3\x28'
	expect_error 64 'UTF-8'
	[ "$(record_count)" = 0 ]
}

@test "with no vault: exit 66, and no vault is made" {
	run_ebb --vault "$T/none.ebb" contact
	expect_error 66 'ebb init'
	[ ! -e "$T/none.ebb" ]
}

@test "--json while locked: id, by, no days, queued" {
	run_ebb contact --by them --json
	expect_exit 0
	printf '%s' "$output" | json_check '
assert len(d["id"]) == 36, d
assert d["by"] == "them" and d["days_since_previous"] is None and d["queued"] is True, d'
}

@test "with the kept key: days since the contact before, said plainly" {
	keyring_or_skip
	# noted while locked: it still counts once it joins the rest
	contact --at '12 days ago' --by them
	ebb_unlock
	run_ebb contact --at '20 days ago'
	expect_exit 0
	expect_out '^This is the first contact noted here\.$'
	run_ebb contact --by me
	expect_exit 0
	diff -u - <(printf '%s\n' "$output") <<-'EOF2'
	Contact noted.
	The last contact before this was 12 days ago.
	EOF2
	run_ebb contact
	expect_out '^The last contact before this was earlier today\.$'
	# a contact noted afterwards counts from its own day
	run_ebb contact --at '5 days ago' --json
	printf '%s' "$output" | json_check 'assert d["days_since_previous"] == 7 and d["queued"] is False, d'
	run_ebb contact --at '4 days ago'
	expect_out '^The last contact before this was the day before\.$'
	run_ebb contact --at '1 day ago'
	expect_out '^The last contact before this was 3 days earlier\.$'
}

@test "the words never judge a contact" {
	keyring_or_skip
	ebb_unlock
	contact --at '3 days ago'
	run_ebb contact --by me
	expect_exit 0
	if printf '%s\n' "$output" | grep -Eiq 'relapse|fail|streak|broke|worse|should|reset'; then
		show_run
		false
	fi
}

@test "on a terminal it never asks for the passphrase" {
	command -v python3 >/dev/null || skip "python3 is needed to drive a terminal"
	run tty_run -- "$EBB" contact --by them
	expect_exit 0
	expect_no_out '[Pp]assphrase'
	expect_out 'Sealed while locked'
}
