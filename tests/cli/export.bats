#!/usr/bin/env bats
# ebb export json: every record, decrypted; -o FILE is private and never
# replaces a file.

load helpers

setup() {
	common_setup
	make_vault --left-on 2025-12-01 --relationship friend
}

# write_some: check-ins with distinct intensities and notes; some folded by
# a read, the last two still sealed in the inbox.
write_some() {
	checkin 1 --at '2026-01-01 08:00' --note 'first, a light day'
	checkin 6 --at '2026-01-02 21:30' --note 'evening "quotes"'
	ebb_pass log >/dev/null
	checkin 10 --at '2026-01-03 03:10' --note 'the worst night'
	checkin 0 --at '2026-01-04 12:00'
}

# The (intensity, note) pairs written by write_some, as Python.
WANT='[(0, None), (1, "first, a light day"), (6, "evening \"quotes\""), (10, "the worst night")]'

@test "export json parses, says what it is, and holds every record incl. sealed ones" {
	write_some
	[ "$(sqlite3 "$VAULT" 'SELECT count(*) FROM inbox')" = 2 ] || skip "expected two sealed"
	run_ebb_pass export json
	expect_exit 0
	printf '%s' "$output" | json_check "
import re
assert d['format'] == 'ebb-export' and d['version'] == 1, d
assert re.fullmatch(r'[0-9a-f-]{36}', d['vault_id'])
assert re.fullmatch(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d', d['exported_at'])
c = sorted((r['body']['intensity'], r['body'].get('note')) for r in d['records'] if r['kind'] == 'checkin')
assert c == $WANT, c
p = [r for r in d['records'] if r['kind'] == 'profile']
assert len(p) == 1 and p[0]['body'] == {'left_on': '2025-12-01', 'relationship': 'friend'}, p"
}

@test "each exported record has id, rev, kind, at, at_unix, utc_offset, deleted, body" {
	checkin 4 --at '2026-02-03 04:05' --note 'fields'
	run_ebb_pass export json
	expect_exit 0
	printf '%s' "$output" | json_check "
import datetime
for r in d['records']:
    assert {'id', 'rev', 'kind', 'at', 'at_unix', 'utc_offset', 'deleted', 'body'} <= set(r), r
    assert r['deleted'] is False and r['rev'] == 1
    assert datetime.datetime.fromisoformat(r['at']).timestamp() == r['at_unix'], r
c = [r for r in d['records'] if r['kind'] == 'checkin'][0]
assert c['at'] == '2026-02-03T04:05:00+00:00' and c['utc_offset'] == 0, c"
}

@test "the export holds the same records as log --json" {
	write_some
	local ids_log ids_export
	ids_log=$(ebb_pass log --json -n 1000000 | python3 -c '
import json,sys; print(sorted(r["id"] for r in json.load(sys.stdin)))')
	ids_export=$(ebb_pass export json | python3 -c '
import json,sys; print(sorted(r["id"] for r in json.load(sys.stdin)["records"]))')
	[ "$ids_log" = "$ids_export" ] || {
		echo "log:    $ids_log"
		echo "export: $ids_export"
		false
	}
}

@test "after unlock, export needs no passphrase and includes what was sealed" {
	keyring_or_skip
	write_some
	ebb_unlock
	KEPT+=("$VAULT")
	checkin 8 --note 'written while unlocked'
	run_ebb export json
	expect_exit 0
	printf '%s' "$output" | json_check "
c = sorted((r['body']['intensity'], r['body'].get('note')) for r in d['records'] if r['kind'] == 'checkin')
assert c == sorted($WANT + [(8, 'written while unlocked')]), c"
}

@test "export -o FILE creates FILE with mode 0600, says it is not encrypted" {
	write_some
	run_ebb_pass export json -o "$T/out.json"
	expect_exit 0
	expect_empty_stdout
	expect_err 'Exported 5 records to .*out\.json'
	expect_err 'not encrypted'
	[ -f "$T/out.json" ]
	[ "$(mode_of "$T/out.json")" = 600 ]
	json_check "
c = sorted((r['body']['intensity'], r['body'].get('note')) for r in d['records'] if r['kind'] == 'checkin')
assert c == $WANT, c" <"$T/out.json"
	# nothing half-written left beside it
	[ ! -e "$T/out.json.partial" ]
}

@test "export -o FILE matches what goes to standard output, but for the time stamp" {
	write_some
	ebb_pass export json -o "$T/a.json"
	ebb_pass export json >"$T/b.json"
	diff -u <(grep -v exported_at "$T/a.json") <(grep -v exported_at "$T/b.json")
}

@test "export -o refuses an existing FILE (73) and leaves it unchanged" {
	write_some
	printf 'precious\n' >"$T/out.json"
	local before
	before=$(sum_of "$T/out.json")
	run_ebb_pass export json -o "$T/out.json"
	expect_error 73 'already exists'
	[ "$(sum_of "$T/out.json")" = "$before" ]
	run_ebb_pass export json --output "$T/out.json"
	expect_exit 73
	[ "$(sum_of "$T/out.json")" = "$before" ]
}

@test "export -o refuses a symlink, even a dangling one" {
	ln -s "$T/target.json" "$T/link.json"
	run_ebb_pass export json -o "$T/link.json"
	[ "$status" -ne 0 ] || { show_run; false; }
	[ ! -e "$T/target.json" ]
}

@test "locked with no passphrase: exit 77 and no FILE created" {
	write_some
	run_ebb export json -o "$T/out.json"
	expect_error 77 'ebb unlock'
	[ ! -e "$T/out.json" ]
	[ ! -e "$T/out.json.partial" ]
}

@test "a wrong passphrase: exit 77, nothing on stdout, no FILE" {
	write_some
	run --separate-stderr setsid -w "$EBB" --passphrase-fd 3 export json -o "$T/out.json" \
		3<"$NEWPASSFILE" </dev/null
	expect_error 77 'passphrase'
	expect_empty_stdout
	[ ! -e "$T/out.json" ]
}

@test "a new vault exports its profile and nothing else" {
	run_ebb_pass export json
	expect_exit 0
	printf '%s' "$output" | json_check "assert [r['kind'] for r in d['records']] == ['profile'], d"
}

@test "no format, or one ebb does not write: exit 64" {
	run_ebb_pass export
	expect_error 64 'ebb export json'
	run_ebb_pass export csv
	expect_error 64 "'csv'"
	run_ebb_pass export json extra
	expect_error 64 "'extra' is extra"
}

@test "export with no vault: exit 66 and no FILE" {
	run_ebb_pass --vault "$T/none.ebb" export json -o "$T/out.json"
	expect_error 66 'ebb init'
	[ ! -e "$T/out.json" ]
}
