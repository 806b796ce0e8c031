#!/usr/bin/env bats
# ebb search: words and "quoted phrases", case- and accent-insensitive,
# newest first, a snippet with every word marked, filters, JSON.

load helpers

setup() {
	common_setup
	make_vault --left-on 2025-12-01
	export EBB_PASSPHRASE_FILE="$PASSFILE"
}

# ebb_ok ARGS...: an ebb command that must succeed (no terminal).
ebb_ok() {
	local out rc=0
	out=$(setsid -w "$EBB" "$@" </dev/null 2>&1) || rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "ebb $* exited $rc: $out" >&2
		return 1
	fi
}

@test "café matches CAFE, cafe and café; the match is marked in brackets" {
	checkin 4 --at '2026-01-02 10:00' --note 'We sat in the CAFÉ on Main street'
	checkin 3 --at '2026-01-03 10:00' --note 'a cafe by the river'
	checkin 2 --at '2026-01-04 10:00' --note 'coffee at home'
	local q
	for q in cafe CAFE café Café 'cafe'$'\xcc\x81'; do
		run_ebb search "$q"
		expect_exit 0 || { echo "query: $q"; false; }
		[ "${#lines[@]}" -eq 4 ] || { echo "query: $q"; show_run; false; }
		expect_out '^    We sat in the \[CAFÉ\] on Main street$'
		expect_out '^    a \[cafe\] by the river$'
		expect_no_out 'coffee'
	done
}

@test "Straße matches strasse, and STRASSE matches Straße" {
	checkin 4 --at '2026-01-02 10:00' --note 'down the Straße to the station'
	checkin 5 --at '2026-01-03 10:00' --note 'HAUPTSTRASSE 5'
	run_ebb search strasse
	expect_exit 0
	expect_out '^    down the \[Straße\] to the station$'
	expect_out '^    HAUPT\[STRASSE\] 5$'
	run_ebb search Straße
	expect_exit 0
	[ "${#lines[@]}" -eq 4 ] || { show_run; false; }
	run_ebb search 'ΟΔΟΣ'
	expect_exit 0
	expect_out '^Nothing matches\.$'
}

@test "Greek and Cyrillic capitals match their lowercase, with or without accents" {
	checkin 4 --note 'η οδός ήταν μακριά'
	checkin 4 --note 'Ёлка у дома'
	run_ebb search ΟΔΟΣ
	expect_exit 0
	expect_out '^    η \[οδός\] ήταν μακριά$'
	run_ebb search ЕЛКА
	expect_exit 0
	expect_out '^    \[Ёлка\] у дома$'
}

@test "every word must match, anywhere in the record" {
	checkin 4 --at '2026-01-02 10:00' --note 'summer rain on the roof'
	checkin 4 --at '2026-01-03 10:00' --note 'a dry summer'
	checkin 4 --at '2026-01-04 10:00' --note 'rain again'
	run_ebb search summer rain
	expect_exit 0
	[ "${#lines[@]}" -eq 2 ] || { show_run; false; }
	expect_out '^    \[summer\] \[rain\] on the roof$'
	# the words as one argument, in the other order: the same record
	run_ebb search 'rain summer'
	expect_exit 0
	[ "${#lines[@]}" -eq 2 ] || { show_run; false; }
	expect_out '^    \[summer\] \[rain\] on the roof$'
	run_ebb search summer snow
	expect_exit 0
	expect_out '^Nothing matches\.$'
}

@test "a quoted phrase matches only its words together, in order" {
	checkin 4 --at '2026-01-02 10:00' --note 'it was last summer, I think'
	checkin 4 --at '2026-01-03 10:00' --note 'summer came last this year'
	run_ebb search '"last summer"'
	expect_exit 0
	[ "${#lines[@]}" -eq 2 ] || { show_run; false; }
	expect_out '^    it was \[last summer\], I think$'
	# the same as separate words: both records
	run_ebb search last summer
	expect_exit 0
	[ "${#lines[@]}" -eq 4 ] || { show_run; false; }
	# a phrase and a word; a phrase inside a longer argument
	run_ebb search '"LAST SUMMER" think'
	expect_exit 0
	expect_out '^    it was \[last summer\], I \[think\]$'
	run_ebb search '"summer last"'
	expect_out '^Nothing matches\.$'
}

@test "newest first, each with its log line and a snippet below it" {
	checkin 1 --at '2026-01-01 10:00' --note 'oldest walk'
	checkin 3 --at '2026-01-03 10:00' --note 'newest walk'
	checkin 2 --at '2026-01-02 10:00' --note 'middle walk'
	run_ebb search walk
	expect_exit 0
	[ "${#lines[@]}" -eq 6 ] || { show_run; false; }
	[[ "${lines[0]}" =~ ^2026-01-03\ 10:00\ \ [0-9a-f]{8}\ \ checkin\ +3/10\ \ newest\ walk$ ]] ||
		{ show_run; false; }
	[ "${lines[1]}" = "    newest [walk]" ] || { show_run; false; }
	[[ "${lines[2]}" == *"middle walk" ]] && [[ "${lines[4]}" == *"oldest walk" ]] ||
		{ show_run; false; }
}

@test "the snippet: about 30 characters either side, cut on characters, with …" {
	local before after
	before="$(printf 'é%.0s' $(seq 1 40))"
	after="$(printf 'ü%.0s' $(seq 1 40))"
	checkin 4 --note "${before} needle ${after}"
	run_ebb search needle
	expect_exit 0
	# 30 characters (the blank is one) either side, never half a letter
	expect_out "^    …$(printf 'é%.0s' $(seq 1 29)) \[needle\] $(printf 'ü%.0s' $(seq 1 29))…$"
	# text shorter than the window is shown whole, without …
	checkin 4 --note 'short needle text'
	run_ebb search needle
	expect_out '^    short \[needle\] text$'
}

@test "every word is marked in the snippet, each time it occurs there" {
	checkin 4 --note 'Rain, rain and more RAIN; the garden loves rain'
	run_ebb search rain garden
	expect_exit 0
	expect_out '^    \[Rain\], \[rain\] and more \[RAIN\]; the \[garden\]…$'
	# a word across the edge of the snippet widens it rather than being cut
	checkin 4 --note "$(printf 'x%.0s' $(seq 1 40)) needle $(printf 'y%.0s' $(seq 1 27)) needlework and more after that"
	run_ebb search needle
	expect_out "^    …x{29} \[needle\] y{27} \[needle\]…$"
	# and so does one across its start
	checkin 4 --note "abc needle $(printf 'z%.0s' $(seq 1 23)) oak tree"
	run_ebb search tree needle
	expect_out "^    …\[needle\] z{23} oak \[tree\]$"
	# overlapping words are marked once
	checkin 5 --note 'overlapping words'
	run_ebb search overlap lapping
	expect_out '^    \[overlapping\] words$'
}

@test "a note on several lines shows on one line; control characters do not reach the terminal" {
	checkin 4 --note $'first line\nthe lake\tby night \x1b[31mred'
	run_ebb search lake
	expect_exit 0
	expect_out '^    first line the \[lake\] by night  ?\[31mred$'
	[[ "$output" != *$'\x1b'* ]] || { show_run; false; }
}

@test "the colours of a terminal mark the words instead of brackets" {
	checkin 4 --note 'the lake at night'
	run tty_run -- env -u NO_COLOR EBB_PASSPHRASE_FILE="$PASSFILE" "$EBB" search lake
	[ "$status" -eq 0 ] || { show_run; false; }
	[[ "$output" == *$'the \e[1;4mlake\e[0m at night'* ]] || { show_run; false; }
	# and --no-color brings the brackets back
	run tty_run -- env -u NO_COLOR EBB_PASSPHRASE_FILE="$PASSFILE" "$EBB" search --no-color lake
	[[ "$output" == *'the [lake] at night'* ]] || { show_run; false; }
}

@test "written entries: title, text, tags and answers are searched" {
	ebb_ok write --title 'The corner café' --tag Summer --tag rain 'We met at the lake.'
	printf '## needs\nquiet mornings\n\n## values\nhonesty above all\n' |
		setsid -w "$EBB" write --prompt lessons >/dev/null 2>&1
	run_ebb search cafe
	expect_exit 0
	expect_out 'entry .*The corner café'
	expect_out '^    title: The corner \[café\]$'
	run_ebb search lake summer
	expect_exit 0
	expect_out '^    We met at the \[lake\]\.$'
	run_ebb search honesty mornings
	expect_exit 0
	expect_out 'entry +\[lessons\]'
	expect_out '\[mornings\].*\[honesty\] above all$'
	run_ebb search rain
	expect_out '^    tag: \[rain\]$'
	run_ebb search rain --json
	printf '%s' "$output" | json_check '
assert len(d) == 1, d
m = d[0]["match"]
assert m["field"] == "tags" and m["index"] == 1 and m["start"] == 0 and m["end"] == 4, m'
}

@test "reasons, things missed and hard dates are searched too" {
	ebb_ok reasons add 'He never listened to me'
	ebb_ok misses add 'Sunday breakfasts'
	ebb_ok dates add 2025-06-01 'the day we met' --yearly
	run_ebb search listened
	expect_exit 0
	expect_out 'reason '
	run_ebb search breakfast
	expect_out 'miss '
	run_ebb search '"day we met"'
	expect_out '^    label: the \[day we met\]$'
}

@test "--json: the records newest first, each with its match and byte offsets" {
	checkin 4 --at '2026-01-02 10:00' --note 'Ünder the CAFÉ sign'
	checkin 5 --at '2026-01-03 10:00' --note 'a café'
	run_ebb search cafe --json
	expect_exit 0
	printf '%s' "$output" | json_check '
assert isinstance(d, list) and len(d) == 2, d
assert [r["body"]["intensity"] for r in d] == [5, 4], d
for r in d:
    assert set(r) >= {"id", "kind", "at", "rev", "body", "match"}, r
    m = r["match"]
    assert m["field"] == "note", m
    text = r["body"]["note"].encode()
    assert text[m["start"]:m["end"]].decode().lower() == "café", m
assert d[1]["match"]["start"] == len("Ünder the ".encode()), d[1]
assert d[1]["match"]["snippet"] == "Ünder the CAFÉ sign", d[1]
assert d[1]["at"] == "2026-01-02T10:00:00+00:00"'
	# nothing on stderr, so the output is only JSON
	[ -z "$stderr" ] || { show_run; false; }
}

@test "no match: a gentle line and exit 0; with --json an empty array" {
	checkin 4 --note 'something else'
	run_ebb search nowhere
	expect_exit 0
	[ "$output" = "Nothing matches." ] || { show_run; false; }
	run_ebb search nowhere --json
	expect_exit 0
	printf '%s' "$output" | json_check 'assert d == []'
	# on an empty vault too
	run_ebb search anything
	expect_exit 0
}

@test "--kind, --from and --to narrow the search" {
	checkin 4 --at '2026-01-02 10:00' --note 'lake one'
	checkin 4 --at '2026-01-05 23:30' --note 'lake two'
	checkin 4 --at '2026-01-08 10:00' --note 'lake three'
	ebb_ok reasons add 'the lake house was never mine'
	run_ebb search lake --kind checkin
	expect_exit 0
	[ "${#lines[@]}" -eq 6 ] || { show_run; false; }
	run_ebb search lake --kind reason
	[ "${#lines[@]}" -eq 2 ] || { show_run; false; }
	expect_out 'lake house'
	run_ebb search lake --from 2026-01-03 --to 2026-01-05
	expect_exit 0
	[ "${#lines[@]}" -eq 2 ] || { show_run; false; }
	expect_out '^    \[lake\] two$'
	run_ebb search lake --from 2026-01-06 --kind checkin --json
	printf '%s' "$output" | json_check 'assert [r["body"]["note"] for r in d] == ["lake three"], d'
	run_ebb search lake --kind feelings
	expect_error 64 "no kind 'feelings'"
}

@test "-n shows the newest N and says how many more match" {
	local i
	for i in 1 2 3 4 5; do
		checkin "$i" --at "2026-01-0$i 12:00" --note "walk $i"
	done
	run_ebb search walk -n 2
	expect_exit 0
	[ "${#lines[@]}" -eq 5 ] || { show_run; false; }
	[[ "${lines[0]}" == *"walk 5" ]] && [[ "${lines[2]}" == *"walk 4" ]] || { show_run; false; }
	expect_out '^\(3 more; -n 5 shows them all\)$'
	run_ebb search walk -n 2 --json
	printf '%s' "$output" | json_check 'assert len(d) == 2, d'
	run_ebb search walk -n 0
	expect_error 64 '-n takes a number'
}

@test "deleted records are not found" {
	checkin 4 --note 'to forget'
	local id
	id=$(ebb_pass log --json --kind checkin | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
	ebb_ok delete "$id" --yes
	run_ebb search forget
	expect_exit 0
	expect_out '^Nothing matches\.$'
}

@test "bad searches: exit 64, and the vault is not touched" {
	checkin 4 --note 'x'
	ebb_pass log >/dev/null
	local before
	before=$(sum_of "$VAULT")
	run_ebb search
	expect_error 64 'what to look for'
	run_ebb search '   '
	expect_error 64 'what to look for'
	run_ebb search '"last summer'
	expect_error 64 'not closed'
	run_ebb search a b c d e f g h i j k l m n o p q
	expect_error 64 'at most 16'
	run_ebb search x --from 'the day after'
	expect_error 64 '--from'
	run_ebb search x --bogus
	expect_error 64 "unknown option '--bogus'"
	expect_empty_stdout
	[ "$(sum_of "$VAULT")" = "$before" ]
}

@test "locked with no passphrase source: exit 77; reading sealed check-ins with it" {
	checkin 4 --note 'sealed lake'
	unset EBB_PASSPHRASE_FILE
	run_ebb search lake
	expect_error 77 'locked'
	expect_empty_stdout
	run_ebb_pass search lake
	expect_exit 0
	expect_out '^    sealed \[lake\]$'
}

@test "with no vault: exit 66" {
	run_ebb --vault "$T/none.ebb" search lake
	expect_error 66 'no vault'
}
