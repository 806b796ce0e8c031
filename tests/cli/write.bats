#!/usr/bin/env bats
# ebb write: text from the arguments, from stdin, or from the editor (on a
# private file that is gone afterwards) all land in the entry; prompts come
# from the library and never twice in a row; an empty text saves nothing;
# writing never asks for the passphrase; ebb never sends a letter.

load helpers

setup() {
	common_setup
	make_vault
	# editors for the tests: each is a small script in the test's dir
	cat >"$T/ed-write" <<-'EOF'
	#!/bin/sh
	# keeps what it was shown and how the file was protected, then writes
	cp "$1" "$EDITOR_SEEN"
	stat -c %a "$1" >"$EDITOR_SEEN.mode"
	stat -c %a "$(dirname "$1")" >"$EDITOR_SEEN.dirmode"
	printf 'words from the editor\n' >"$1"
	EOF
	cat >"$T/ed-lessons" <<-'EOF'
	#!/bin/sh
	# answers two of the three questions under the headings it was given
	awk '/^## What has this taught you/ { print; print "room to breathe"; next }
	     /^## How has this loss/ { print; print "honesty, kept gently"; next }
	     { print }' "$1" >"$1.new" && mv "$1.new" "$1"
	EOF
	cat >"$T/ed-empty" <<-'EOF'
	#!/bin/sh
	: >"$1"
	EOF
	cat >"$T/ed-blank" <<-'EOF'
	#!/bin/sh
	printf '   \n\n\t\n' >"$1"
	EOF
	cat >"$T/ed-fail" <<-'EOF'
	#!/bin/sh
	printf 'half a thought\n' >"$1"
	exit 3
	EOF
	chmod +x "$T"/ed-*
	export EDITOR_SEEN="$T/seen"
	unset VISUAL
}

# entries_json: the entries as `log --json` shows them with the passphrase.
entries_json() {
	ebb_pass log --json --kind entry -n 1000000
}

# no_edit_files: the editor's private directory is gone.
no_edit_files() {
	local left
	left=$(find "$XDG_RUNTIME_DIR" -maxdepth 1 -name 'ebb-edit-*' 2>/dev/null)
	[ -z "$left" ] || {
		echo "left behind: $left"
		return 1
	}
}

@test "text from the arguments is kept, sealed while locked, and appears after unlock" {
	run_ebb write 'the kitchen was' quiet today
	expect_exit 0
	expect_out '^Kept: 5 words\.$'
	expect_out '^Sealed while locked'
	[ -z "$stderr" ] || { show_run; false; }
	entries_json | json_check '
assert len(d) == 1
b = d[0]["body"]
assert b["text"] == "the kitchen was quiet today", b
assert b["prompt"] == "free" and "prompt_id" not in b and "question" not in b, b'
}

@test "text from stdin is kept, whole, without the trailing newline" {
	run --separate-stderr setsid -w "$EBB" write <<-'EOF'
	first line
	  second line, indented

	after a blank line
	EOF
	expect_exit 0
	expect_out '^Kept: 9 words\.$'
	entries_json | json_check '
t = d[0]["body"]["text"]
assert t == "first line\n  second line, indented\n\nafter a blank line", repr(t)'
}

@test "text from the editor is kept; the prompt shows below the line; the file is private and gone" {
	command -v python3 >/dev/null || skip "python3 is needed to drive a terminal"
	EDITOR="$T/ed-write" run tty_run -- "$EBB" write --prompt unlived
	expect_exit 0
	expect_out 'Kept: 4 words\.'
	expect_no_out '[Pp]assphrase'
	[ "$(cat "$T/seen.mode")" = 600 ]
	[ "$(cat "$T/seen.dirmode")" = 700 ]
	grep -q 'ebb keeps only what is above this line' "$T/seen"
	no_edit_files
	entries_json | json_check '
b = d[0]["body"]
assert b["text"] == "words from the editor", b
assert b["prompt"] == "unlived" and b["prompt_id"].startswith("unlived-"), b
open("'"$T"'/question", "w").write(b["question"])'
	# the question shown in the editor is the one kept with the entry
	local q
	q=$(tr '\n' ' ' <"$T/seen" | tr -s ' ')
	[[ "$q" == *"$(cut -c1-40 "$T/question")"* ]] || {
		echo "the editor did not show: $(cat "$T/question")"
		cat "$T/seen"
		false
	}
}

@test "the editor opens on the temp dir under XDG_RUNTIME_DIR, which is removed" {
	command -v python3 >/dev/null || skip "python3 is needed to drive a terminal"
	cat >"$T/ed-where" <<-'EOF'
	#!/bin/sh
	dirname "$1" >"$EDITOR_SEEN.where"
	printf 'here\n' >"$1"
	EOF
	chmod +x "$T/ed-where"
	EDITOR="$T/ed-where" run tty_run -- "$EBB" write
	expect_exit 0
	[[ "$(cat "$T/seen.where")" == "$XDG_RUNTIME_DIR"/ebb-edit-* ]]
	[ ! -e "$(cat "$T/seen.where")" ]
	[ -z "$(ls -A "$XDG_RUNTIME_DIR")" ]
}

@test "VISUAL wins over EDITOR" {
	command -v python3 >/dev/null || skip "python3 is needed to drive a terminal"
	VISUAL="$T/ed-write" EDITOR="$T/ed-fail" run tty_run -- "$EBB" write
	expect_exit 0
	entries_json | json_check 'assert d[0]["body"]["text"] == "words from the editor"'
}

@test "lessons in the editor: three headings, answers kept by heading" {
	command -v python3 >/dev/null || skip "python3 is needed to drive a terminal"
	EDITOR="$T/ed-lessons" run tty_run -- "$EBB" write --prompt lessons --title 'a Sunday'
	expect_exit 0
	expect_out 'Kept: 6 words\.'
	no_edit_files
	entries_json | json_check '
b = d[0]["body"]
assert b["prompt"] == "lessons" and b["title"] == "a Sunday", b
assert b["answers"] == {"needs": "room to breathe", "values": "honesty, kept gently"}, b
assert b["text"].count("## ") == 3, b["text"]'
}

@test "lessons from stdin: answers found under headings by name or question" {
	run --separate-stderr setsid -w "$EBB" write --prompt lessons <<-'EOF'
	A slow walk first.
	# Needs:
	sleep, and quiet mornings
	## Which patterns can you see now that you could not see then?
	saying yes too fast
	EOF
	expect_exit 0
	entries_json | json_check '
a = d[0]["body"]["answers"]
assert a == {"needs": "sleep, and quiet mornings", "patterns": "saying yes too fast"}, a'
}

@test "an empty edit saves nothing, says so, exit 65, and leaves no file" {
	command -v python3 >/dev/null || skip "python3 is needed to drive a terminal"
	local ed
	for ed in "$T/ed-empty" "$T/ed-blank" true; do
		EDITOR="$ed" run tty_run -- "$EBB" write --prompt memory
		expect_exit 65 || {
			echo "editor $ed"
			false
		}
		expect_out 'ebb: nothing was written, so nothing was saved'
		no_edit_files
	done
	# the lessons template untouched is empty too
	EDITOR=true run tty_run -- "$EBB" write --prompt lessons
	expect_exit 65
	[ "$(record_count)" = 0 ]
}

@test "empty stdin, blank stdin or blank arguments: exit 65, nothing written" {
	run --separate-stderr setsid -w "$EBB" write </dev/null
	expect_error 65 '^ebb: nothing was written, so nothing was saved$'
	expect_empty_stdout
	run --separate-stderr setsid -w "$EBB" write --prompt anger <<<$'  \n\t\n'
	expect_error 65 'nothing was written'
	run_ebb write '' '  '
	expect_error 65 'nothing was written'
	[ "$(record_count)" = 0 ]
}

@test "an editor that fails saves nothing and leaves no file" {
	command -v python3 >/dev/null || skip "python3 is needed to drive a terminal"
	EDITOR="$T/ed-fail" run tty_run -- "$EBB" write
	expect_exit 70
	expect_out 'did not finish normally, so nothing was saved'
	no_edit_files
	[ "$(record_count)" = 0 ]
}

@test "two successive --prompt anger never give the same prompt" {
	local i prev="" cur
	for i in 1 2 3 4 5 6 7 8; do
		cur=$(ebb_quiet --json write --prompt anger "round $i" |
			python3 -c 'import json,sys; print(json.load(sys.stdin)["prompt_id"])')
		[[ "$cur" == anger-* ]]
		[ "$cur" != "$prev" ] || {
			echo "anger prompt $cur came twice in a row"
			false
		}
		prev=$cur
	done
	# the question kept is the library's text for that id
	"$EBB" write --json --list-prompts anger >"$T/lib.json"
	entries_json | json_check '
lib = {p["id"]: p["text"] for p in json.load(open("'"$T"'/lib.json"))}
assert len(d) == 8
for r in d:
    b = r["body"]
    assert b["question"] == lib[b["prompt_id"]], b'
}

@test "--json prints id, queued and prompt_id" {
	run_ebb write --json 'a plain one'
	expect_exit 0
	printf '%s' "$output" | json_check '
assert set(d) == {"id", "queued", "prompt_id"}, d
assert d["queued"] is True and d["prompt_id"] is None and len(d["id"]) == 36'
	run_ebb write --json --prompt closure 'letting it be'
	expect_exit 0
	printf '%s' "$output" | json_check 'assert d["prompt_id"].startswith("closure-")'
}

@test "a write while unlocked is not queued" {
	keyring_or_skip
	ebb_unlock
	run_ebb write --json 'while unlocked'
	expect_exit 0
	printf '%s' "$output" | json_check 'assert d["queued"] is False'
	run_ebb write 'again'
	expect_no_out 'Sealed while locked'
}

@test "a letter: ebb says, gently, that it never sends anything" {
	run_ebb write --prompt letter 'Dear you, I am keeping this.'
	expect_exit 0
	expect_out 'never sends anything'
	run_ebb write --json --prompt letter 'another'
	expect_exit 0
	expect_err 'never sends anything'
	printf '%s' "$output" | json_check 'assert d["prompt_id"].startswith("letter-")'
	entries_json | json_check 'assert all(r["body"]["prompt"] == "letter" for r in d)'
}

@test "the letter guide in the editor says it is never sent" {
	command -v python3 >/dev/null || skip "python3 is needed to drive a terminal"
	EDITOR="$T/ed-write" run tty_run -- "$EBB" write --prompt letter
	expect_exit 0
	grep -q 'never sends anything' "$T/seen"
}

@test "on a terminal, write never asks for the passphrase" {
	command -v python3 >/dev/null || skip "python3 is needed to drive a terminal"
	run tty_run -- "$EBB" write 'typed at a terminal'
	expect_exit 0
	expect_no_out '[Pp]assphrase'
	expect_out 'Sealed while locked'
}

@test "--title, --tag (repeated, twice the same kept once) and --at are kept" {
	run_ebb write --title 'the first spring' --tag spring --tag walks --tag spring \
		--at '2026-03-04 21:30' 'the magnolia was out'
	expect_exit 0
	entries_json | json_check '
r = d[0]
assert r["body"]["title"] == "the first spring", r
assert r["body"]["tags"] == ["spring", "walks"], r
assert r["at"] == "2026-03-04T21:30:00+00:00", r'
}

@test "a bad --prompt kind: exit 64 naming the kinds, nothing written" {
	run_ebb write --prompt sorrow 'text'
	expect_error 64 "no prompt kind 'sorrow' \(unlived, letter, lessons, anger, memory, closure, free\)"
	expect_empty_stdout
	run_ebb write --prompt '' 'text'
	expect_exit 64
	[ "$(record_count)" = 0 ]
}

@test "an --at that does not parse or is still to come: exit 64, nothing written" {
	run_ebb write --at 'the day after never' 'text'
	expect_error 64 'the day after never'
	run_ebb write --at '2999-01-01' 'text'
	expect_error 64 'not come yet'
	run_ebb write --at
	expect_exit 64
	[ "$(record_count)" = 0 ]
}

@test "a bad --tag or an unknown option: exit 64, nothing written" {
	run_ebb write --tag '' 'text'
	expect_exit 64
	run_ebb write --tag "$(printf 'x%.0s' $(seq 65))" 'text'
	expect_exit 64
	run_ebb write --shout 'text'
	expect_error 64 "unknown option '--shout'"
	[ "$(record_count)" = 0 ]
}

@test "text that is not UTF-8: nothing written" {
	run_ebb write "$(printf 'caf\xe9')"
	expect_exit 64
	run --separate-stderr setsid -w "$EBB" write < <(printf 'caf\xe9\n')
	expect_error 65 'UTF-8'
	[ "$(record_count)" = 0 ]
}

@test "no vault: exit 66 pointing at init" {
	run_ebb --vault "$T/none.ebb" write 'text'
	expect_error 66 'ebb init'
}

@test "--list-prompts shows every kind with at least five prompts; --json too" {
	run_ebb write --list-prompts
	expect_exit 0
	local k
	for k in unlived letter lessons anger memory closure free; do
		expect_out "^$k: "
		[ "$(printf '%s\n' "$output" | grep -c "^  $k-[0-9]")" -ge 5 ]
	done
	expect_out 'What has this taught you about what you need\?'
	run_ebb write --list-prompts --json
	expect_exit 0
	printf '%s' "$output" | json_check '
from collections import Counter
c = Counter(p["kind"] for p in d)
assert set(c) == {"unlived", "letter", "lessons", "anger", "memory", "closure", "free"}, c
assert min(c.values()) >= 5, c
assert len({p["id"] for p in d}) == len(d)'
	run_ebb write --list-prompts memory
	expect_exit 0
	expect_no_out '^anger'
	expect_out '^  memory-1 '
	run_ebb write --list-prompts grief
	expect_error 64 "no prompt kind 'grief'"
}
