#!/usr/bin/env bats
# ebb delete: asks on a terminal, needs --yes without one; the words of
# every version are wiped; gone from log, search and show.

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

# newest_id [KIND]: the full id of the newest record (of KIND).
newest_id() {
	ebb_pass log --json -n 1 ${1:+--kind "$1"} |
		python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])'
}

# answer_run ANSWER -- COMMAND...: runs COMMAND on a pseudo-terminal and
# types ANSWER once it asks "[y/N]" (an echoed question, so tty_run, which
# waits for echo to be off, cannot answer it). stdout gets what the
# terminal showed; the status is the program's, or 124 after 30 s.
answer_run() {
	local answer=$1
	shift 2
	python3 - "$answer" "$@" <<'PY'
import os, pty, select, signal, sys, time

answer = sys.argv[1]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
out = b""
asked = False
deadline = time.time() + 30
code = None
while True:
    left = deadline - time.time()
    if left <= 0:
        os.kill(pid, signal.SIGKILL)
        code = 124
        break
    r, _, _ = select.select([fd], [], [], min(left, 0.05))
    if r:
        try:
            data = os.read(fd, 4096)
        except OSError:
            data = b""
        if not data:
            break
        out += data
    if not asked and out.rstrip(b" ").endswith(b"[y/N]"):
        asked = True
        os.write(fd, answer.encode() + b"\n")
_, st = os.waitpid(pid, 0)
if code is None:
    code = os.waitstatus_to_exitcode(st)
sys.stdout.write(out.decode("utf-8", "replace").replace("\r\n", "\n"))
sys.exit(code)
PY
}

@test "without a terminal and without --yes: exit 64 and nothing deleted" {
	checkin 4 --note 'keep me'
	local id before
	id=$(newest_id checkin)
	before=$(sum_of "$VAULT")
	run_ebb delete "$id"
	expect_error 64 'no terminal to ask on.*--yes'
	expect_empty_stdout
	[ "$(sum_of "$VAULT")" = "$before" ]
	run_ebb log --kind checkin
	expect_out 'keep me'
}

@test "--yes deletes: gone from log, search and show" {
	checkin 4 --note 'the lake'
	checkin 5 --note 'the river'
	local id
	id=$(ebb_pass log --json --kind checkin |
		python3 -c 'import json,sys; print([r["id"] for r in json.load(sys.stdin) if r["body"]["note"] == "the lake"][0])')
	run_ebb delete "$id" --yes
	expect_exit 0
	expect_out '^Deleted\. Its words are gone from every version\.$'
	run_ebb log --kind checkin
	expect_no_out 'lake'
	expect_out 'the river'
	run_ebb search lake
	expect_out '^Nothing matches\.$'
	run_ebb show "$id"
	expect_error 66 'deleted'
}

@test "the short id works, and -y is --yes" {
	checkin 4 --note 'short'
	local id
	id=$(newest_id checkin)
	run_ebb delete -y "${id: -8}"
	expect_exit 0
	run_ebb log --kind checkin
	expect_no_out 'short'
}

@test "export shows it deleted with body null, and every earlier version wiped" {
	checkin 4 --at '2026-01-02 10:00' --note 'first words'
	local id
	id=$(newest_id checkin)
	VISUAL='sed -i s/first/second/' ebb_ok edit "$id"
	ebb_ok delete "$id" --yes
	run_ebb export json
	expect_exit 0
	[[ "$output" != *"first words"* && "$output" != *"second words"* ]] || { show_run; false; }
	printf '%s' "$output" | ID="$id" json_check '
import os
revs = sorted((r for r in d["records"] if r["id"] == os.environ["ID"]), key=lambda r: r["rev"])
assert [r["rev"] for r in revs] == [1, 2, 3], revs
assert revs[-1]["deleted"] is True and revs[-1]["body"] is None, revs
assert all(r["body"] is None for r in revs), revs
assert all(r["at"] == "2026-01-02T10:00:00+00:00" for r in revs), revs'
	# and the words are not in the vault file either (nor its journal)
	! grep -qa 'words' "$VAULT"* || { echo "plaintext in the vault"; false; }
}

@test "already deleted: exit 66 with a clear message" {
	checkin 4 --note 'once'
	local id
	id=$(newest_id checkin)
	ebb_ok delete "$id" --yes
	run_ebb delete "$id" --yes
	expect_error 66 "record $id was already deleted"
	expect_empty_stdout
}

@test "unknown id: 66; not an id: 64; missing or extra: 64" {
	checkin 4 --note 'x'
	local id
	id=$(newest_id checkin)
	run_ebb delete 0123456789ab --yes
	expect_error 66 'no record ending in'
	run_ebb delete 01234567-89ab-7def-8123-456789abcdef --yes
	expect_error 66 'no record'
	run_ebb delete 'zz!' --yes
	expect_error 64 'not a record id'
	run_ebb delete --yes
	expect_error 64 'which record'
	run_ebb delete "$id" extra --yes
	expect_error 64 "'extra' is extra"
	run_ebb log --kind checkin
	expect_out '4/10  x$'
}

@test "--json says what was deleted" {
	checkin 4 --note 'x'
	local id
	id=$(newest_id checkin)
	run_ebb delete "$id" --yes --json
	expect_exit 0
	printf '%s' "$output" | ID="$id" json_check '
import os
assert d == {"id": os.environ["ID"], "deleted": True}, d'
}

@test "on a terminal it shows the record and asks; no keeps it, yes deletes it" {
	checkin 6 --at '2026-01-02 21:30' --note 'ask me first'
	local id
	id=$(newest_id checkin)
	run answer_run n -- "$EBB" delete "${id: -8}"
	[ "$status" -eq 0 ] || { show_run; false; }
	[[ "$output" == *"2026-01-02 21:30  ${id: -8}  checkin   6/10  ask me first"* ]] ||
		{ show_run; false; }
	[[ "$output" == *"Delete this? It cannot be brought back. [y/N]"* ]] || { show_run; false; }
	[[ "$output" == *"nothing was deleted"* ]] || { show_run; false; }
	run_ebb log --kind checkin
	expect_out 'ask me first'

	# just Enter keeps it too
	run answer_run '' -- "$EBB" delete "$id"
	[[ "$output" == *"nothing was deleted"* ]] || { show_run; false; }

	run answer_run yes -- "$EBB" delete "$id"
	[ "$status" -eq 0 ] || { show_run; false; }
	[[ "$output" == *"Deleted."* ]] || { show_run; false; }
	run_ebb log --kind checkin
	expect_no_out 'ask me first'
}

@test "locked with no passphrase source: exit 77 and nothing deleted" {
	checkin 4 --note 'sealed'
	local id
	id=$(newest_id checkin)
	unset EBB_PASSPHRASE_FILE
	run_ebb delete "$id" --yes
	expect_error 77 'locked'
	run_ebb_pass log --kind checkin
	expect_out 'sealed'
}
