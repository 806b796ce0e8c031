#!/usr/bin/env bats
# ebb plan: a safety plan in six parts. Showing it needs the key and ends
# with where to find help now; an empty plan is explained kindly. `set`
# changes one part, `edit` the whole plan in $EDITOR under one heading per
# part; the first change makes the plan, later ones add revisions of it.

load helpers

setup() {
	common_setup
	make_vault
	# an editor that keeps what it was shown in $T/seen and, when $T/new
	# exists, writes that instead
	cat >"$T/editor" <<-'SH'
	#!/bin/sh
	cp "$1" "$EDITOR_DIR/seen"
	ls -ld "$(dirname "$1")" "$1" >"$EDITOR_DIR/modes"
	if [ -f "$EDITOR_DIR/new" ]; then cat "$EDITOR_DIR/new" >"$1"; fi
	SH
	chmod +x "$T/editor"
	export EDITOR="$T/editor" EDITOR_DIR="$T"
	unset VISUAL
}

plan_json() {
	ebb_pass plan --json 2>/dev/null
}

# plans: the plan records in the export, as "id rev deleted" lines.
plan_revs() {
	ebb_pass export json | python3 -c 'import json,sys
for r in json.load(sys.stdin)["records"]:
    if r["kind"] == "plan":
        print(r["id"], r["rev"])'
}

@test "an empty plan is explained, with how to start and where to find help" {
	run_ebb_pass plan
	expect_exit 0
	expect_out 'Your safety plan is empty'
	expect_out 'calmer day'
	expect_out '^  warning-signs +my warning signs$'
	expect_out '^  safe +making my surroundings safe$'
	expect_out 'ebb plan edit'
	expect_out 'ebb plan set'
	expect_out '988'
	expect_out 'findahelpline'
}

@test "showing needs the key: exit 77 when locked with no passphrase source" {
	run_ebb plan
	expect_error 77 'locked'
	expect_empty_stdout
}

@test "set one part, then show it under its heading, crisis lines last" {
	run_ebb_pass plan set people 'my sister Ana, 0123 456 789'
	expect_exit 0
	expect_out '^Kept in your plan: people I can ask for help\.$'
	run_ebb_pass plan
	expect_exit 0
	expect_out '^My safety plan \(last changed [0-9]{4}-[0-9]{2}-[0-9]{2}\)$'
	expect_out '^People I can ask for help$'
	expect_out '^  my sister Ana, 0123 456 789$'
	expect_out '^  \(nothing here yet: ebb plan set alone TEXT\)$'
	[[ "$(printf '%s\n' "$output" | tail -n 1)" == *"a person can help right now."* ]]
	expect_out '116 123'
}

@test "the first set makes the plan; later ones are revisions of the same record" {
	ebb_pass plan set people 'Ana' >/dev/null
	ebb_pass plan set alone 'a long walk' >/dev/null
	ebb_pass plan set people 'Ana, and Sam' >/dev/null
	run plan_revs
	[ "$(printf '%s\n' "$output" | cut -d' ' -f1 | sort -u | wc -l)" -eq 1 ]
	[ "$(printf '%s\n' "$output" | cut -d' ' -f2 | sort -n | tr '\n' ' ')" = "1 2 3 " ]
	plan_json | json_check '
p = {x["name"]: x["text"] for x in d["parts"]}
assert p["people"] == "Ana, and Sam" and p["alone"] == "a long walk", p
assert d["rev"] == 3'
}

@test "set with the same text changes nothing" {
	ebb_pass plan set safe 'keys with a neighbour' >/dev/null
	run_ebb_pass plan set safe 'keys with a neighbour'
	expect_exit 0
	expect_out 'Nothing changed'
	[ "$(plan_revs | wc -l)" -eq 1 ]
}

@test "set PART \"\" clears that part" {
	ebb_pass plan set alone 'music' >/dev/null
	ebb_pass plan set people 'Ana' >/dev/null
	run_ebb_pass plan set alone ''
	expect_exit 0
	expect_out '^Cleared from your plan: what I can do on my own\.$'
	plan_json | json_check '
p = {x["name"]: x["text"] for x in d["parts"]}
assert p["alone"] is None and p["people"] == "Ana", p'
}

@test "set takes the text from stdin when it is not a terminal" {
	printf 'breathe out slowly\ncall Ana\n' |
		setsid -w "$EBB" --passphrase-fd 3 plan set alone 3<"$PASSFILE" >/dev/null
	plan_json | json_check '
assert [x["text"] for x in d["parts"] if x["name"] == "alone"] == ["breathe out slowly\ncall Ana"]'
}

@test "set: an unknown part or no text: exit 64, nothing written" {
	local before
	before=$(record_count)
	run_ebb_pass plan set friends 'x'
	expect_error 64 "no part 'friends'"
	run_ebb_pass plan set
	expect_error 64 'which part'
	run_ebb_pass plan set people
	expect_error 64 'no text'
	run_ebb_pass plan set people "$(head -c 70000 /dev/zero | tr '\0' a)"
	expect_error 64 'too long'
	[ "$(record_count)" = "$before" ]
}

@test "set needs the key: exit 77 when locked, nothing written" {
	run_ebb plan set people 'Ana'
	expect_error 77 'locked'
	[ "$(plan_revs | wc -l)" -eq 0 ]
}

@test "edit shows the six parts as headings in a private file, and reads them back" {
	ebb_pass plan set people 'Ana' >/dev/null
	cat >"$T/new" <<-'EOF'
	# My warning signs

	not sleeping
	scrolling old photos at night

	# What I can do on my own
	a long walk

	# People and places that take my mind elsewhere
	# People I can ask for help

	Ana, and Sam

	# professionals and crisis lines
	Dr. Lee; 988
	# safe
	# Making my surroundings safe
	car keys with a neighbour
	EOF
	run_ebb_pass plan edit
	expect_exit 0
	expect_out 'Your safety plan is kept'
	# what the editor was shown: every heading, the current text, a guide
	grep -qx '# My warning signs' "$T/seen"
	grep -qx '# Making my surroundings safe' "$T/seen"
	grep -qx 'Ana' "$T/seen"
	grep -q 'ebb keeps only what is above this line' "$T/seen"
	# a 0700 directory and a 0600 file, both gone afterwards
	grep -q '^drwx------ ' "$T/modes"
	grep -q '^-rw------- ' "$T/modes"
	[ -z "$(ls -A "$XDG_RUNTIME_DIR")" ]
	plan_json | json_check '
p = {x["name"]: x["text"] for x in d["parts"]}
assert p == {"warning-signs": "not sleeping\nscrolling old photos at night",
             "alone": "a long walk", "distractions": None, "people": "Ana, and Sam",
             "professionals": "Dr. Lee; 988", "safe": "car keys with a neighbour"}, p
assert d["rev"] == 2'
}

@test "edit makes the plan the first time" {
	printf '# People I can ask for help\nAna\n' >"$T/new"
	run_ebb_pass plan edit
	expect_exit 0
	[ "$(plan_revs)" != "" ]
	[ "$(plan_revs | cut -d' ' -f2)" = "1" ]
}

@test "an edit left as it was changes nothing" {
	ebb_pass plan set people 'Ana' >/dev/null
	rm -f "$T/new"
	run_ebb_pass plan edit
	expect_exit 0
	expect_out 'Nothing changed'
	[ "$(plan_revs | wc -l)" -eq 1 ]
}

@test "an empty edit: exit 65, nothing saved" {
	rm -f "$T/new"
	run_ebb_pass plan edit
	expect_error 65 'empty'
	[ "$(plan_revs | wc -l)" -eq 0 ]
	ebb_pass plan set people 'Ana' >/dev/null
	printf '# My warning signs\n\n' >"$T/new"
	run_ebb_pass plan edit
	expect_error 65 'empty'
	[ "$(plan_revs | wc -l)" -eq 1 ]
}

@test "words above the first heading join the first part, with a word about it" {
	printf 'a note on top\n# My warning signs\nnot sleeping\n' >"$T/new"
	run_ebb_pass plan edit
	expect_exit 0
	expect_err 'above the first heading'
	plan_json | json_check '
assert d["parts"][0]["text"] == "a note on top\n\nnot sleeping", d["parts"][0]'
}

@test "an editor that fails saves nothing" {
	printf '#!/bin/sh\nexit 3\n' >"$T/editor"
	run_ebb_pass plan edit
	expect_exit 70
	expect_err 'nothing was saved'
	[ "$(plan_revs | wc -l)" -eq 0 ]
}

@test "--json: the parts in order with labels; crisis lines on stderr" {
	run_ebb_pass plan --json
	expect_exit 0
	printf '%s' "$output" | json_check '
assert d["id"] is None and d["rev"] is None
assert [x["name"] for x in d["parts"]] == ["warning-signs", "alone", "distractions", "people", "professionals", "safe"]
assert all(x["text"] is None for x in d["parts"])'
	expect_err 'findahelpline'
	ebb_pass plan set professionals 'Dr. Lee' >/dev/null
	plan_json | json_check '
assert len(d["id"]) == 36 and d["rev"] == 1
assert d["parts"][4] == {"name": "professionals", "label": "professionals and crisis lines", "text": "Dr. Lee"}'
	run_ebb_pass --json plan set professionals 'Dr. Lee, 9am-5pm'
	printf '%s' "$output" | json_check 'assert d["part"] == "professionals" and d["changed"] is True'
}

@test "the plan never reaches the vault file in clear" {
	ebb_pass plan set people 'a name only I would write' >/dev/null
	! grep -aq 'only I would write' "$VAULT"
	! grep -aq 'only I would write' "$VAULT-wal" 2>/dev/null
}

@test "bad usage: exit 64" {
	run_ebb plan burn
	expect_error 64 'not edit or set'
	run_ebb plan edit now
	expect_error 64 'extra'
}

@test "--help answers with exit 0" {
	run_ebb plan --help
	expect_exit 0
	expect_out '^usage: ebb plan'
}
