#!/usr/bin/env bats
# ebb dates: hard dates and anniversaries, listed soonest first with when
# each comes round next and how many days until then. Adding never needs
# the passphrase; listing and removing need the key. Dates are read like
# every date in ebb (ISO, today, "3 days ago", ...) and kept as YYYY-MM-DD.
#
# "Today" cannot be fixed from outside, so the dates here are computed
# from `date +%F` (TZ=UTC, as set by helpers.bash).

load helpers

setup() {
	common_setup
	make_vault
}

dates_json() {
	ebb_pass dates --json
}

add() {
	local out rc=0
	out=$(ebb_quiet dates add "$@" 2>&1) || rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "dates add $* exited $rc: $out" >&2
		return 1
	fi
}

# day N: the date N days from today (negative: before), YYYY-MM-DD.
day() {
	python3 -c 'import datetime, sys
print(datetime.date.today() + datetime.timedelta(days=int(sys.argv[1])))' "$1"
}

# years_back N DAYS: the date DAYS from today, N years earlier (N a
# multiple of 4, so February 29 stays a real day).
years_back() {
	python3 -c 'import datetime, sys
d = datetime.date.today() + datetime.timedelta(days=int(sys.argv[2]))
print(d.replace(year=d.year - int(sys.argv[1])))' "$1" "$2"
}

@test "adding while locked needs no passphrase; it says when the day comes" {
	run_ebb dates add "$(day 3)" 'the hearing'
	expect_exit 0
	expect_out "^Kept: the hearing, $(day 3) \\(in 3 days\\)\\.$"
	expect_out 'Sealed while locked'
	[ -z "$stderr" ] || {
		show_run
		false
	}
}

@test "a date added while locked is listed after unlocking" {
	add "$(day 10)" 'a one-off'
	run_ebb_pass dates
	expect_exit 0
	expect_out '^Hard dates, soonest first:$'
	expect_out "^  [0-9a-f]{8}  $(day 10)  in 10 days +a one-off$"
}

@test "today, tomorrow, in N days, passed; soonest first, passed last" {
	add "$(day 30)" 'in a month'
	add "$(day -5)" 'last week'
	add today 'today itself'
	add "$(day 1)" 'tomorrow'
	add "$(day -40)" 'long ago'
	run_ebb_pass dates
	expect_exit 0
	diff -u - <(printf '%s\n' "$output" | sed -n '2,6p' | sed 's/^  [0-9a-f]\{8\}  /  ID  /') <<-EOF
	  ID  $(day 0)  today         today itself
	  ID  $(day 1)  tomorrow      tomorrow
	  ID  $(day 30)  in 30 days    in a month
	  ID  $(day -5)  passed        last week
	  ID  $(day -40)  passed        long ago
	EOF
	# a date within a week gets a gentle word
	expect_out 'One of these is close'
}

@test "yearly dates come round again: next occurrence and days until" {
	add "$(years_back 12 5)" 'their birthday' --yearly
	add --yearly "$(years_back 4 -1)" 'the day we met'
	add "$(years_back 8 0)" 'the day I left' --yearly
	dates_json | json_check "
import datetime
today = datetime.date.today()
by = {r['body']['label']: r for r in d}
assert [r['body']['label'] for r in d] == ['the day I left', 'their birthday', 'the day we met'], d
assert by['the day I left']['next'] == str(today) and by['the day I left']['days_until'] == 0
assert by['their birthday']['next'] == str(today + datetime.timedelta(days=5))
assert by['their birthday']['days_until'] == 5
met = today - datetime.timedelta(days=1)
nxt = met.replace(year=met.year + 1) if not (met.month == 2 and met.day == 29) else datetime.date(met.year + 1, 2, 28)
assert by['the day we met']['next'] == str(nxt), by['the day we met']
assert by['the day we met']['days_until'] == (nxt - today).days
assert all(r['body']['yearly'] is True for r in d)"
	run_ebb_pass dates
	expect_out "  $(day 5)  in 5 days     their birthday \\(every year\\)$"
}

@test "a one-off date in the past has no next occurrence" {
	add "$(day -3)" 'the hearing'
	dates_json | json_check '
assert d[0]["next"] is None and d[0]["days_until"] is None
assert d[0]["body"]["yearly"] is False'
	run_ebb dates add "$(day -3)" 'again'
	expect_out 'That day has passed'
}

@test "dates are read like everywhere in ebb and kept as YYYY-MM-DD" {
	add '3 days ago' 'three days ago' --yearly
	add '2026-03-04T23:30-05:00' 'with a time and an offset'
	add yesterday 'yesterday'
	dates_json | json_check "
by = {r['body']['label']: r['body']['date'] for r in d}
assert by['three days ago'] == '$(day -3)', by
assert by['yesterday'] == '$(day -1)', by
assert by['with a time and an offset'] == '2026-03-04', by"
}

@test "the label's words are joined, and may come on stdin" {
	add "$(day 2)" their birthday
	printf 'the day\n' | setsid -w "$EBB" dates add "$(day 4)" >/dev/null
	dates_json | json_check 'assert [r["body"]["label"] for r in d] == ["their birthday", "the day"]'
}

@test "a date that does not parse: exit 64, nothing written" {
	local before bad
	before=$(record_count)
	for bad in 'someday' '2026-02-30' '2026-13-01' '' 'next friday' '1899-12-31'; do
		run_ebb dates add "$bad" 'label'
		expect_exit 64 || {
			echo "date '$bad'"
			false
		}
		expect_err '^ebb: ' || false
		expect_empty_stdout
	done
	[ "$(record_count)" = "$before" ]
}

@test "a date without a label, or with too long a label: exit 64, nothing written" {
	local before
	before=$(record_count)
	run_ebb dates add "$(day 1)"
	expect_error 64 'needs a few words'
	run_ebb dates add "$(day 1)" '   '
	expect_error 64 'needs a few words'
	run_ebb dates add "$(day 1)" "$(head -c 300 /dev/zero | tr '\0' x)"
	expect_error 64 'too long'
	run_ebb dates add
	expect_error 64 'which day'
	[ "$(record_count)" = "$before" ]
}

@test "options in the wrong place: exit 64" {
	run_ebb dates --yearly
	expect_error 64 '--yearly goes with add'
	run_ebb dates rm abcd --yearly --yes
	expect_error 64 '--yearly goes with add'
	run_ebb dates add today x --yes
	expect_error 64 '--yes goes with rm'
	run_ebb dates later
	expect_error 64 'not add or rm'
}

@test "listing needs the key: exit 77 when locked with no passphrase source" {
	add today 'x'
	run_ebb dates
	expect_error 77 'locked'
}

@test "an empty list says what dates are for" {
	run_ebb_pass dates
	expect_exit 0
	expect_out 'No dates yet'
	expect_out 'ebb dates add'
	run_ebb_pass dates --json
	[ "$output" = "[]" ]
}

@test "rm: 64 without --yes and no terminal; --yes removes; 66 for unknown or gone" {
	local id
	add "$(day 2)" 'to remove'
	id=$(dates_json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
	run_ebb_pass dates rm "${id: -8}"
	expect_error 64 'add --yes'
	dates_json | json_check 'assert len(d) == 1'
	run_ebb_pass dates rm "${id: -8}" --yes
	expect_exit 0
	expect_out 'Removed the date'
	dates_json | json_check 'assert d == []'
	ebb_pass export json | json_check "
assert any(r['deleted'] for r in d['records'] if r['id'] == '$id')"
	run_ebb_pass dates rm "$id" --yes
	expect_error 66 'already removed'
	run_ebb_pass dates rm beef --yes
	expect_error 66 'no record'
}

@test "rm of a record that is not a date: exit 66" {
	local id
	ebb_quiet reasons add 'a reason' >/dev/null
	id=$(ebb_pass reasons --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
	run_ebb_pass dates rm "$id" --yes
	expect_error 66 'no date with the id'
}

@test "--help answers with exit 0" {
	run_ebb dates --help
	expect_exit 0
	expect_out '^usage: ebb dates'
}
