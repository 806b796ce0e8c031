#!/usr/bin/env bats
# A vault that is damaged, tampered with, newer, not a vault at all,
# missing, read-only, or on a full disk: each is refused with its own exit
# status and a message a person can act on, and nothing is silently lost.

load helpers

setup() {
	common_setup
	command -v sqlite3 >/dev/null || skip "the sqlite3 command is needed"
}

# a vault with a few folded check-ins (ordinary records)
make_filled() {
	make_vault
	checkin 2 --at '2026-01-01 09:00' --note 'alpha'
	checkin 5 --at '2026-01-02 09:00' --note 'bravo'
	checkin 8 --at '2026-01-03 09:00' --note 'charlie'
	ebb_pass log >/dev/null
	[ "$(sqlite3 "$VAULT" 'SELECT count(*) FROM inbox')" = 0 ]
}

# id_of NOTE: the record id (36-char form) of the check-in with that note.
id_of() {
	ebb_pass log --json | NOTE="$1" python3 -c '
import json, os, sys
print([r["id"] for r in json.load(sys.stdin) if r["body"].get("note") == os.environ["NOTE"]][0])'
}

# hex_of ID: the id as SQLite's hex() shows it.
hex_of() { printf '%s' "$1" | tr -d - | tr a-f A-F; }

# expect_tamper_refused ID: log and export both exit 65 naming ID, and
# export does not pass off a partial document as whole.
expect_tamper_refused() {
	run_ebb_pass log
	expect_error 65 "$1" || return 1
	run_ebb_pass log --json
	expect_error 65 "$1" || return 1
	run_ebb_pass export json
	expect_error 65 "$1" || return 1
	if printf '%s' "$output" | python3 -c 'import json,sys; json.load(sys.stdin)' 2>/dev/null; then
		echo "export printed a complete JSON document despite the damaged record"
		show_run
		return 1
	fi
}

# ---- not a vault, newer, missing ------------------------------------------

@test "a file of random bytes: exit 65 'not an ebb vault', and it is left alone" {
	head -c 8192 /dev/urandom >"$T/random.bin"
	local before
	before=$(sum_of "$T/random.bin")
	run_ebb_pass --vault "$T/random.bin" log
	expect_error 65 'not an ebb vault'
	run_ebb --vault "$T/random.bin" checkin 4
	expect_error 65 'not an ebb vault'
	[ "$(sum_of "$T/random.bin")" = "$before" ]
	[ ! -e "$T/random.bin-wal" ]
}

@test "an empty SQLite database: exit 65 'not an ebb vault', left unchanged" {
	sqlite3 "$T/empty.db" 'CREATE TABLE t(x); DROP TABLE t;'
	local before
	before=$(sum_of "$T/empty.db")
	run_ebb_pass --vault "$T/empty.db" log
	expect_error 65 'not an ebb vault'
	run_ebb --vault "$T/empty.db" checkin 4
	expect_error 65 'not an ebb vault'
	[ "$(sum_of "$T/empty.db")" = "$before" ]
}

@test "another program's SQLite database: exit 65, its tables untouched" {
	sqlite3 "$T/other.db" "CREATE TABLE records(a); INSERT INTO records VALUES('mine');"
	run_ebb --vault "$T/other.db" checkin 4
	expect_error 65 'not an ebb vault'
	[ "$(sqlite3 "$T/other.db" 'SELECT group_concat(a) FROM records')" = mine ]
}

@test "an empty file, and a directory: exit 65 'not an ebb vault'" {
	: >"$T/zero"
	run_ebb_pass --vault "$T/zero" log
	expect_error 65 'not an ebb vault'
	mkdir "$T/dir"
	run_ebb_pass --vault "$T/dir" log
	expect_error 65 'not an ebb vault'
}

@test "a vault from a newer ebb (user_version 99): exit 76 'newer', untouched" {
	make_filled
	sqlite3 "$VAULT" 'PRAGMA user_version=99'
	local before
	before=$(sum_of "$VAULT")
	run_ebb_pass log
	expect_error 76 'newer'
	run_ebb checkin 4
	expect_error 76 'newer'
	run_ebb_pass export json
	expect_error 76 'newer'
	[ "$(sum_of "$VAULT")" = "$before" ]
}

@test "a missing vault: exit 66 mentioning 'ebb init', for every command that needs one" {
	local args
	for args in 'log' 'checkin 4' 'export json' 'unlock' 'lock' 'passwd'; do
		# shellcheck disable=SC2086
		run_ebb_pass $args
		expect_error 66 "ebb init" || { echo "ebb $args"; false; }
	done
	[ ! -e "$VAULT" ]
	[ ! -e "$XDG_DATA_HOME" ]
}

# ---- tampering ---------------------------------------------------------------

@test "one flipped byte in a record body: log exits 65 naming the record" {
	make_filled
	local id hex h2 c
	id=$(id_of bravo)
	hex=$(sqlite3 "$VAULT" "SELECT hex(body) FROM records WHERE hex(id) = '$(hex_of "$id")'")
	[ -n "$hex" ]
	# flip the lowest bit of a byte inside the ciphertext (after the nonce)
	c=${hex:60:1}
	h2="${hex:0:60}$(printf '%X' $((0x$c ^ 1)))${hex:61}"
	sqlite3 "$VAULT" "UPDATE records SET body = x'$h2' WHERE hex(id) = '$(hex_of "$id")'"
	expect_tamper_refused "$id"
}

@test "a flipped byte in a record's nonce: exit 65 naming the record" {
	make_filled
	local id
	id=$(id_of alpha)
	sqlite3 "$VAULT" "UPDATE records SET body = x'00' || substr(body, 2)
		WHERE hex(id) = '$(hex_of "$id")'"
	expect_tamper_refused "$id"
}

@test "a record moved in time (its 'at' changed): exit 65 naming the record" {
	make_filled
	local id
	id=$(id_of charlie)
	sqlite3 "$VAULT" "UPDATE records SET at = at - 86400 WHERE hex(id) = '$(hex_of "$id")'"
	expect_tamper_refused "$id"
}

@test "a record's kind or offset changed: exit 65 naming the record" {
	make_filled
	local id
	id=$(id_of alpha)
	cp "$VAULT" "$T/orig.ebb"
	sqlite3 "$VAULT" "UPDATE records SET kind = 'entry' WHERE hex(id) = '$(hex_of "$id")'"
	expect_tamper_refused "$id"
	cp "$T/orig.ebb" "$VAULT"
	sqlite3 "$VAULT" "UPDATE records SET utc_offset = 3600 WHERE hex(id) = '$(hex_of "$id")'"
	expect_tamper_refused "$id"
}

@test "two records' bodies swapped: exit 65 naming one of them" {
	make_filled
	local a b ha hb
	a=$(id_of alpha)
	b=$(id_of charlie)
	ha=$(sqlite3 "$VAULT" "SELECT hex(body) FROM records WHERE hex(id) = '$(hex_of "$a")'")
	hb=$(sqlite3 "$VAULT" "SELECT hex(body) FROM records WHERE hex(id) = '$(hex_of "$b")'")
	sqlite3 "$VAULT" "
		CREATE TEMP TABLE s AS SELECT id, body FROM records
			WHERE hex(id) IN ('$(hex_of "$a")', '$(hex_of "$b")');
		UPDATE records SET body = (SELECT s.body FROM s WHERE s.id <> records.id)
			WHERE hex(id) IN ('$(hex_of "$a")', '$(hex_of "$b")');"
	# the swap really happened
	[ "$(sqlite3 "$VAULT" "SELECT hex(body) FROM records WHERE hex(id) = '$(hex_of "$a")'")" = "$hb" ]
	[ "$(sqlite3 "$VAULT" "SELECT hex(body) FROM records WHERE hex(id) = '$(hex_of "$b")'")" = "$ha" ]
	run_ebb_pass log
	expect_error 65 "$a|$b"
	run_ebb_pass export json
	expect_error 65 "$a|$b"
}

@test "a body copied over another (replay): exit 65 naming the record" {
	make_filled
	local a b
	a=$(id_of alpha)
	b=$(id_of bravo)
	sqlite3 "$VAULT" "UPDATE records SET body = (SELECT body FROM records
		WHERE hex(id) = '$(hex_of "$a")') WHERE hex(id) = '$(hex_of "$b")'"
	expect_tamper_refused "$b"
}

@test "log --json on a tampered vault does not print a whole-looking array without the record" {
	make_filled
	local id
	id=$(id_of bravo)
	sqlite3 "$VAULT" "UPDATE records SET at = at + 60 WHERE hex(id) = '$(hex_of "$id")'"
	run_ebb_pass log --json
	expect_exit 65
	# stdout must not be a valid, complete list that simply lacks bravo
	if printf '%s' "$output" | python3 -c 'import json,sys; json.load(sys.stdin)' 2>/dev/null; then
		echo "log --json printed a whole array without the damaged record"
		show_run
		false
	fi
}

@test "a damaged entry sealed while locked is kept aside with a warning, not dropped" {
	make_filled
	checkin 9 --note 'sealed, then damaged'
	checkin 1 --note 'sealed and fine'
	local seq hex c h2
	seq=$(sqlite3 "$VAULT" 'SELECT min(seq) FROM inbox')
	hex=$(sqlite3 "$VAULT" "SELECT hex(sealed) FROM inbox WHERE seq = $seq")
	c=${hex:100:1}
	h2="${hex:0:100}$(printf '%X' $((0x$c ^ 1)))${hex:101}"
	sqlite3 "$VAULT" "UPDATE inbox SET sealed = x'$h2' WHERE seq = $seq"
	run_ebb_pass log
	expect_exit 0
	expect_err "^ebb: warning: .*#$seq.*kept aside"
	expect_out 'sealed and fine'
	expect_no_out 'sealed, then damaged'
	# still there, for a later ebb or a person to look at
	[ "$(sqlite3 "$VAULT" 'SELECT count(*) FROM inbox')" = 1 ]
	# and said again on the next read
	run_ebb_pass log
	expect_err "^ebb: warning: .*kept aside"
}

@test "a damaged file (garbage over its pages): a clear error, not a crash" {
	make_filled
	local size
	size=$(stat -c %s "$VAULT")
	dd if=/dev/urandom of="$VAULT" bs=1024 seek=4 count=$(((size - 4096) / 1024)) \
		conv=notrunc status=none
	run_ebb_pass log
	[ "$status" -eq 65 ] || [ "$status" -eq 77 ] || { show_run; false; }
	expect_err '^ebb: '
}

# ---- the disk ----------------------------------------------------------------

@test "a read-only disk: checkin exits 74 and the vault is unchanged" {
	try_mount "$T/ro" 4m
	VAULT="$T/ro/vault.ebb"
	make_vault --vault "$VAULT"
	checkin --vault "$VAULT" 3 --note 'before read-only'
	local before
	before=$(sum_of "$VAULT")
	mount -o remount,ro "$T/ro" || skip "cannot remount the tmpfs read-only"
	run_ebb --vault "$VAULT" checkin 5 --note 'on a read-only disk'
	expect_error 74 'read-only|cannot write'
	expect_no_out 'Checked in'
	[ "$(sum_of "$VAULT")" = "$before" ]
	mount -o remount,rw "$T/ro"
	run_ebb_pass --vault "$VAULT" log
	expect_exit 0
	expect_out 'before read-only'
	expect_no_out 'on a read-only disk'
}

@test "a read-only disk: reading still works, and entries waiting in the inbox are named" {
	try_mount "$T/ro" 4m
	VAULT="$T/ro/vault.ebb"
	make_vault --vault "$VAULT"
	checkin --vault "$VAULT" 3 --note 'folded before'
	ebb_pass --vault "$VAULT" log >/dev/null
	checkin --vault "$VAULT" 6 --note 'still waiting'
	mount -o remount,ro "$T/ro" || skip "cannot remount the tmpfs read-only"
	run_ebb_pass --vault "$VAULT" log
	expect_exit 0
	expect_out 'folded before'
	expect_err '1 entry written while locked is not shown'
	mount -o remount,rw "$T/ro"
	run_ebb_pass --vault "$VAULT" log
	expect_exit 0
	expect_out 'still waiting'
}

# fill_disk DIR KIB: leaves about KIB KiB free on the tmpfs at DIR.
fill_disk() {
	local free
	free=$(df -k --output=avail "$1" | tail -n 1)
	if [ "$free" -gt "$2" ]; then
		dd if=/dev/zero of="$1/filler" bs=1024 count=$((free - $2)) status=none 2>/dev/null || true
	fi
	if [ "$2" -eq 0 ]; then
		dd if=/dev/zero of="$1/filler2" bs=1024 status=none 2>/dev/null || true
	fi
}

# earlier_intact DIR: after freeing DIR, every earlier check-in reads back
# and SQLite finds the file sound.
earlier_intact() {
	rm -f "$1/filler" "$1/filler2"
	run_ebb_pass --vault "$VAULT" log --kind checkin
	expect_exit 0
	expect_out '1/10  early one$'
	expect_out '2/10  early two$'
	expect_out '3/10  early three$'
	[ "$(sqlite3 "$VAULT" 'PRAGMA integrity_check')" = ok ]
}

@test "a full disk: checkin exits 74 saying the disk is full; earlier check-ins survive" {
	try_mount "$T/full" 1m
	VAULT="$T/full/vault.ebb"
	make_vault --vault "$VAULT"
	checkin --vault "$VAULT" 1 --note 'early one'
	checkin --vault "$VAULT" 2 --note 'early two'
	checkin --vault "$VAULT" 3 --note 'early three'
	fill_disk "$T/full" 0
	local note i
	note=$(head -c 40000 /dev/zero | tr '\0' x)
	for i in 1 2 3; do
		run_ebb --vault "$VAULT" checkin 5 --note "$note"
		expect_error 74 'full|no space' || false
		expect_no_out 'Checked in'
	done
	earlier_intact "$T/full"
	expect_no_out 'x{56}'
}

@test "a nearly full disk (room to open, not to write): exit 74 saying the disk is full" {
	try_mount "$T/full" 1m
	VAULT="$T/full/vault.ebb"
	make_vault --vault "$VAULT"
	checkin --vault "$VAULT" 1 --note 'early one'
	checkin --vault "$VAULT" 2 --note 'early two'
	checkin --vault "$VAULT" 3 --note 'early three'
	fill_disk "$T/full" 48
	local note i
	note=$(head -c 40000 /dev/zero | tr '\0' x)
	for i in 1 2 3; do
		run_ebb --vault "$VAULT" checkin 5 --note "$note"
		expect_error 74 'full|no space' || false
		expect_no_out 'Checked in'
	done
	earlier_intact "$T/full"
	expect_no_out 'x{56}'
}

@test "a full disk while unlocked: exit 74, and earlier check-ins survive" {
	keyring_or_skip
	try_mount "$T/full" 1m
	VAULT="$T/full/vault.ebb"
	make_vault --vault "$VAULT"
	checkin --vault "$VAULT" 1 --note 'early one'
	checkin --vault "$VAULT" 2 --note 'early two'
	checkin --vault "$VAULT" 3 --note 'early three'
	ebb_unlock "$VAULT"
	fill_disk "$T/full" 48
	local note
	note=$(head -c 40000 /dev/zero | tr '\0' x)
	run_ebb --vault "$VAULT" checkin 5 --note "$note"
	expect_error 74 'full|no space'
	earlier_intact "$T/full"
}
