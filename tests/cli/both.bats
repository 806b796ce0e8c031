#!/usr/bin/env bats
# ebb both: what I miss beside why I left. Side by side on a wide terminal
# (and when stdout is not a terminal, which counts as 80 columns), one list
# after the other when narrower than 60 columns; JSON with both lists;
# reading needs the key.

load helpers

setup() {
	common_setup
	make_vault
}

miss() { ebb_quiet misses add "$@" >/dev/null; }
reason() { ebb_quiet reasons add "$@" >/dev/null; }

# widest: the widest line of stdin in display columns (East Asian wide
# characters count 2, combining marks 0).
widest() {
	python3 -c 'import sys, unicodedata
def w(s):
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
print(max((w(l) for l in sys.stdin.read().splitlines()), default=0))'
}

@test "not a terminal: two columns in 80, exactly as laid out" {
	miss 'the way we cooked together on Sundays'
	miss 'his laugh'
	reason 'He never listened when it mattered'
	reason "I want a life where I am not walking on eggshells, wondering what mood he will be in."
	run_ebb_pass both
	expect_exit 0
	diff -u - <(printf '%s\n' "$output") <<-'EOF'
	Missing what you had does not undo why you left. Both can be true at once.

	What I miss                              Why I left
	- the way we cooked together on          - He never listened when it mattered
	  Sundays                                - I want a life where I am not walking
	- his laugh                                on eggshells, wondering what mood he
	                                           will be in.
	EOF
}

@test "wide characters and long words keep the columns inside 80" {
	miss "$(printf '日本語のテキストがここにありますとても長い文章です、そして続きます')"
	miss 'supercalifragilisticexpialidociousandmorewordsstucktogetherbeyondthewidth'
	miss "$(printf 'cafe\xcc\x81 with a combining accent and some more words to wrap')"
	reason 'short'
	run_ebb_pass both
	expect_exit 0
	[ "$(printf '%s\n' "$output" | widest)" -le 80 ]
	# the right column starts at the same column on its line
	printf '%s\n' "$output" | grep -q '^What I miss  *Why I left$'
	expect_out '   - short$'
}

@test "a wide terminal: side by side" {
	miss 'the smell of the garden after rain'
	reason 'I kept shrinking to fit'
	export EBB_PASSPHRASE_FILE="$PASSFILE"
	run tty_run -- sh -c "stty cols 120 rows 40; exec \"\$EBB\" both"
	expect_exit 0
	expect_out '^What I miss +Why I left$'
	expect_out '^- the smell of the garden after rain +- I kept shrinking to fit$'
}

@test "a narrow terminal: one list after the other, wrapped to its width" {
	miss 'the smell of the garden after rain, and the quiet of those evenings'
	reason 'I kept shrinking to fit'
	export EBB_PASSPHRASE_FILE="$PASSFILE"
	run tty_run -- sh -c "stty cols 40 rows 40; exec \"\$EBB\" both"
	expect_exit 0
	expect_out '^What I miss$'
	expect_out '^Why I left$'
	expect_out '^- I kept shrinking to fit$'
	expect_no_out 'What I miss +Why I left'
	[ "$(printf '%s\n' "$output" | widest)" -le 40 ]
	# what I miss comes first
	[ "$(printf '%s\n' "$output" | grep -n '^What I miss' | cut -d: -f1)" -lt \
		"$(printf '%s\n' "$output" | grep -n '^Why I left' | cut -d: -f1)" ]
}

@test "empty lists: the header and a gentle pointer in each column" {
	run_ebb_pass both
	expect_exit 0
	expect_out '^Missing what you had does not undo why you left'
	expect_out "nothing yet: 'ebb misses add'"
	expect_out "nothing yet: 'ebb reasons add'"
}

@test "--json: {misses, reasons}, each a list of records" {
	miss 'one thing'
	miss 'another'
	reason 'the reason'
	run_ebb_pass both --json
	expect_exit 0
	printf '%s' "$output" | json_check '
assert sorted(d) == ["misses", "reasons"]
assert [r["body"]["text"] for r in d["misses"]] == ["one thing", "another"]
assert [r["body"]["text"] for r in d["reasons"]] == ["the reason"]
assert all(r["kind"] == "miss" for r in d["misses"])'
	run_ebb_pass both --json --vault "$VAULT"
	printf '%s' "$output" | json_check 'assert len(d["misses"]) == 2'
}

@test "--json with empty lists" {
	run_ebb_pass --json both
	expect_exit 0
	printf '%s' "$output" | json_check 'assert d == {"misses": [], "reasons": []}'
}

@test "entries added while locked are shown once the key is given" {
	miss 'sealed while locked'
	run_ebb_pass both
	expect_exit 0
	expect_out '^- sealed while locked'
}

@test "reading needs the key: exit 77 when locked with no passphrase source" {
	miss 'x'
	run_ebb both
	expect_error 77 'locked'
	expect_empty_stdout
}

@test "both takes no arguments: exit 64" {
	run_ebb both extra
	expect_error 64 'no arguments'
}

@test "--help answers with exit 0" {
	run_ebb both --help
	expect_exit 0
	expect_out '^usage: ebb both'
}
