#!/usr/bin/env bats
# ebb log: reading needs the key; -n, --kind, --json; newest first.

load helpers

setup() {
	common_setup
	make_vault --left-on 2025-12-01
}

@test "locked, no passphrase source: exit 77 with a hint to unlock, nothing shown" {
	checkin 4 --note 'not for everyone'
	run_ebb log
	expect_error 77 "ebb unlock"
	expect_err 'passphrase-fd|EBB_PASSPHRASE_FILE'
	expect_empty_stdout
}

@test "a wrong passphrase: exit 77 and the vault stays byte-identical" {
	checkin 4 --note 'sealed'
	local before
	before=$(sum_of "$VAULT")
	run --separate-stderr setsid -w "$EBB" --passphrase-fd 3 log 3<"$NEWPASSFILE" </dev/null
	expect_error 77 'passphrase'
	expect_empty_stdout
	[ "$(sum_of "$VAULT")" = "$before" ]
	# and the right one still shows what was sealed
	run_ebb_pass log
	expect_exit 0
	expect_out 'sealed'
}

@test "EBB_PASSPHRASE_FILE opens the vault for reading" {
	checkin 2 --note 'by file'
	run --separate-stderr env EBB_PASSPHRASE_FILE="$PASSFILE" setsid -w "$EBB" log </dev/null
	expect_exit 0
	expect_out '2/10  by file$'
}

@test "a passphrase file with Windows line endings still works" {
	printf '%s\r\n' "$PASS" >"$T/crlf"
	run --separate-stderr setsid -w "$EBB" --passphrase-fd 3 log 3<"$T/crlf" </dev/null
	expect_exit 0
}

@test "one line a record: date, short id, kind, intensity and note" {
	checkin 6 --at '2026-01-02 08:15' --note 'cold coffee'
	run_ebb_pass log
	expect_exit 0
	expect_out '^2026-01-02 08:15  [0-9a-f]{8}  checkin   6/10  cold coffee$'
	expect_out '  profile  left on 2025-12-01$'
}

@test "newest first, by when it happened, not when it was written" {
	checkin 5 --at '2026-01-02 10:00' --note middle
	checkin 9 --at '2026-01-03 10:00' --note newest
	checkin 1 --at '2026-01-01 10:00' --note oldest
	run_ebb_pass log --kind checkin
	expect_exit 0
	[ "${#lines[@]}" -eq 3 ] || { show_run; false; }
	[[ "${lines[0]}" == *newest ]] && [[ "${lines[1]}" == *middle ]] &&
		[[ "${lines[2]}" == *oldest ]] || { show_run; false; }
	run_ebb_pass log --kind checkin --json
	printf '%s' "$output" | json_check '
assert [r["body"]["note"] for r in d] == ["newest", "middle", "oldest"], d'
}

@test "-n limits the list to the newest N" {
	local i
	for i in 1 2 3 4 5; do
		checkin "$i" --at "2026-01-0$i 12:00" --note "day $i"
	done
	# the profile (written at init, so today) is the newest of all
	run_ebb_pass log -n 1
	expect_exit 0
	[ "${#lines[@]}" -eq 1 ] || { show_run; false; }
	expect_out 'profile  left on'
	run_ebb_pass log -n 2 --kind checkin
	expect_exit 0
	[ "${#lines[@]}" -eq 2 ] || { show_run; false; }
	[[ "${lines[0]}" == *"day 5" ]] && [[ "${lines[1]}" == *"day 4" ]] || { show_run; false; }
	run_ebb_pass log -n 1 --kind checkin --json
	printf '%s' "$output" | json_check 'assert [r["body"]["note"] for r in d] == ["day 5"], d'
}

@test "twenty lines unless -n says otherwise" {
	local i
	for i in $(seq 1 25); do
		checkin 3
	done
	run_ebb_pass log
	expect_exit 0
	[ "${#lines[@]}" -eq 20 ] || { show_run; false; }
	run_ebb_pass log -n 100
	[ "${#lines[@]}" -eq 26 ] || { show_run; false; }
}

@test "--kind filters" {
	checkin 4 --note x
	checkin 5 --note y
	run_ebb_pass log --kind profile
	expect_exit 0
	[ "${#lines[@]}" -eq 1 ] || { show_run; false; }
	expect_out 'profile  left on 2025-12-01$'
	run_ebb_pass log --kind checkin
	expect_exit 0
	[ "${#lines[@]}" -eq 2 ] || { show_run; false; }
	expect_no_out 'profile'
	run_ebb_pass log --kind urge
	expect_exit 0
	expect_out '^Nothing matches'
}

@test "--json is an array of records with id, kind, at, rev and body" {
	checkin 7 --at '2026-01-05 09:00' --note 'in json'
	run_ebb_pass log --json
	expect_exit 0
	printf '%s' "$output" | json_check '
import re
assert isinstance(d, list) and len(d) == 2, d
for r in d:
    assert set(r) >= {"id", "kind", "at", "rev", "body"}, r
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", r["id"])
    assert r["rev"] == 1
c = [r for r in d if r["kind"] == "checkin"][0]
assert c["at"] == "2026-01-05T09:00:00+00:00", c
assert c["body"] == {"intensity": 7, "note": "in json"}, c'
}

@test "--json on an empty vault is an empty array" {
	run_ebb_pass --vault "$T/empty.ebb" log --json
	expect_exit 66
	make_vault --vault "$T/empty.ebb"
	run_ebb_pass --vault "$T/empty.ebb" log --json
	expect_exit 0
	printf '%s' "$output" | json_check 'assert d == []'
}

@test "a long or multi-line note is shortened to one line with '...'" {
	checkin 3 --note $'first line\nsecond line'
	checkin 4 --note "$(printf 'x%.0s' $(seq 1 200))"
	run_ebb_pass log --kind checkin
	expect_exit 0
	expect_out '3/10  first line\.\.\.$'
	expect_no_out 'second line'
	expect_out '4/10  x{50}\.\.\.$'
}

@test "bad -n or --kind values: exit 64" {
	local n
	for n in 0 -3 abc 1.5 ''; do
		run_ebb_pass log -n "$n"
		expect_exit 64 || { echo "-n '$n'"; false; }
	done
	run_ebb_pass log --kind feelings
	expect_error 64 "no kind 'feelings'"
	run_ebb_pass log extra
	expect_error 64 "'extra' is extra"
}

@test "with no vault: exit 66 pointing to 'ebb init'" {
	run_ebb_pass --vault "$T/none.ebb" log
	expect_error 66 "no vault at $T/none\\.ebb.*ebb init"
	[ ! -e "$T/none.ebb" ]
}

@test "the passphrase piped on standard input (--passphrase-fd 0)" {
	checkin 4 --note 'piped'
	# shellcheck disable=SC2016
	run --separate-stderr bash -c 'printf "%s\n" "$1" | setsid -w "$EBB" --passphrase-fd 0 log' _ "$PASS"
	expect_exit 0
	expect_out '4/10  piped$'
}

@test "a check-in dated before 1970 is listed and exported, never silently left out" {
	checkin 3 --at '1901-01-01 09:00' --note 'long ago'
	run_ebb_pass log
	expect_exit 0
	expect_out '^1901-01-01 09:00 .* 3/10  long ago$'
	run_ebb_pass export json
	expect_exit 0
	printf '%s' "$output" | json_check 'assert any(r["body"] and r["body"].get("note") == "long ago" for r in d["records"]), d'
}
