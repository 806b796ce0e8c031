#!/usr/bin/env bats
# ebb edit: the record's text opens in the editor (on a private file that is
# gone afterwards) and what is saved becomes a new revision, the earlier one
# kept; nothing changed means nothing written; an emptied required text
# saves nothing; --at alone moves a record in time; it needs the key.

load helpers

setup() {
	common_setup
	make_vault
	# editors for the tests: each is a small script in the test's dir
	cat >"$T/ed-with" <<-'EOF'
	#!/bin/sh
	# keeps what it was shown, then replaces it with $EDIT_WITH
	cp "$1" "$T/seen"
	stat -c %a "$1" >"$T/seen.mode"
	dirname "$1" >"$T/seen.where"
	printf '%s\n' "$EDIT_WITH" >"$1"
	EOF
	cat >"$T/ed-under" <<-'EOF'
	#!/bin/sh
	# puts $UNDER_TEXT right below the heading line matching $UNDER_HEADING
	cp "$1" "$T/seen"
	awk -v h="$UNDER_HEADING" -v t="$UNDER_TEXT" \
		'{ print } index($0, h) == 1 { print t }' "$1" >"$1.new" && mv "$1.new" "$1"
	EOF
	cat >"$T/ed-empty" <<-'EOF'
	#!/bin/sh
	: >"$1"
	EOF
	cat >"$T/ed-seen" <<-'EOF'
	#!/bin/sh
	cp "$1" "$T/seen"
	EOF
	chmod +x "$T"/ed-*
	export T
	unset VISUAL
}

# have CMD: skips the test when ebb has no such command yet.
have() {
	"$EBB" help | grep -q "^  $1 " || skip "ebb has no '$1' command in this build"
}

# last_id [KIND]: the full id of the newest record (of KIND).
last_id() {
	ebb_pass log --json -n 1 ${1:+--kind "$1"} |
		python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])'
}

# revs ID: every revision of a record, from export, as JSON lines.
revs_json() {
	ebb_pass export json | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(json.dumps([r for r in d["records"] if r["id"] == sys.argv[1]]))' "$1"
}

# no_edit_files: the editor's private directory is gone.
no_edit_files() {
	local left
	left=$(find "$XDG_RUNTIME_DIR" -maxdepth 1 -name 'ebb-edit-*')
	[ -z "$left" ] || {
		echo "left behind: $left"
		return 1
	}
}

@test "an entry's new text is a new revision; export keeps rev 1 and rev 2" {
	ebb_quiet write --title 'morning' 'the first words' >/dev/null
	local id
	id=$(last_id entry)
	EDIT_WITH='the second words' EDITOR="$T/ed-with" run_ebb_pass edit "${id: -8}"
	expect_exit 0
	expect_out 'revision 2'
	[ "$(cat "$T/seen.mode")" = 600 ]
	[[ "$(cat "$T/seen.where")" == "$XDG_RUNTIME_DIR"/ebb-edit-* ]]
	grep -qx 'the first words' "$T/seen"
	grep -q 'ebb keeps only what is above this line' "$T/seen"
	no_edit_files
	revs_json "$id" | json_check '
by = {r["rev"]: r for r in d}
assert sorted(by) == [1, 2], sorted(by)
assert by[1]["body"]["text"] == "the first words", by[1]
assert by[2]["body"]["text"] == "the second words", by[2]
assert by[2]["body"]["title"] == "morning" and by[2]["at"] == by[1]["at"], by[2]'
	run_ebb_pass log --json --kind entry
	printf '%s' "$output" | json_check 'assert d[0]["rev"] == 2 and d[0]["body"]["text"] == "the second words"'
}

@test "the full id works, and a third edit makes rev 3" {
	ebb_quiet write 'one' >/dev/null
	local id
	id=$(last_id entry)
	EDIT_WITH='two' EDITOR="$T/ed-with" ebb_pass edit "$id" >/dev/null
	EDIT_WITH='three' EDITOR="$T/ed-with" run_ebb_pass --json edit "$id"
	expect_exit 0
	printf '%s' "$output" | json_check "assert d == {'id': '$id', 'rev': 3, 'changed': True}, d"
	revs_json "$id" | json_check 'assert [r["body"]["text"] for r in sorted(d, key=lambda r: r["rev"])] == ["one", "two", "three"]'
}

@test "an unchanged edit: 'nothing changed', exit 0, nothing written" {
	ebb_quiet write 'stays the same' >/dev/null
	local id
	id=$(last_id entry)
	EDITOR=true run_ebb_pass edit "${id: -8}"
	expect_exit 0
	expect_out '^Nothing changed, so nothing was saved\.$'
	no_edit_files
	EDITOR=true run_ebb_pass --json edit "${id: -8}"
	expect_exit 0
	printf '%s' "$output" | json_check 'assert d["changed"] is False and d["rev"] == 1'
	# blanks added at the end are not a change either
	EDIT_WITH=$'stays the same\n\n  ' EDITOR="$T/ed-with" run_ebb_pass edit "${id: -8}"
	expect_out 'Nothing changed'
	revs_json "$id" | json_check 'assert len(d) == 1'
}

@test "an emptied entry, reason, miss or date: nothing saved, exit 65" {
	have reasons
	have misses
	have dates
	local id ids=()
	ebb_quiet write 'keep me' >/dev/null
	ids+=("$(last_id entry)")
	ebb_pass reasons add 'I kept shrinking' >/dev/null
	ids+=("$(last_id reason)")
	ebb_pass misses add 'Sunday breakfasts' >/dev/null
	ids+=("$(last_id miss)")
	ebb_pass dates add 2025-06-01 'the day I left' >/dev/null
	ids+=("$(last_id date)")
	for id in "${ids[@]}"; do
		EDITOR="$T/ed-empty" run_ebb_pass edit "${id: -8}"
		expect_error 65 'nothing was saved' || {
			echo "record $id"
			false
		}
		expect_empty_stdout
		EDIT_WITH=$'  \n\t\n' EDITOR="$T/ed-with" run_ebb_pass edit "${id: -8}"
		expect_exit 65
		no_edit_files
		revs_json "$id" | json_check 'assert len(d) == 1, d'
	done
}

@test "emptying a check-in's note removes the note; a note can be added" {
	checkin 4 --note 'a slow morning'
	local id
	id=$(last_id checkin)
	EDITOR="$T/ed-empty" run_ebb_pass edit "${id: -8}"
	expect_exit 0
	expect_out 'revision 2'
	revs_json "$id" | json_check '
r = max(d, key=lambda r: r["rev"])
assert r["body"] == {"intensity": 4}, r'
	EDIT_WITH='it lifted by noon' EDITOR="$T/ed-with" run_ebb_pass edit "${id: -8}"
	expect_exit 0
	revs_json "$id" | json_check '
r = max(d, key=lambda r: r["rev"])
assert r["rev"] == 3 and r["body"] == {"intensity": 4, "note": "it lifted by noon"}, r'
}

@test "a check-in without a note, left empty: nothing changed" {
	checkin 6
	local id
	id=$(last_id checkin)
	EDITOR=true run_ebb_pass edit "${id: -8}"
	expect_exit 0
	expect_out 'Nothing changed'
	revs_json "$id" | json_check 'assert len(d) == 1'
}

@test "a contact's note, a reason, a miss: the text changes" {
	have contact
	have reasons
	have misses
	local id
	ebb_quiet contact --by them --note 'about the keys' >/dev/null
	id=$(last_id contact)
	EDIT_WITH='about the keys, briefly' EDITOR="$T/ed-with" run_ebb_pass edit "${id: -8}"
	expect_exit 0
	revs_json "$id" | json_check '
r = max(d, key=lambda r: r["rev"])
assert r["body"] == {"by": "them", "note": "about the keys, briefly"}, r'
	ebb_pass reasons add 'I was lonely in it' >/dev/null
	id=$(last_id reason)
	EDIT_WITH='I was lonely in it, for years' EDITOR="$T/ed-with" run_ebb_pass edit "${id: -8}"
	expect_exit 0
	revs_json "$id" | json_check 'assert max(d, key=lambda r: r["rev"])["body"]["text"] == "I was lonely in it, for years"'
	ebb_pass misses add 'the dog' >/dev/null
	id=$(last_id miss)
	EDIT_WITH='the dog, mostly' EDITOR="$T/ed-with" run_ebb_pass edit "${id: -8}"
	expect_exit 0
	revs_json "$id" | json_check 'assert max(d, key=lambda r: r["rev"])["body"]["text"] == "the dog, mostly"'
}

@test "a date's name is one line: line breaks become spaces; the date stays" {
	have dates
	ebb_pass dates add 2025-06-01 'the day I left' --yearly >/dev/null
	local id
	id=$(last_id date)
	EDIT_WITH=$'the day\n  I finally left' EDITOR="$T/ed-with" run_ebb_pass edit "${id: -8}"
	expect_exit 0
	revs_json "$id" | json_check '
b = max(d, key=lambda r: r["rev"])["body"]
assert b == {"date": "2025-06-01", "label": "the day I finally left", "yearly": True}, b'
}

@test "the name in the profile can be changed or removed" {
	local v="$T/named.ebb" id
	EBB_PASSPHRASE_FILE="$PASSFILE" ebb_quiet --vault "$v" init --kdf interactive \
		--name 'Sam' --left-on 2025-06-01 >/dev/null 2>&1
	id=$(ebb_pass --vault "$v" log --json --kind profile |
		python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
	EDIT_WITH='S.' EDITOR="$T/ed-with" run_ebb_pass --vault "$v" edit "$id"
	expect_exit 0
	grep -qx 'Sam' "$T/seen"
	EDITOR="$T/ed-empty" run_ebb_pass --vault "$v" edit "$id"
	expect_exit 0
	ebb_pass --vault "$v" export json | json_check '
rs = sorted((r for r in d["records"] if r["kind"] == "profile"), key=lambda r: r["rev"])
assert [r["body"].get("name") for r in rs] == ["Sam", "S.", None], rs
assert all(r["body"]["left_on"] == "2025-06-01" for r in rs), rs'
}

@test "the safety plan opens as six headed parts and is read back by heading" {
	have plan
	ebb_pass plan set alone 'walk to the river' >/dev/null
	local id
	id=$(last_id plan)
	UNDER_HEADING='## people I can ask for help' UNDER_TEXT='my sister, Ana' \
		EDITOR="$T/ed-under" run_ebb_pass edit "${id: -8}"
	expect_exit 0
	[ "$(grep -c '^## ' "$T/seen")" -ge 6 ]
	grep -qx 'walk to the river' "$T/seen"
	revs_json "$id" | json_check '
b = max(d, key=lambda r: r["rev"])["body"]
assert b == {"alone": "walk to the river", "people": "my sister, Ana"}, b'
	# emptying one part under its heading removes that part only
	cat >"$T/ed-clear" <<-'EOF'
	#!/bin/sh
	grep -v '^walk to the river$' "$1" >"$1.new" && mv "$1.new" "$1"
	EOF
	chmod +x "$T/ed-clear"
	EDITOR="$T/ed-clear" run_ebb_pass edit "${id: -8}"
	expect_exit 0
	revs_json "$id" | json_check '
b = max(d, key=lambda r: r["rev"])["body"]
assert b == {"people": "my sister, Ana"}, b'
}

@test "the plan: text above the first heading saves nothing, exit 65" {
	have plan
	ebb_pass plan set alone 'walk' >/dev/null
	local id
	id=$(last_id plan)
	EDIT_WITH='no headings at all' EDITOR="$T/ed-with" run_ebb_pass edit "${id: -8}"
	expect_error 65 'first heading'
	revs_json "$id" | json_check 'assert len(d) == 1'
}

@test "a lessons entry: the answers follow the headings" {
	run --separate-stderr setsid -w "$EBB" write --prompt lessons <<-'EOF'
	## needs
	rest
	## patterns
	EOF
	expect_exit 0
	local id
	id=$(last_id entry)
	UNDER_HEADING='## patterns' UNDER_TEXT='I go quiet instead of asking' \
		EDITOR="$T/ed-under" run_ebb_pass edit "${id: -8}"
	expect_exit 0
	revs_json "$id" | json_check '
b = max(d, key=lambda r: r["rev"])["body"]
assert b["answers"] == {"needs": "rest", "patterns": "I go quiet instead of asking"}, b
assert b["prompt"] == "lessons" and b["prompt_id"].startswith("lessons-"), b'
}

@test "a lessons entry written without headings is offered the three questions" {
	ebb_quiet write --prompt lessons 'only a few words' >/dev/null
	local id
	id=$(last_id entry)
	EDITOR="$T/ed-seen" run_ebb_pass edit "${id: -8}"
	expect_exit 0
	expect_out 'Nothing changed'
	grep -qx 'only a few words' "$T/seen"
	grep -q '^## What has this taught you about what you need?' "$T/seen"
	grep -q '^## Which patterns' "$T/seen"
	grep -q '^## How has this loss' "$T/seen"
}

@test "--at alone moves the record, without the editor, as a new revision" {
	ebb_quiet write --at '2026-03-04 21:30' 'moved in time' >/dev/null
	local id
	id=$(last_id entry)
	EDITOR=false run_ebb_pass edit "${id: -8}" --at '2026-03-03 08:15'
	expect_exit 0
	expect_out '2026-03-03 08:15'
	revs_json "$id" | json_check '
by = {r["rev"]: r for r in d}
assert by[1]["at"] == "2026-03-04T21:30:00+00:00", by[1]
assert by[2]["at"] == "2026-03-03T08:15:00+00:00", by[2]
assert by[2]["body"] == by[1]["body"], by'
	# the same moment again changes nothing
	EDITOR=false run_ebb_pass edit "${id: -8}" --at '2026-03-03 08:15'
	expect_exit 0
	expect_out 'Nothing changed'
}

@test "an --at that does not parse or is still to come: exit 64, nothing written" {
	ebb_quiet write 'text' >/dev/null
	local id
	id=$(last_id entry)
	EDITOR=false run_ebb_pass edit "${id: -8}" --at 'when the moon'
	expect_error 64 'when the moon'
	EDITOR=false run_ebb_pass edit "${id: -8}" --at '2999-01-01'
	expect_error 64 'not come yet'
	revs_json "$id" | json_check 'assert len(d) == 1'
}

@test "an unknown id: exit 66; something that is not an id: exit 64" {
	ebb_quiet write 'text' >/dev/null
	EDITOR=false run_ebb_pass edit 0000abcd
	expect_error 66 'no record'
	EDITOR=false run_ebb_pass edit 01234567-89ab-7def-8123-456789abcdef
	expect_error 66 'no record'
	EDITOR=false run_ebb_pass edit 'not-an-id'
	expect_error 64 'not a record id'
}

@test "no id, or two: exit 64" {
	run_ebb_pass edit
	expect_error 64 'which record'
	run_ebb_pass edit abcd ef01
	expect_error 64 "'ef01' is extra"
}

@test "a deleted record: exit 66, saying it was deleted" {
	ebb_quiet write 'soon gone' >/dev/null
	local id
	id=$(last_id entry)
	if "$EBB" help | grep -q '^  delete '; then
		ebb_pass delete --yes "$id" >/dev/null
	else
		# a deleted revision has no body, so it can be written by hand
		sqlite3 "$VAULT" "INSERT INTO records(id, rev, kind, at, utc_offset, deleted, body)
			SELECT id, rev + 1, kind, at, utc_offset, 1, NULL FROM records"
	fi
	EDITOR=false run_ebb_pass edit "${id: -8}"
	expect_error 66 'was deleted'
	EDITOR=false run_ebb_pass edit "${id: -8}" --at yesterday
	expect_error 66 'was deleted'
}

@test "a signs record has no text: exit 64; --at still moves it" {
	have signs
	ebb_quiet signs 1 2 3 4 >/dev/null
	local id
	id=$(last_id signs)
	EDITOR=false run_ebb_pass edit "${id: -8}"
	expect_error 64 'no text to edit'
	EDITOR=false run_ebb_pass edit "${id: -8}" --at yesterday
	expect_exit 0
}

@test "locked with no passphrase source: exit 77 and the editor never opens" {
	ebb_quiet write 'text' >/dev/null
	local id
	id=$(last_id entry)
	EDIT_WITH='should not happen' EDITOR="$T/ed-with" run_ebb edit "${id: -8}"
	expect_error 77 'locked'
	[ ! -e "$T/seen" ]
	revs_json "$id" | json_check 'assert len(d) == 1'
}

@test "with the key kept by unlock, edit needs no passphrase" {
	keyring_or_skip
	ebb_quiet write 'text' >/dev/null
	local id
	id=$(last_id entry)
	ebb_unlock
	EDIT_WITH='changed while unlocked' EDITOR="$T/ed-with" run_ebb edit "${id: -8}"
	expect_exit 0
	expect_out 'revision 2'
}

@test "a record changed elsewhere while the editor was open: exit 75, nothing saved" {
	ebb_quiet write 'the first words' >/dev/null
	local id
	id=$(last_id entry)
	cat >"$T/ed-race" <<-'EOF'
	#!/bin/sh
	# another ebb moves the record while this edit is open
	EBB_PASSPHRASE_FILE="$T/pass" "$EBB" edit "$RACE_ID" --at '2026-01-01 10:00' >/dev/null
	printf 'my words\n' >"$1"
	EOF
	chmod +x "$T/ed-race"
	RACE_ID=$id EDITOR="$T/ed-race" run_ebb_pass edit "${id: -8}"
	expect_error 75 'changed while you were editing'
	no_edit_files
	revs_json "$id" | json_check '
assert len(d) == 2, d
assert all(r["body"]["text"] == "the first words" for r in d), d'
}

@test "an editor that fails: nothing written, no file left" {
	ebb_quiet write 'text' >/dev/null
	local id
	id=$(last_id entry)
	EDITOR=false run_ebb_pass edit "${id: -8}"
	expect_error 70 'did not finish normally'
	no_edit_files
	revs_json "$id" | json_check 'assert len(d) == 1'
}

@test "an entry written while locked can be edited once it has joined the rest" {
	ebb_quiet write 'sealed first' >/dev/null
	local id
	id=$(last_id entry)
	EDIT_WITH='opened and changed' EDITOR="$T/ed-with" run_ebb_pass edit "${id: -8}"
	expect_exit 0
	run_ebb_pass log --json
	printf '%s' "$output" | json_check 'assert d[0]["body"]["text"] == "opened and changed"'
}
