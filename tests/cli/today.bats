#!/usr/bin/env bats
# ebb today: the home screen. Letting go and healing as two halves, the
# urges of the last 7 days counted, a prompt, hard dates ahead, the
# invitation to check in, and --json with the keys ebb-today(1) lists.

load helpers

setup() {
	common_setup
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

# day N: the date N days from today (negative: ago), YYYY-MM-DD (TZ=UTC).
day() { date -d "$1 days" +%F; }

@test "a vault with only the profile reads warmly, every part present" {
	make_vault --left-on "$(day -10)"
	run_ebb today
	expect_exit 0
	[ "${lines[0]}" = "Today, $(date +%F)" ] || { show_run; false; }
	expect_out '^Letting go$'
	expect_out "^  You left 10 days ago, on $(day -10)\\.$"
	expect_out '^  Contact: no contact recorded\.$'
	expect_out '^  Urges in the last 7 days: none noted\.$'
	expect_out '^Healing$'
	expect_out "^  Check-ins: none yet\\. 'ebb checkin 4' is a gentle start\\.$"
	expect_out '^  Signs of healing: not rated yet\.'
	expect_out '^  A prompt for today \(.*\):$'
	expect_out "^  Hard dates: none noted\\."
	expect_out '^No check-in yet today\.'
	[ "${lines[-1]}" = "If you need someone now: ebb help crisis" ] || { show_run; false; }
	# the halves come in order, letting go first
	printf '%s\n' "$output" | awk '/^Letting go$/ { l = NR } /^Healing$/ { h = NR }
		END { exit !(l && h && l < h) }'
	expect_no_out 'relapse|failure|streak|worse'
}

@test "with no day of leaving: not set" {
	make_vault
	run_ebb today
	expect_exit 0
	expect_out '^  The day you left: not set\.$'
	run_ebb today --json
	printf '%s' "$output" | json_check '
lg = d["letting_go"]
assert lg["left_on"] is None and lg["days_since_left"] is None, lg'
}

@test "the day you left: today, yesterday, or days ago" {
	make_vault --left-on "$(day 0)"
	run_ebb today
	expect_out "^  You left today, $(day 0)\\."
	make_vault --vault "$T/b.ebb" --left-on "$(day -1)"
	run_ebb --vault "$T/b.ebb" today
	expect_out "^  You left 1 day ago, on $(day -1)\\.$"
}

@test "the last contact: neutral, with who reached out" {
	make_vault --left-on 2025-12-01
	ebb_ok contact --by me --at "$(day -9)"
	ebb_ok contact --by them --at "$(day -3)"
	run_ebb today
	expect_exit 0
	expect_out '^  Last contact: 3 days ago \(they reached out\)\.$'
	ebb_ok contact
	run_ebb today
	expect_out '^  Last contact: today\.$'
	run_ebb today --json
	printf '%s' "$output" | json_check '
c = d["letting_go"]["last_contact"]
assert c["days_since"] == 0 and c["by"] is None, c'
}

@test "urge counts match what was written: the last 7 days, let pass and acted on apart" {
	make_vault --left-on 2025-12-01
	ebb_ok urge 5 --for text --did waited
	ebb_ok urge 6 --for call --did waited --at "$(day -2)"
	ebb_ok urge 7 --for look --did breathed --at "$(day -6)"
	ebb_ok urge 8 --for go-back --did reached-out --at "$(day -1)"
	ebb_ok urge 3 --for other --at "$(day -4)"
	# older than the window
	ebb_ok urge 9 --for text --did reached-out --at "$(day -7)"
	ebb_ok urge 9 --for text --did wrote --at "$(day -30)"
	run_ebb today
	expect_exit 0
	expect_out '^  Urges in the last 7 days: 5\. Let pass: 4\. Acted on: 1\.$'
	expect_out '^    2  I waited until it eased$'
	expect_out '^    1  I breathed through it$'
	expect_out '^    1  I reached out to them$'
	expect_out '^    1  nothing noted about it$'
	expect_no_out 'I wrote it down'
	run_ebb today --json
	expect_exit 0
	printf '%s' "$output" | FROM="$(day -6)" TO="$(day 0)" json_check '
import os
u = d["letting_go"]["urges"]
assert (u["total"], u["let_pass"], u["acted_on"]) == (5, 4, 1), u
assert u["did"] == {"waited": 2, "wrote": 0, "breathed": 1, "reached-out": 1,
                    "other": 0, "not_noted": 1}, u
assert (u["from"], u["to"]) == (os.environ["FROM"], os.environ["TO"]), u'
}

@test "the latest five check-ins with intensity and feelings; the invitation comes and goes" {
	make_vault --left-on 2025-12-01
	local i
	for i in 1 2 3 4 5 6; do
		checkin "$i" --at "$(day -$((10 - i))) 12:00" --feel sadness,hope
	done
	run_ebb today
	expect_exit 0
	expect_out '^  Latest check-ins:$'
	expect_out "^    $(day -4) 12:00   6/10  sadness, hope$"
	expect_out "^    $(day -8) 12:00   2/10  sadness, hope$"
	expect_no_out '1/10'
	expect_out '^No check-in yet today\. When you like: ebb checkin N'
	checkin 3 --at "$(day -1) 23:59"
	run_ebb today
	expect_out '^No check-in yet today\.'
	checkin 4 --note 'now'
	run_ebb today
	expect_exit 0
	expect_out "^    $(day 0) [0-9:]{5}   4/10$"
	expect_no_out 'No check-in yet today'
	[ "${lines[-1]}" = "If you need someone now: ebb help crisis" ] || { show_run; false; }
	run_ebb today --json
	printf '%s' "$output" | json_check '
c = d["healing"]["checkins"]
assert len(c) == 5, c
assert [r["body"]["intensity"] for r in c] == [4, 3, 6, 5, 4], c
assert d["checked_in_today"] is True'
}

@test "the latest signs, each with its words" {
	make_vault --left-on 2025-12-01
	ebb_ok signs 0 1 1 2
	ebb_ok signs 2 3 1 4
	run_ebb today
	expect_exit 0
	expect_out "^  Signs of healing, rated $(day 0) \\(0 to 4\\):$"
	expect_out '^    2  I can think of them without falling apart$'
	expect_out '^    4  I trust myself more$'
	run_ebb today --json
	printf '%s' "$output" | json_check 'assert d["healing"]["signs"]["body"]["ratings"] == [2, 3, 1, 4], d'
}

@test "a prompt for today: the same all day, with the command to write" {
	make_vault --left-on 2025-12-01
	run_ebb today --json
	expect_exit 0
	local kind
	kind=$(printf '%s' "$output" | python3 -c 'import json,sys; print(json.load(sys.stdin)["healing"]["prompt"]["kind"])')
	printf '%s' "$output" | json_check '
p = d["healing"]["prompt"]
assert set(p) == {"id", "kind", "text"} and p["id"].startswith(p["kind"] + "-"), p'
	run_ebb today
	expect_out "^    To write from a prompt like it: ebb write --prompt $kind$"
	local first second
	first=$(ebb_quiet today --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["healing"]["prompt"]["id"])')
	second=$(ebb_quiet today --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["healing"]["prompt"]["id"])')
	[ "$first" = "$second" ]
}

@test "a hard date in the next 7 days, gently; later ones wait" {
	make_vault --left-on 2025-12-01
	ebb_ok dates add "$(date -d '3 days 2 years ago' +%F)" 'their birthday' --yearly
	ebb_ok dates add "$(day 10)" 'the court date'
	ebb_ok dates add "$(day 0)" 'the day we met'
	ebb_ok dates add "$(day -1)" 'the move'
	run_ebb today
	expect_exit 0
	expect_out "^  Their birthday is in 3 days \\($(day 3)\\)\\.$"
	expect_out '^  Today: the day we met\.$'
	expect_out '^  Hard days are allowed to be hard\.$'
	expect_no_out 'court|move'
	run_ebb today --json
	printf '%s' "$output" | NEXT="$(day 3)" json_check '
import os
h = d["healing"]["hard_dates"]
assert [x["label"] for x in h] == ["the day we met", "their birthday"], h
b = h[1]
assert b["in_days"] == 3 and b["next"] == os.environ["NEXT"] and b["yearly"] is True, b
assert h[0]["in_days"] == 0 and h[0]["yearly"] is False, h'
}

@test "hard dates noted, none in the next 7 days" {
	make_vault --left-on 2025-12-01
	ebb_ok dates add "$(day 8)" 'the court date'
	run_ebb today
	expect_exit 0
	expect_out '^  No hard dates in the next 7 days\.$'
	expect_no_out 'allowed to be hard'
}

@test "--json: one object with the documented keys, nothing else on stdout" {
	make_vault --left-on 2025-12-01
	checkin 4 --feel calm
	ebb_ok urge 5 --did waited
	run_ebb today --json
	expect_exit 0
	[ -z "$stderr" ] || { show_run; false; }
	printf '%s' "$output" | json_check '
assert set(d) == {"today", "letting_go", "healing", "checked_in_today"}, d.keys()
lg, h = d["letting_go"], d["healing"]
assert set(lg) == {"left_on", "days_since_left", "last_contact", "urges"}, lg.keys()
assert lg["left_on"] == "2025-12-01" and isinstance(lg["days_since_left"], int), lg
assert lg["last_contact"] is None, lg
assert set(lg["urges"]) == {"from", "to", "total", "let_pass", "acted_on", "did"}, lg
assert set(h) == {"checkins", "signs", "prompt", "hard_dates"}, h.keys()
assert h["signs"] is None and h["hard_dates"] == [], h
c = h["checkins"][0]
assert set(c) >= {"id", "kind", "at", "rev", "body"} and c["body"]["feelings"] == ["calm"], c
assert d["checked_in_today"] is True'
}

@test "check-ins sealed while locked are counted once read with the passphrase" {
	make_vault --left-on 2025-12-01
	checkin 4 --note 'sealed'
	unset EBB_PASSPHRASE_FILE
	run_ebb today
	expect_error 77 'locked'
	expect_empty_stdout
	run_ebb_pass today
	expect_exit 0
	expect_no_out 'No check-in yet today'
}

@test "bad use: an extra argument is 64; no vault is 66" {
	make_vault
	run_ebb today now
	expect_error 64 "'now' is extra"
	run_ebb --vault "$T/none.ebb" today
	expect_error 66 'no vault'
}
