#!/usr/bin/env bats
# ebb show: one record in full, every field in words; --history; --json.

load helpers

setup() {
	common_setup
	make_vault --left-on 2025-12-01 --name 'Sam' --relationship partner
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

# newest_id [KIND]: the full id of the newest record (of KIND).
newest_id() {
	ebb_pass log --json -n 1 ${1:+--kind "$1"} |
		python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])'
}

@test "a check-in: kind, when with its offset, id, and every field in words" {
	checkin 6 --at '2026-01-02 21:30' --feel sadness,longing --grieving potential,self \
		--note 'a long day, but I called my sister'
	local id
	id=$(newest_id checkin)
	run_ebb show "$id"
	expect_exit 0
	expect_out '^Kind: +check-in$'
	expect_out '^When: +2026-01-02 21:30 \+00:00$'
	expect_out "^Id: +$id\$"
	expect_no_out '^Edited'
	expect_out '^Intensity: 6 out of 10$'
	expect_out '^Feelings: sadness, longing$'
	expect_out '^What I grieve:$'
	expect_out '^  - the future I imagined, what never fully existed$'
	expect_out '^  - who I was in it$'
	expect_out '^Note: a long day, but I called my sister$'
}

@test "the short id from log works as well as the full one" {
	checkin 3 --note 'short'
	local id
	id=$(newest_id checkin)
	run_ebb show "${id: -8}"
	expect_exit 0
	expect_out "^Id: +$id\$"
	run_ebb show "${id: -5}"
	expect_exit 0
	expect_out '^Note: short$'
}

@test "the time is shown as the clock showed it where it was written" {
	TZ=Europe/Berlin checkin 5 --at '2026-01-02 21:30'
	TZ=America/New_York checkin 5 --at '2026-07-02 08:15'
	run_ebb show "$(newest_id checkin)"
	expect_out '^When: +2026-07-02 08:15 -04:00$'
	run_ebb show --json "$(ebb_pass log --json --kind checkin | python3 -c 'import json,sys; print(json.load(sys.stdin)[1]["id"])')"
	printf '%s' "$output" | json_check 'assert d["at"] == "2026-01-02T21:30:00+01:00", d'
}

@test "a long or multi-line note goes below its label, indented" {
	checkin 4 --note $'first line\nsecond line\n\nafter a blank'
	run_ebb show "$(newest_id checkin)"
	expect_exit 0
	[[ "$output" == *$'Note:\n  first line\n  second line\n\n  after a blank'* ]] ||
		{ show_run; false; }
}

@test "a written entry: prompt, question, title, text, answers under their questions, tags" {
	printf '## needs\nquiet mornings\n\n## patterns\nI went quiet to keep the peace\n' |
		setsid -w "$EBB" write --prompt lessons --title 'What I learned' --tag spring \
			--tag 'after work' >/dev/null 2>&1
	run_ebb show "$(newest_id entry)"
	expect_exit 0
	expect_out '^Kind: +written entry$'
	expect_out '^Prompt: three questions: needs, patterns, values$'
	expect_out '^Question:'
	expect_out '^Title: What I learned$'
	expect_out '^Tags: spring, after work$'
	# each answer under its question, in the questions' order
	[[ "$output" == *$'\nWhat has this taught you about what you need?\n  quiet mornings\n'* ]] ||
		{ show_run; false; }
	[[ "$output" == *$'\nWhich patterns can you see now that you could not see then?\n  I went quiet to keep the peace'* ]] ||
		{ show_run; false; }
	expect_no_out 'made clearer what matters'
	# the answers are not shown twice
	expect_no_out '^Text'
	expect_no_out '##'
	# words written before the first question are the entry's text
	printf 'It rained all day.\n\n## values\nkindness\n' |
		setsid -w "$EBB" write --prompt lessons >/dev/null 2>&1
	run_ebb show "$(newest_id entry)"
	expect_out '^Text: It rained all day\.$'
	[[ "$output" == *$'\nHow has this loss made clearer what matters to you?\n  kindness'* ]] ||
		{ show_run; false; }
	# an entry without answers shows its text whole
	ebb_ok write --prompt free '## not a question' 'and more'
	run_ebb show "$(newest_id entry)"
	expect_out '^Text: ## not a question and more$'
}

@test "an urge, a contact, signs, a reason, a date, the plan and the profile" {
	ebb_ok urge 7 --for text --feel longing --did waited --note 'after the song'
	run_ebb show "$(newest_id urge)"
	expect_exit 0
	expect_out '^Intensity: 7 out of 10$'
	expect_out '^The urge: to text them$'
	expect_out '^Feeling: longing$'
	expect_out '^What I did: I waited until it eased$'
	expect_out '^Note: after the song$'

	ebb_ok contact --by them --note 'about the keys'
	run_ebb show "$(newest_id contact)"
	expect_out '^Who reached out: they did$'
	expect_out '^Note: about the keys$'

	ebb_ok signs 1 2 3 4
	run_ebb show "$(newest_id signs)"
	expect_out '^  1  I can think of them without falling apart$'
	expect_out '^  4  I trust myself more$'

	ebb_ok reasons add 'He never listened'
	run_ebb show "$(newest_id reason)"
	expect_out '^Kind: +a reason I left$'
	expect_out '^Text: He never listened$'

	ebb_ok dates add 2025-06-01 'the day we met' --yearly
	run_ebb show "$(newest_id date)"
	expect_out '^Date: 2025-06-01$'
	expect_out '^Label: the day we met$'
	expect_out '^Every year: yes$'

	ebb_ok plan set people 'my sister, Ana'
	run_ebb show "$(newest_id plan)"
	expect_out '^People I can ask for help: my sister, Ana$'

	run_ebb show "$(newest_id profile)"
	expect_out '^Left on: 2025-12-01$'
	expect_out '^Name: Sam$'
	expect_out '^Relationship: a partner$'
}

@test "an edited record says how many versions; --history shows the earlier ones" {
	checkin 5 --at '2026-01-02 10:00' --note 'first words'
	local id
	id=$(newest_id checkin)
	VISUAL='sed -i s/first/second/' ebb_ok edit "$id"
	run_ebb show "$id"
	expect_exit 0
	expect_out '^Edited: 2 versions$'
	expect_out '^Note: second words$'
	expect_no_out 'first words'
	run_ebb show "$id" --history
	expect_exit 0
	expect_out '^-- version 1 of 2, 2026-01-02 10:00 \+00:00 --$'
	expect_out '^Note: first words$'
	run_ebb show "$id" --history --json
	expect_exit 0
	printf '%s' "$output" | json_check '
assert d["rev"] == 2 and d["body"]["note"] == "second words", d
h = d["history"]
assert [r["rev"] for r in h] == [1, 2], h
assert h[0]["body"]["note"] == "first words", h
assert all(r["id"] == d["id"] for r in h)'
}

@test "--json is the record as log prints it" {
	checkin 7 --at '2026-01-05 09:00' --note 'in json'
	local id
	id=$(newest_id checkin)
	run_ebb show "$id" --json
	expect_exit 0
	[ -z "$stderr" ] || { show_run; false; }
	local from_log
	from_log=$(ebb_pass log --json --kind checkin)
	printf '%s' "$output" | json_check "
log = $from_log
assert d == log[0], (d, log)
assert 'history' not in d"
}

@test "unknown, deleted, or not an id: 66, 66, 64" {
	checkin 4 --note 'x'
	local id
	id=$(newest_id checkin)
	run_ebb show 0123456789ab
	expect_error 66 'no record ending in 0123456789AB'
	expect_empty_stdout
	run_ebb show 01234567-89ab-7def-8123-456789abcdef
	expect_error 66 'no record'
	run_ebb show not-an-id
	expect_error 64 'not a record id'
	run_ebb show
	expect_error 64 'which record'
	run_ebb show "$id" extra
	expect_error 64 "'extra' is extra"
	ebb_ok delete "$id" --yes
	run_ebb show "$id"
	expect_error 66 'was deleted'
	expect_empty_stdout
}

@test "locked with no passphrase source: exit 77" {
	checkin 4 --note 'sealed'
	local id
	id=$(newest_id checkin)
	unset EBB_PASSPHRASE_FILE
	run_ebb show "$id"
	expect_error 77 'locked'
	run_ebb_pass show "$id"
	expect_exit 0
	expect_out '^Note: sealed$'
}
