#!/usr/bin/env bats
# The record filters --from, --to and --kind, as `ebb log` and `ebb search`
# use them: a day counts whole, a time counts from or up to that moment,
# everything in local time; bad values are refused with 64.

load helpers

setup() {
	common_setup
	make_vault --left-on 2025-12-01
	export EBB_PASSPHRASE_FILE="$PASSFILE"
}

# notes ARGS...: the notes of the check-ins `ebb log --kind checkin ARGS`
# shows, oldest first, on one line.
notes() {
	ebb_quiet log --kind checkin --json -n 1000 "$@" |
		python3 -c 'import json,sys; print(" ".join(r["body"].get("note", "") for r in reversed(json.load(sys.stdin))))'
}

# found ARGS...: the same for `ebb search walk ARGS`.
found() {
	ebb_quiet search walk --kind checkin --json -n 1000 "$@" |
		python3 -c 'import json,sys; print(" ".join(r["body"].get("note", "") for r in reversed(json.load(sys.stdin))))'
}

# around_midnight: check-ins on either side of the nights around 2026-01-05.
around_midnight() {
	checkin 1 --at '2026-01-04 23:59:59' --note 'walk-a'
	checkin 2 --at '2026-01-05 00:00' --note 'walk-b'
	checkin 3 --at '2026-01-05 12:00' --note 'walk-c'
	checkin 4 --at '2026-01-05 23:59:59' --note 'walk-d'
	checkin 5 --at '2026-01-06 00:00' --note 'walk-e'
}

@test "a day for --from counts from its first second, for --to up to its last" {
	around_midnight
	[ "$(notes --from 2026-01-05)" = "walk-b walk-c walk-d walk-e" ]
	[ "$(notes --to 2026-01-05)" = "walk-a walk-b walk-c walk-d" ]
	[ "$(notes --from 2026-01-05 --to 2026-01-05)" = "walk-b walk-c walk-d" ]
	[ "$(found --from 2026-01-05 --to 2026-01-05)" = "walk-b walk-c walk-d" ]
	[ "$(found --to 2026-01-04)" = "walk-a" ]
	[ "$(found --from 2026-01-06)" = "walk-e" ]
}

@test "a day and a time count from or up to that moment, both ends included" {
	around_midnight
	[ "$(notes --from '2026-01-05 12:00')" = "walk-c walk-d walk-e" ]
	[ "$(notes --to '2026-01-05 12:00')" = "walk-a walk-b walk-c" ]
	[ "$(notes --from '2026-01-05 00:00' --to '2026-01-05 11:59')" = "walk-b" ]
	[ "$(found --from '2026-01-05 12:00:01')" = "walk-d walk-e" ]
}

@test "words for days: today, yesterday, N days ago" {
	checkin 1 --at "$(date -d '3 days ago' +%F) 10:00" --note 'walk-old'
	checkin 2 --at 'yesterday 10:00' --note 'walk-yesterday'
	checkin 3 --note 'walk-now'
	[ "$(notes --from today)" = "walk-now" ]
	[ "$(notes --from yesterday --to yesterday)" = "walk-yesterday" ]
	[ "$(notes --from '3 days ago' --to '2 days ago')" = "walk-old" ]
	[ "$(found --to yesterday)" = "walk-old walk-yesterday" ]
}

@test "the days are the local calendar's" {
	export TZ=Pacific/Auckland
	checkin 1 --at '2026-01-05 00:30' --note 'walk-early'
	checkin 2 --at '2026-01-04 23:30' --note 'walk-before'
	[ "$(notes --from 2026-01-05)" = "walk-early" ]
	[ "$(found --to 2026-01-04)" = "walk-before" ]
	run_ebb log --kind checkin --from 2026-01-05
	expect_out '^2026-01-05 00:30 '
}

@test "the whole day, also on the days clocks change" {
	export TZ=Europe/Berlin
	# 2026-03-29 has 23 hours, 2026-10-25 has 25
	checkin 1 --at '2026-03-28 23:30' --note 'walk-a'
	checkin 2 --at '2026-03-29 00:30' --note 'walk-b'
	checkin 3 --at '2026-10-25 00:30' --note 'walk-c'
	checkin 4 --at '2026-10-25 23:30' --note 'walk-d'
	[ "$(notes --from 2026-03-29 --to 2026-03-29)" = "walk-b" ]
	[ "$(notes --from 2026-10-25 --to 2026-10-25)" = "walk-c walk-d" ]
	[ "$(found --to 2026-03-28)" = "walk-a" ]
}

@test "--kind keeps one kind; the others are not shown" {
	checkin 4 --note 'walk-checkin'
	setsid -w "$EBB" reasons add 'a walk I never got' </dev/null >/dev/null 2>&1
	run_ebb log --kind reason
	expect_exit 0
	[ "${#lines[@]}" -eq 1 ] || { show_run; false; }
	expect_out 'a walk I never got'
	run_ebb search walk --kind reason --json
	printf '%s' "$output" | json_check 'assert [r["kind"] for r in d] == ["reason"], d'
	run_ebb search walk --kind date
	expect_out '^Nothing matches\.$'
	local k
	for k in checkin entry urge signs reason miss contact date plan profile; do
		run_ebb log --kind "$k"
		expect_exit 0 || { echo "--kind $k"; false; }
	done
}

@test "a date that does not parse: 64, naming the option and the text" {
	checkin 4 --note 'walk'
	local cmd
	for cmd in log 'search walk'; do
		# shellcheck disable=SC2086
		run_ebb $cmd --from 'the day after'
		expect_error 64 "--from: .*the day after" || { echo "$cmd"; false; }
		expect_empty_stdout
		# shellcheck disable=SC2086
		run_ebb $cmd --to 2026-02-30
		expect_error 64 '--to' || { echo "$cmd"; false; }
		# shellcheck disable=SC2086
		run_ebb $cmd --from ''
		expect_exit 64 || { echo "$cmd"; false; }
		# shellcheck disable=SC2086
		run_ebb $cmd --to
		expect_error 64 "'--to' needs a value" || { echo "$cmd"; false; }
	done
}

@test "--from after --to: 64, in either order on the line" {
	checkin 4 --note 'walk'
	local cmd
	for cmd in log 'search walk'; do
		# shellcheck disable=SC2086
		run_ebb $cmd --from 2026-01-06 --to 2026-01-05
		expect_error 64 '--from is after --to' || { echo "$cmd"; false; }
		expect_empty_stdout
		# shellcheck disable=SC2086
		run_ebb $cmd --to 2026-01-05 --from 2026-01-06
		expect_error 64 '--from is after --to' || { echo "$cmd"; false; }
		# shellcheck disable=SC2086
		run_ebb $cmd --from '2026-01-05 12:00' --to '2026-01-05 11:00'
		expect_error 64 '--from is after --to' || { echo "$cmd"; false; }
	done
	# the same day for both is one whole day, not an empty range
	run_ebb log --from 2026-01-05 --to 2026-01-05
	expect_exit 0
}

@test "an unknown kind: 64 naming the kinds there are" {
	local cmd
	for cmd in log 'search walk'; do
		# shellcheck disable=SC2086
		run_ebb $cmd --kind feelings
		expect_error 64 "no kind 'feelings' \\(checkin, entry" || { echo "$cmd"; false; }
		# shellcheck disable=SC2086
		run_ebb $cmd --kind CHECKIN
		expect_exit 64 || { echo "$cmd"; false; }
	done
}

@test "filters that leave nothing: a gentle line, or []" {
	checkin 4 --at '2026-01-05 10:00' --note 'walk'
	run_ebb log --kind checkin --from 2026-02-01
	expect_exit 0
	expect_out '^Nothing matches\.$'
	run_ebb search walk --from 2026-02-01
	expect_exit 0
	expect_out '^Nothing matches\.$'
	run_ebb log --kind checkin --from 2026-02-01 --json
	printf '%s' "$output" | json_check 'assert d == []'
	run_ebb search walk --to 2026-01-04 --json
	printf '%s' "$output" | json_check 'assert d == []'
}
