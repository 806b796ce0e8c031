#!/usr/bin/env bats
# ebb reasons: why I left, in my own words. Adding never needs the
# passphrase (sealed while locked, there after the next unlock); listing and
# removing need the key; removing asks first, or needs --yes; an empty add
# writes nothing; the words never reach the disk in clear.

load helpers

setup() {
	common_setup
	make_vault
}

# reasons_json: the list as `ebb reasons --json` gives it, with the passphrase.
reasons_json() {
	ebb_pass reasons --json
}

# add TEXT...: an add that must succeed.
add() {
	local out rc=0
	out=$(ebb_quiet reasons add "$@" 2>&1) || rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "reasons add $* exited $rc: $out" >&2
		return 1
	fi
}

# id_of TEXT: the full id of the reason with that text.
id_of() {
	reasons_json | python3 -c 'import json,sys
print(next(r["id"] for r in json.load(sys.stdin) if r["body"]["text"] == sys.argv[1]))' "$1"
}

# tty_answer ANSWER -- COMMAND...: runs COMMAND on a pseudo-terminal and
# types ANSWER once it asks a "[y/N]" question. stdout gets what the
# terminal showed; the exit status is the program's (124 when it hangs,
# 125 when it never asked).
tty_answer() {
	local answer=$1
	shift 2
	python3 - "$answer" "$@" <<'PY'
import os, pty, select, signal, sys, time

answer = sys.argv[1]
argv = sys.argv[2:]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(argv[0], argv)
out = b""
asked = False
deadline = time.time() + 30
code = None
while True:
    left = deadline - time.time()
    if left <= 0:
        code = 124
        break
    r, _, _ = select.select([fd], [], [], min(left, 0.05))
    if not r:
        continue
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
if code is not None:
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
else:
    _, st = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(st)
    if not asked:
        code = 125
sys.stdout.write(out.decode("utf-8", "replace").replace("\r\n", "\n"))
sys.exit(code)
PY
}

@test "adding while locked needs no passphrase: sealed, exit 0" {
	run_ebb reasons add 'I stopped feeling like myself'
	expect_exit 0
	diff -u - <(printf '%s\n' "$output") <<-'EOF'
	Kept with your reasons for leaving.
	Sealed while locked; it joins the rest when you next unlock.
	EOF
	[ -z "$stderr" ] || {
		show_run
		false
	}
}

@test "on a terminal, adding never asks for the passphrase" {
	run tty_run -- "$EBB" reasons add 'typed at a terminal'
	expect_exit 0
	expect_no_out '[Pp]assphrase'
	expect_out 'Sealed while locked'
}

@test "a reason added while locked is listed after unlocking, with its short id" {
	add 'I stopped feeling like myself'
	add 'I want a quieter life'
	run_ebb_pass reasons
	expect_exit 0
	expect_out '^Why I left:$'
	expect_out '^  [0-9a-f]{8}  I stopped feeling like myself$'
	expect_out '^  [0-9a-f]{8}  I want a quieter life$'
	# oldest first
	[ "$(printf '%s\n' "$output" | grep -n 'myself' | cut -d: -f1)" -lt \
		"$(printf '%s\n' "$output" | grep -n 'quieter' | cut -d: -f1)" ]
}

@test "the short id shown is the end of the full id" {
	local id short
	add 'the arguments never ended'
	id=$(id_of 'the arguments never ended')
	short=${id: -8}
	run_ebb_pass reasons
	expect_out "^  $short  the arguments never ended$"
}

@test "with the key kept by ebb unlock, adding writes at once and listing needs no passphrase" {
	keyring_or_skip
	ebb_unlock
	run_ebb reasons add 'kept while unlocked'
	expect_exit 0
	expect_no_out 'Sealed'
	run_ebb reasons
	expect_exit 0
	expect_out 'kept while unlocked$'
}

@test "the words of an add are joined by single spaces" {
	add I was always   walking on eggshells
	reasons_json | json_check 'assert [r["body"]["text"] for r in d] == ["I was always walking on eggshells"]'
}

@test "text comes from stdin when it is not a terminal, trimmed, newlines kept" {
	printf '\n  first line\nsecond line  \n\n' | setsid -w "$EBB" reasons add >/dev/null
	reasons_json | json_check 'assert [r["body"]["text"] for r in d] == ["first line\nsecond line"]'
	run_ebb_pass reasons
	expect_out '^  [0-9a-f]{8}  first line$'
	expect_out '^            second line$'
}

@test "an empty add: exit 64, nothing written" {
	local before
	add 'one to start with'
	before=$(record_count)
	run_ebb reasons add
	expect_error 64 'nothing was written'
	expect_empty_stdout
	run_ebb reasons add ''
	expect_error 64 'nothing was written'
	run_ebb reasons add '   ' ' '
	expect_error 64 'nothing was written'
	run --separate-stderr sh -c 'printf "\n  \n\t\n" | setsid -w "$EBB" reasons add'
	expect_error 64 'nothing was written'
	[ "$(record_count)" = "$before" ]
}

@test "a reason longer than 64 KiB: exit 64, nothing written" {
	local before
	before=$(record_count)
	run --separate-stderr sh -c 'head -c 70000 /dev/zero | tr "\0" a | setsid -w "$EBB" reasons add'
	expect_error 64 'too long'
	[ "$(record_count)" = "$before" ]
}

@test "text that is not UTF-8: exit 64, nothing written" {
	local before
	before=$(record_count)
	run_ebb reasons add "$(printf 'caf\xe9')"
	expect_error 64 'UTF-8'
	[ "$(record_count)" = "$before" ]
}

@test "listing needs the key: locked with no passphrase source, exit 77" {
	add 'something true'
	run_ebb reasons
	expect_error 77 'locked'
	expect_empty_stdout
}

@test "an empty list says so gently and shows how to add" {
	run_ebb_pass reasons
	expect_exit 0
	expect_out 'No reasons written down yet'
	expect_out 'ebb reasons add'
}

@test "--json: an array of records, oldest first; [] when empty" {
	run_ebb_pass reasons --json
	expect_exit 0
	[ "$output" = "[]" ]
	add 'first'
	add 'second'
	reasons_json | json_check '
assert [r["body"]["text"] for r in d] == ["first", "second"]
assert all(r["kind"] == "reason" and r["rev"] == 1 and len(r["id"]) == 36 for r in d)'
}

@test "reasons lists only reasons, not what you miss" {
	add 'a reason'
	ebb_quiet misses add 'a thing I miss' >/dev/null
	reasons_json | json_check 'assert [r["body"]["text"] for r in d] == ["a reason"]'
}

@test "rm without --yes and no terminal: exit 64, nothing removed" {
	local id
	add 'stays put'
	id=$(id_of 'stays put')
	run_ebb_pass reasons rm "${id: -8}"
	expect_error 64 'add --yes'
	expect_empty_stdout
	reasons_json | json_check 'assert [r["body"]["text"] for r in d] == ["stays put"]'
}

@test "rm --yes removes it: gone from the list, deleted and wiped in the export" {
	local id
	add 'to be removed'
	add 'to be kept'
	id=$(id_of 'to be removed')
	run_ebb_pass reasons rm "${id: -8}" --yes
	expect_exit 0
	expect_out "^Removed the reason ${id: -8}"
	reasons_json | json_check 'assert [r["body"]["text"] for r in d] == ["to be kept"]'
	ebb_pass export json | json_check "
revs = [r for r in d['records'] if r['id'] == '$id']
assert revs and any(r['deleted'] for r in revs), revs
assert all(r['body'] is None for r in revs), revs"
	run_ebb_pass reasons --json rm -y "$id"
	expect_error 66 'already removed'
}

@test "rm --json says what happened" {
	local id
	add 'json removal'
	id=$(id_of 'json removal')
	run_ebb_pass --json reasons rm --yes "$id"
	expect_exit 0
	printf '%s' "$output" | json_check "assert d == {'id': '$id', 'removed': True}"
}

@test "rm of an unknown id: exit 66, nothing removed" {
	local before
	add 'still here'
	before=$(record_count)
	run_ebb_pass reasons rm deadbeef --yes
	expect_error 66 'no record'
	run_ebb_pass reasons rm 01234567-89ab-7def-8123-456789abcdef --yes
	expect_error 66 'no record'
	[ "$(record_count)" = "$before" ]
}

@test "rm of something that is not a reason: exit 66, nothing removed" {
	local id
	ebb_quiet misses add 'a thing I miss' >/dev/null
	id=$(ebb_pass misses --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
	run_ebb_pass reasons rm "$id" --yes
	expect_error 66 'no reason with the id'
	ebb_pass misses --json | json_check 'assert len(d) == 1'
}

@test "rm of a malformed id: exit 64" {
	run_ebb_pass reasons rm 'not-an-id' --yes
	expect_error 64 'not a record id'
}

@test "on a terminal rm shows the reason and asks: no keeps it, yes removes it" {
	local id
	add 'asked about'
	id=$(id_of 'asked about')
	run tty_answer n -- "$EBB" --passphrase-fd 3 reasons rm "${id: -8}" 3<"$PASSFILE"
	expect_exit 0
	expect_out "${id: -8}  asked about"
	expect_out 'Kept; nothing was removed'
	reasons_json | json_check 'assert len(d) == 1'
	run tty_answer y -- "$EBB" --passphrase-fd 3 reasons rm "${id: -8}" 3<"$PASSFILE"
	expect_exit 0
	expect_out 'Removed the reason'
	reasons_json | json_check 'assert d == []'
}

@test "bad usage: exit 64, nothing written" {
	local before
	before=$(record_count)
	run_ebb reasons rm
	expect_error 64 'give its id'
	run_ebb reasons rm abcd ef01 --yes
	expect_error 64 'extra'
	run_ebb reasons --yes
	expect_error 64 '--yes goes with rm'
	run_ebb reasons add --yes 'no'
	expect_error 64 '--yes goes with rm'
	run_ebb reasons remember this
	expect_error 64 'not add or rm'
	run_ebb reasons --bogus
	expect_error 64 'unknown option'
	[ "$(record_count)" = "$before" ]
}

@test "no vault: exit 66 with a pointer to ebb init" {
	run_ebb --vault "$T/none.ebb" reasons add 'x'
	expect_error 66 'ebb init'
	run_ebb --vault "$T/none.ebb" reasons
	expect_error 66 'ebb init'
}

@test "the words never reach the vault file in clear" {
	add 'a sentence only I would write'
	ebb_pass reasons >/dev/null
	! grep -aq 'only I would write' "$VAULT"
	! grep -aq 'only I would write' "$VAULT-wal" 2>/dev/null
}

@test "control characters in a reason are not sent to the terminal" {
	add "$(printf 'before\033[31mafter\007')"
	run_ebb_pass reasons
	expect_exit 0
	expect_out '  before\[31mafter$'
	[[ "$output" != *$'\033'* ]]
}

@test "--help answers with exit 0" {
	run_ebb reasons --help
	expect_exit 0
	expect_out '^usage: ebb reasons'
}
