#!/usr/bin/env bats
# ebb misses: what I miss. Adding never needs the passphrase; listing and
# removing need the key; removing asks first, or needs --yes; an empty add
# writes nothing. The list never mixes with the reasons for leaving.

load helpers

setup() {
	common_setup
	make_vault
}

misses_json() {
	ebb_pass misses --json
}

add() {
	local out rc=0
	out=$(ebb_quiet misses add "$@" 2>&1) || rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "misses add $* exited $rc: $out" >&2
		return 1
	fi
}

id_of() {
	misses_json | python3 -c 'import json,sys
print(next(r["id"] for r in json.load(sys.stdin) if r["body"]["text"] == sys.argv[1]))' "$1"
}

@test "adding while locked needs no passphrase: sealed, exit 0" {
	run_ebb misses add 'Sunday mornings'
	expect_exit 0
	diff -u - <(printf '%s\n' "$output") <<-'EOF'
	Kept with what you miss.
	Sealed while locked; it joins the rest when you next unlock.
	EOF
	[ -z "$stderr" ] || {
		show_run
		false
	}
}

@test "added while locked, listed after unlocking, with a gentle word below" {
	add 'Sunday mornings'
	add 'the way they laughed at my jokes'
	run_ebb_pass misses
	expect_exit 0
	expect_out '^What I miss:$'
	expect_out '^  [0-9a-f]{8}  Sunday mornings$'
	expect_out '^  [0-9a-f]{8}  the way they laughed at my jokes$'
	expect_out "ebb both"
}

@test "text from stdin, and UTF-8 kept as written" {
	printf 'the café on the corner, 日曜日\n' | setsid -w "$EBB" misses add >/dev/null
	misses_json | json_check 'assert [r["body"]["text"] for r in d] == ["the café on the corner, 日曜日"]'
}

@test "an empty add: exit 64, nothing written" {
	local before
	before=$(record_count)
	run_ebb misses add
	expect_error 64 'nothing was written'
	run_ebb misses add '  '
	expect_error 64 'nothing was written'
	[ "$(record_count)" = "$before" ]
}

@test "listing needs the key: exit 77 when locked with no passphrase source" {
	run_ebb misses
	expect_error 77 'locked'
}

@test "an empty list says missing is part of grieving" {
	run_ebb_pass misses
	expect_exit 0
	expect_out 'Missing what was good is part of grieving'
	expect_out 'ebb misses add'
}

@test "--json: an array of miss records; reasons are not in it" {
	add 'one'
	ebb_quiet reasons add 'a reason' >/dev/null
	misses_json | json_check '
assert [r["body"]["text"] for r in d] == ["one"]
assert d[0]["kind"] == "miss"'
}

@test "rm: 64 without --yes and no terminal; --yes removes; 66 once gone or unknown" {
	local id
	add 'to let go of'
	id=$(id_of 'to let go of')
	run_ebb_pass misses rm "${id: -8}"
	expect_error 64 'add --yes'
	misses_json | json_check 'assert len(d) == 1'
	run_ebb_pass misses rm "${id: -8}" --yes
	expect_exit 0
	expect_out 'Removed'
	misses_json | json_check 'assert d == []'
	ebb_pass export json | json_check "
assert any(r['deleted'] for r in d['records'] if r['id'] == '$id')"
	run_ebb_pass misses rm "${id: -8}" --yes
	expect_error 66 'already removed'
	run_ebb_pass misses rm cafe --yes
	expect_error 66 'no record'
}

@test "rm of a reason through misses: exit 66, the reason stays" {
	local id
	ebb_quiet reasons add 'a reason' >/dev/null
	id=$(ebb_pass reasons --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
	run_ebb_pass misses rm "$id" --yes
	expect_error 66 'no thing you miss'
	ebb_pass reasons --json | json_check 'assert len(d) == 1'
}

@test "bad usage: exit 64" {
	run_ebb misses rm
	expect_error 64 'give its id'
	run_ebb misses --yes
	expect_error 64 '--yes goes with rm'
	run_ebb misses forget
	expect_error 64 'not add or rm'
}

@test "--help answers with exit 0" {
	run_ebb misses --help
	expect_exit 0
	expect_out '^usage: ebb misses'
}
