#!/usr/bin/env bats
# ebb signs: four numbers from 0 to 4 are a rating, kept without the
# passphrase; a wrong count or value is refused before anything is written;
# the history is a read, newest first, as words or JSON.

load helpers

setup() {
	common_setup
	make_vault
}

signs_json() {
	ebb_pass signs --history --json
}

rate() {
	local out rc=0
	out=$(ebb_quiet signs "$@" 2>&1) || rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "signs $* exited $rc: $out" >&2
		return 1
	fi
}

@test "four numbers, locked: kept and sealed, with the signs named" {
	run_ebb signs 1 2 3 4
	expect_exit 0
	expect_out '^  1  I can think of them without falling apart$'
	expect_out '^  4  I trust myself more$'
	expect_out 'Sealed while locked'
	expect_no_out '[Pp]assphrase'
	signs_json | json_check 'assert [r["ratings"] for r in d] == [[1, 2, 3, 4]], d'
}

@test "0 and 4 are the ends of the scale" {
	rate 0 0 0 0
	rate 4 4 4 4
	signs_json | json_check 'assert sorted(r["ratings"] for r in d) == [[0, 0, 0, 0], [4, 4, 4, 4]], d'
}

@test "not four numbers: exit 64, nothing written" {
	run_ebb signs 1
	expect_error 64 'four numbers.*1 was given'
	run_ebb signs 1 2 3
	expect_error 64 '3 were given'
	run_ebb signs 1 2 3 4 0
	expect_error 64 '5 were given'
	[ "$(record_count)" = 0 ]
}

@test "a value outside 0 to 4: exit 64 quoting it, nothing written" {
	local bad
	for bad in 5 -1 x 1.5 '' 04x 10; do
		run_ebb signs 1 2 "$bad" 3
		expect_exit 64 || {
			echo "value '$bad'"
			false
		}
		expect_empty_stdout
	done
	run_ebb signs 1 2 5 3
	expect_error 64 "from 0 to 4, not '5'"
	[ "$(record_count)" = 0 ]
}

@test "numbers with --history, -n or --from: exit 64, nothing written" {
	run_ebb signs 1 2 3 4 --history
	expect_error 64 'not both'
	run_ebb signs 1 2 3 4 -n 2
	expect_exit 64
	run_ebb signs 1 2 3 4 --from yesterday
	expect_exit 64
	[ "$(record_count)" = 0 ]
}

@test "--json rating: id, ratings, queued" {
	run_ebb signs 2 1 0 3 --json
	expect_exit 0
	printf '%s' "$output" | json_check '
assert len(d["id"]) == 36 and d["ratings"] == [2, 1, 0, 3] and d["queued"] is True, d'
}

@test "'ebb signs' alone with no terminal shows the history: a read, so locked it needs the passphrase" {
	rate 1 1 1 1
	run_ebb signs
	expect_error 77 'locked'
	run_ebb_pass signs
	expect_exit 0
	expect_out '^date +A B C D$'
	expect_out '^[0-9]{4}-[0-9]{2}-[0-9]{2}  1 1 1 1$'
}

@test "the history is newest first, one line per rating, the four numbers in order" {
	local today
	rate 0 1 2 3
	sleep 0.01
	rate 4 3 2 1
	run_ebb_pass signs --history
	expect_exit 0
	today=$(date -u +%F)
	printf '%s\n' "$output" | grep -E '^[0-9]{4}-' >"$T/rows"
	diff -u - "$T/rows" <<-EOF2
	$today  4 3 2 1
	$today  0 1 2 3
	EOF2
	expect_out 'A  I can think of them without falling apart'
	expect_out 'D  I trust myself more'
}

@test "--history --json: an array, newest first, with id, at and ratings" {
	rate 0 1 2 3
	sleep 0.01
	rate 4 3 2 1
	signs_json | json_check '
import re
assert [r["ratings"] for r in d] == [[4, 3, 2, 1], [0, 1, 2, 3]], d
for r in d:
    assert set(r) == {"id", "at", "ratings"}, r
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", r["at"]), r'
	# and --json with no numbers means the same, even without --history
	run_ebb_pass signs --json
	printf '%s' "$output" | json_check 'assert len(d) == 2, d'
}

@test "-n limits the history; --from and --to filter it" {
	rate 1 1 1 1
	sleep 0.01
	rate 2 2 2 2
	run_ebb_pass signs -n 1 --json
	printf '%s' "$output" | json_check 'assert [r["ratings"] for r in d] == [[2, 2, 2, 2]], d'
	run_ebb_pass signs --to yesterday
	expect_exit 0
	expect_out '^No ratings match\.$'
	run_ebb_pass signs --from today --json
	printf '%s' "$output" | json_check 'assert len(d) == 2, d'
	run_ebb_pass signs --from 'not a day'
	expect_error 64 'not a day'
}

@test "an empty history: a gentle line, or [] as JSON" {
	run_ebb_pass signs
	expect_exit 0
	expect_out 'No signs rated yet'
	run_ebb_pass signs --history --json
	expect_exit 0
	[ "$output" = "[]" ] || { show_run; false; }
}

@test "with the kept key the history needs no passphrase, and sealed ratings appear" {
	keyring_or_skip
	rate 3 2 1 0
	ebb_unlock
	run_ebb signs --history --json
	expect_exit 0
	printf '%s' "$output" | json_check 'assert [r["ratings"] for r in d] == [[3, 2, 1, 0]], d'
}

@test "on a terminal, four numbers never ask for the passphrase" {
	command -v python3 >/dev/null || skip "python3 is needed to drive a terminal"
	run tty_run -- "$EBB" signs 2 2 2 2
	expect_exit 0
	expect_no_out '[Pp]assphrase'
	expect_out 'Sealed while locked'
}

@test "with no vault: exit 66, and no vault is made" {
	run_ebb --vault "$T/none.ebb" signs 1 2 3 4
	expect_error 66 'ebb init'
	run_ebb --vault "$T/none.ebb" signs --history
	expect_error 66 'ebb init'
	[ ! -e "$T/none.ebb" ]
}
