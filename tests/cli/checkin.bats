#!/usr/bin/env bats
# ebb checkin: writing never needs the passphrase; the number is checked;
# the note and the time are kept; the top of the scale shows crisis lines;
# and the words never reach the disk in clear.

load helpers

setup() {
	common_setup
	make_vault
}

# checkins_json: the check-ins as `log --json` shows them with the passphrase.
checkins_json() {
	ebb_pass log --json --kind checkin -n 1000000
}

@test "locked, no passphrase source, no terminal: exit 0 and 'Sealed while locked'" {
	run_ebb checkin 4 --note 'a slow morning'
	expect_exit 0
	diff -u - <(printf '%s\n' "$output") <<-'EOF'
	Checked in: 4 out of 10.
	Sealed while locked; it joins the rest when you next unlock.
	EOF
	[ -z "$stderr" ] || { show_run; false; }
}

@test "on a terminal, checkin never asks for the passphrase" {
	command -v python3 >/dev/null || skip "python3 is needed to drive a terminal"
	run tty_run -- "$EBB" checkin 5 --note 'typed at a terminal'
	expect_exit 0
	expect_no_out '[Pp]assphrase'
	expect_out 'Sealed while locked'
}

@test "a check-in made while locked appears in log, with its note" {
	checkin 4 --note 'a slow morning'
	run_ebb_pass log
	expect_exit 0
	expect_out 'checkin +4/10  a slow morning$'
}

@test "intensities 0 and 10 are both on the scale" {
	checkin 0
	checkin 10
	checkins_json | json_check 'assert sorted(r["body"]["intensity"] for r in d) == [0, 10]'
}

@test "an intensity off the scale or not a whole number: exit 64, nothing written" {
	local bad before
	checkin 3
	before=$(record_count)
	for bad in 11 -1 abc 5.5 '' ' 5' 100000000000000000000 0x5; do
		run_ebb checkin "$bad"
		expect_exit 64 || {
			echo "intensity '$bad'"
			false
		}
		expect_err '^ebb: ' || false
		expect_empty_stdout
	done
	[ "$(record_count)" = "$before" ]
}

@test "the refused intensity is quoted in the message" {
	run_ebb checkin 11
	expect_error 64 "0 to 10, not '11'"
	run_ebb checkin 5.5
	expect_error 64 "not '5\\.5'"
}

@test "no intensity: exit 64 with an example, nothing written" {
	local before
	before=$(record_count)
	run_ebb checkin
	expect_error 64 'ebb checkin 4'
	run_ebb checkin --note 'only words'
	expect_exit 64
	[ "$(record_count)" = "$before" ]
}

@test "two numbers: exit 64, nothing written" {
	run_ebb checkin 4 5
	expect_error 64 "'5' is extra"
	[ "$(record_count)" = 0 ]
}

@test "--at yesterday: the check-in carries yesterday's date" {
	local y1 y2
	y1=$(date -u -d yesterday +%F)
	checkin 6 --at yesterday --note 'from yesterday'
	y2=$(date -u -d yesterday +%F)
	run_ebb_pass log
	expect_exit 0
	expect_out "^($y1|$y2) [0-9]{2}:[0-9]{2} .* 6/10  from yesterday$"
}

@test "--at with an ISO moment keeps that moment" {
	checkin 2 --at '2025-06-01 21:30'
	checkins_json | json_check 'assert d[0]["at"] == "2025-06-01T21:30:00+00:00", d'
}

@test "a future --at: exit 64, nothing written" {
	run_ebb checkin 5 --at 2999-01-01
	expect_error 64 'not come yet'
	run_ebb checkin 5 --at "$(date -u -d '+2 days' +%F)"
	expect_exit 64
	[ "$(record_count)" = 0 ]
}

@test "an --at that does not parse: exit 64 quoting it, nothing written" {
	run_ebb checkin 5 --at 'the other day'
	expect_error 64 '"the other day"'
	[ "$(record_count)" = 0 ]
}

@test "intensity 10 shows crisis lines (988, 116 123)" {
	run_ebb checkin 10
	expect_exit 0
	expect_out '988'
	expect_out '116 123'
	expect_out "don't have to carry it alone"
}

@test "intensity 10 with --json: the JSON stays clean, the crisis lines go to stderr" {
	run_ebb checkin 10 --json
	expect_exit 0
	printf '%s' "$output" | json_check 'assert d["intensity"] == 10, d'
	expect_err '988'
	expect_err '116 123'
}

@test "intensity 9 does not show crisis lines" {
	run_ebb checkin 9
	expect_exit 0
	expect_no_out '988|116 123'
}

@test "--json prints one JSON object: id, intensity, queued" {
	run_ebb checkin 7 --json
	expect_exit 0
	printf '%s' "$output" | json_check '
import re
assert d["intensity"] == 7
assert d["queued"] is True
assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", d["id"]), d["id"]'
	# and it is the id log shows
	local id
	id=$(printf '%s' "$output" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
	checkins_json | json_check "assert [r['id'] for r in d] == ['$id']"
}

@test "a note with quotes, a newline and non-ASCII text comes back exactly" {
	local note
	note=$'She said "enough".\nÉté — 夏, ok\ttab'
	checkin 3 --note "$note"
	export NOTE="$note"
	checkins_json | json_check '
import os
assert d[0]["body"]["note"] == os.environ["NOTE"], d'
}

@test "a note that is not UTF-8: exit 64, nothing written" {
	run_ebb checkin 3 --note $'bad \xff\xfe bytes'
	expect_error 64 'UTF-8'
	[ "$(record_count)" = 0 ]
}

@test "with no vault: exit 66 pointing to 'ebb init', and no vault is made" {
	run_ebb --vault "$T/none.ebb" checkin 4
	expect_error 66 "ebb init"
	[ ! -e "$T/none.ebb" ]
}

@test "several check-ins while locked all arrive, each once" {
	local i
	for i in 1 2 3 4 5; do
		checkin "$i" --note "n$i"
	done
	checkins_json | json_check '
assert sorted(r["body"]["note"] for r in d) == ["n1", "n2", "n3", "n4", "n5"], d'
	# a second read shows the same, not twice as many
	checkins_json | json_check 'assert len(d) == 5, d'
}

# plaintext_nowhere WORD: WORD is in no file beside the vault (the vault,
# its -wal and -shm, anything else in the directory).
plaintext_nowhere() {
	local f hits
	for f in "$(dirname "$VAULT")"/*; do
		[ -f "$f" ] || continue
		hits=$(grep -c -a -F -- "$1" "$f" || true)
		if [ "$hits" != 0 ]; then
			echo "'$1' found in clear in $f"
			false
		fi
	done
}

# hold_wal: keeps a reader on the vault for a few seconds, so the -wal
# file is not checkpointed away when ebb exits and can be searched too.
hold_wal() {
	local i
	: >"$T/holder.out"
	{
		echo 'BEGIN; SELECT count(*) FROM records;'
		sleep 3
		echo 'COMMIT;'
	} | sqlite3 "$VAULT" >"$T/holder.out" 2>&1 3>&- &
	HOLDER=$!
	for i in $(seq 1 100); do
		[ -s "$T/holder.out" ] && return 0
		sleep 0.05
	done
	echo "the reader did not start"
	false
}

@test "the note is never on disk in clear: locked, after reading, and unlocked" {
	command -v sqlite3 >/dev/null || skip "the sqlite3 command is needed"
	local word='ZEBRA-plaintext-7731'
	hold_wal
	checkin 4 --note "$word locked"
	[ -e "$VAULT-wal" ] || { echo "expected a -wal file while a reader holds it"; false; }
	plaintext_nowhere "$word"
	# reading folds the sealed check-in into an ordinary record
	run_ebb_pass log
	expect_out "$word locked"
	plaintext_nowhere "$word"
	wait "$HOLDER" || true

	# written with the key at hand (after unlock), when the keyring works
	if keyctl show @u >/dev/null 2>&1 &&
		ebb_pass unlock --for 1m >/dev/null 2>&1; then
		KEPT+=("$VAULT")
		hold_wal
		run_ebb checkin 5 --note "$word unlocked"
		expect_exit 0
		expect_no_out 'Sealed while locked'
		plaintext_nowhere "$word"
		wait "$HOLDER" || true
	fi
	plaintext_nowhere "$word"
	run_ebb_pass log
	expect_out "$word locked"
}

@test "check-ins made at the same moment all arrive" {
	local i pids=() rc=0
	for i in $(seq 1 8); do
		ebb_quiet checkin "$i" --note "together $i" >/dev/null 2>"$T/err.$i" &
		pids+=($!)
	done
	for i in "${pids[@]}"; do
		wait "$i" || rc=$?
	done
	[ "$rc" -eq 0 ] || { cat "$T"/err.*; false; }
	checkins_json | json_check '
assert sorted(r["body"]["note"] for r in d) == sorted("together %d" % i for i in range(1, 9)), d'
}

@test "sealed check-ins read by several readers at once arrive exactly once" {
	local i pids=() rc=0
	for i in $(seq 1 6); do
		checkin "$i" --note "once $i"
	done
	for i in 1 2 3 4; do
		ebb_pass log >/dev/null 2>"$T/err.$i" &
		pids+=($!)
	done
	for i in "${pids[@]}"; do
		wait "$i" || rc=$?
	done
	[ "$rc" -eq 0 ] || { cat "$T"/err.*; false; }
	checkins_json | json_check '
assert sorted(r["body"]["note"] for r in d) == ["once %d" % i for i in range(1, 7)], d'
}

# ---- feelings and what is grieved ------------------------------------------

# known_words OPTION: the names ebb lists when OPTION gets a word it does
# not know (read from the message, so the lists of src/core/vocab.c stay
# the only copy), one per line.
known_words() {
	ebb_quiet checkin 4 "$1" zzz-unknown 2>&1 >/dev/null |
		sed -e 's/^.*ebb knows: //' -e 's/ (see .*$//' | tr ',' '\n' | tr -d ' '
}

@test "--feel and --grieving are kept, in the order typed, once each" {
	checkin 6 --feel 'longing, Sadness,longing' --grieving 'potential,self'
	checkins_json | json_check '
b = d[0]["body"]
assert b["feelings"] == ["longing", "sadness"], b
assert b["grieving"] == ["potential", "self"], b
assert b["intensity"] == 6, b'
}

@test "every feeling and all four things grieved are accepted" {
	local feelings facets
	feelings=$(known_words --feel | paste -sd, -)
	facets=$(known_words --grieving | paste -sd, -)
	[ "$facets" = "potential,self,investment,familiar" ] || {
		echo "facets: $facets"
		false
	}
	[ "$(known_words --feel | wc -l)" -ge 11 ]
	checkin 3 --feel "$feelings" --grieving "$facets"
	export FEELINGS="$feelings"
	checkins_json | json_check '
import os
b = d[0]["body"]
assert b["feelings"] == os.environ["FEELINGS"].split(","), b
assert b["grieving"] == ["potential", "self", "investment", "familiar"], b'
}

@test "an unknown feeling: exit 64 naming it and listing the feelings, nothing written" {
	run_ebb checkin 4 --feel 'sadness,sadnes'
	expect_error 64 "'sadnes' is not a feeling"
	expect_err 'sadness, anger, longing, relief'
	expect_empty_stdout
	[ "$(record_count)" = 0 ]
}

@test "an unknown thing grieved: exit 64 naming it and listing the four, nothing written" {
	run_ebb checkin 4 --grieving 'self, future'
	expect_error 64 "'future' is not one of the four"
	expect_err 'potential, self, investment, familiar'
	expect_empty_stdout
	[ "$(record_count)" = 0 ]
}

@test "--feel and --grieving are checked before anything else is done" {
	# even with no vault: the bad word is the news, not the missing vault
	run_ebb --vault "$T/none.ebb" checkin 4 --feel nope
	expect_error 64 "'nope'"
	[ ! -e "$T/none.ebb" ]
}

@test "--json shows the feelings and what is grieved" {
	run_ebb checkin 5 --feel calm --grieving familiar --json
	expect_exit 0
	printf '%s' "$output" | json_check '
assert d["feelings"] == ["calm"], d
assert d["grieving"] == ["familiar"], d
assert d["intensity"] == 5 and d["queued"] is True, d'
	run_ebb checkin 5 --json
	printf '%s' "$output" | json_check 'assert d["feelings"] == [] and d["grieving"] == [], d'
}

@test "log shows the feelings of a check-in" {
	checkin 7 --feel 'anger,relief' --note 'both'
	run_ebb_pass log
	expect_out 'checkin +7/10  anger, relief  both$'
}

@test "--help and the man page name every feeling ebb knows" {
	local w help
	help=$("$EBB" checkin --help)
	for w in $(known_words --feel) $(known_words --grieving); do
		grep -q -w -- "$w" <<<"$help" || {
			echo "'$w' missing from ebb checkin --help"
			false
		}
		grep -q -w -- "$w" "${EBB_SRC:-$BATS_TEST_DIRNAME/../..}/docs/man/ebb-checkin.1.scd" || {
			echo "'$w' missing from ebb-checkin.1.scd"
			false
		}
	done
}

@test "no intensity and no terminal, even with other options: exit 64, nothing written" {
	run_ebb checkin --feel sadness --grieving self
	expect_error 64 'ebb checkin 4'
	[ "$(record_count)" = 0 ]
}

@test "a locked check-in with feelings never prompts and appears after unlock" {
	keyring_or_skip
	command -v python3 >/dev/null || skip "python3 is needed to drive a terminal"
	run tty_run -- "$EBB" checkin 8 --feel loneliness --grieving investment
	expect_exit 0
	expect_no_out '[Pp]assphrase'
	expect_out 'Sealed while locked'
	ebb_unlock
	# the kept key reads it: no passphrase source at all
	run_ebb log --json --kind checkin
	expect_exit 0
	printf '%s' "$output" | json_check '
assert len(d) == 1, d
b = d[0]["body"]
assert b == {"intensity": 8, "feelings": ["loneliness"], "grieving": ["investment"]}, b'
}

@test "at 10 the crisis lines show even when nothing could be saved" {
	run_ebb --vault "$T/no-such-vault.ebb" checkin 10
	expect_exit 66
	expect_out '988'
	expect_out '116 123'
	run_ebb checkin 10 --feel nosuchfeeling
	expect_exit 64
	expect_out '988'
}
