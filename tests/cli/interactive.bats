#!/usr/bin/env bats
# interactive.bats — the flows that ask, one question at a time, driven
# through a pseudo-terminal: `ebb checkin`, `ebb urge` and `ebb signs` with
# nothing left to options. Each test checks that a question appears only
# after the one before it was answered, that an answer ebb cannot use is
# asked again, that Ctrl-D saves nothing, and that the record kept holds
# exactly what was typed. None of them ever asks for the passphrase.

load helpers

setup() {
	common_setup
	command -v python3 >/dev/null || skip "python3 is needed to drive a terminal"
	make_vault
}

# talk ANSWER... -- COMMAND...: runs COMMAND on a pseudo-terminal and types
# each ANSWER (a line; "^D" is Ctrl-D on an empty line) when the program
# waits at a question: its output ends in ": " or "? " and stays quiet for
# a moment. Echo stays on, as for any question that is not a passphrase.
# The transcript goes to $T/talk, with a line "@@ANSWER@@" where each
# answer was typed, and to stdout. Exit status: the program's, 124 when it
# took too long, 125 when it asked more questions than there were answers.
talk() {
	local answers=()
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do
		answers+=("$1")
		shift
	done
	shift
	python3 - "${#answers[@]}" "${answers[@]}" "$@" >"$T/talk" <<'PY'
import os, pty, re, select, signal, sys, time

n = int(sys.argv[1])
answers = sys.argv[2:2 + n]
argv = sys.argv[2 + n:]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(argv[0], argv)
out = b""
pending = b""
last = time.time()
deadline = time.time() + 60
question = re.compile(rb"[:?] $")
code = None
while True:
    if time.time() > deadline:
        code = 124
        break
    r, _, _ = select.select([fd], [], [], 0.05)
    if r:
        try:
            data = os.read(fd, 4096)
        except OSError:
            data = b""
        if not data:
            break
        out += data
        pending += data
        last = time.time()
        continue
    if question.search(pending) and time.time() - last > 0.3:
        pending = b""
        if not answers:
            code = 125
            break
        answer = answers.pop(0)
        out += b"\n@@ANSWER@@\n"
        os.write(fd, b"\x04" if answer == "^D" else answer.encode() + b"\n")
if code is not None:
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
else:
    _, st = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(st)
    if code < 0:
        code = 128 - code
sys.stdout.write(out.decode("utf-8", "replace").replace("\r\n", "\n"))
sys.exit(code)
PY
	local rc=$?
	cat "$T/talk"
	return "$rc"
}

# steps PROGRAM: python3 runs PROGRAM with `s`, the list of what the
# terminal showed between answers (s[0] before the first answer, s[1]
# between the first and the second, ...), and `has(i, text)` and
# `lacks(i, text)` to assert on one of them.
steps() {
	python3 -c "
import sys
s = open(sys.argv[1], encoding='utf-8').read().split('@@ANSWER@@')
def has(i, t):
    assert t in s[i], 'step %d should show %r:\n%s' % (i, t, s[i])
def lacks(i, t):
    assert t not in s[i], 'step %d should not show %r yet:\n%s' % (i, t, s[i])
$1" "$T/talk"
}

# last_body KIND: the body of the latest record of KIND, read with the
# passphrase, as JSON.
last_body() {
	ebb_pass log --json --kind "$1" -n 1 |
		python3 -c 'import json,sys; d = json.load(sys.stdin); print(json.dumps(d[0]["body"], sort_keys=True) if d else "none")'
}

# ---- checkin ----------------------------------------------------------------

@test "checkin asks one question at a time, asks again after a wrong answer, keeps what was typed" {
	run talk 11 6 'longing, sadnes' 'longing sadness' '1 investment' 'a heavy note' -- "$EBB" checkin
	expect_exit 0
	steps '
has(0, "How heavy is today"); has(0, "Intensity (0-10): "); lacks(0, "feelings")
has(1, "whole number from 0 to 10"); has(1, "Intensity (0-10): "); lacks(1, "feelings")
has(2, "Which feelings are here?"); has(2, "loneliness"); lacks(2, "grieving")
has(3, "\x27sadnes\x27 is not one of these"); has(3, "Feelings (blank for none): "); lacks(3, "grieving")
has(4, "What are you grieving today?"); has(4, "who I was in it"); lacks(4, "A few words")
has(5, "A few words about today")
has(6, "Checked in: 6 out of 10."); has(6, "Sealed while locked")
assert len(s) == 7, len(s)'
	expect_no_out '[Pp]assphrase'
	[ "$(last_body checkin)" = '{"feelings": ["longing", "sadness"], "grieving": ["potential", "investment"], "intensity": 6, "note": "a heavy note"}' ] || {
		last_body checkin
		false
	}
}

@test "checkin: blank answers after the first keep only the intensity" {
	run talk 3 '' '' '' -- "$EBB" checkin
	expect_exit 0
	[ "$(last_body checkin)" = '{"intensity": 3}' ] || {
		last_body checkin
		false
	}
}

@test "checkin: Ctrl-D at a question stops, and nothing is saved" {
	run talk 5 '^D' -- "$EBB" checkin
	expect_exit 0
	expect_out 'Nothing was saved'
	expect_no_out 'Checked in'
	[ "$(record_count)" = 0 ]
	run talk '^D' -- "$EBB" checkin
	expect_exit 0
	expect_out 'Nothing was saved'
	[ "$(record_count)" = 0 ]
}

@test "checkin: at 10 the places to find help come right after the first answer" {
	run talk 10 '' '' '' -- "$EBB" checkin
	expect_exit 0
	steps '
lacks(0, "988")
has(1, "988"); has(1, "116 123"); has(1, "carry it alone"); has(1, "Which feelings")
assert s[-1].count("988") == 0, s[-1]'
	[ "$(last_body checkin)" = '{"intensity": 10}' ]
}

@test "checkin: questions already answered by options are not asked" {
	run talk 4 '2' -- "$EBB" checkin --feel calm --note 'given as options'
	expect_exit 0
	steps '
has(0, "Intensity (0-10): ")
has(1, "What are you grieving today?"); lacks(1, "Which feelings"); lacks(1, "A few words")
has(2, "Checked in: 4 out of 10.")'
	[ "$(last_body checkin)" = '{"feelings": ["calm"], "grieving": ["self"], "intensity": 4, "note": "given as options"}' ]
}

@test "checkin with an intensity on a terminal asks nothing" {
	run talk -- "$EBB" checkin 2
	expect_exit 0
	expect_out 'Checked in: 2 out of 10.'
	expect_no_out '@@ANSWER@@'
}

@test "checkin --json on a terminal asks nothing: the intensity is needed, exit 64" {
	run talk -- "$EBB" checkin --json
	expect_exit 64
	expect_out 'ebb checkin 4'
	[ "$(record_count)" = 0 ]
}

# ---- urge -------------------------------------------------------------------

@test "urge walks the moment one step at a time and keeps what was chosen (locked)" {
	run talk 9 1 longing '' 2 'wrote it down' -- "$EBB" urge
	expect_exit 0
	steps '
has(0, "What is the urge for?"); has(0, "to look at their profile"); lacks(0, "feeling")
has(1, "\x279\x27 is not one of these"); lacks(1, "feeling")
has(2, "What feeling is underneath it?"); has(2, "longing"); lacks(2, "reasons")
has(3, "reasons for leaving"); has(3, "ebb unlock"); has(3, "A feeling is not an instruction")
has(3, "Press Enter"); lacks(3, "What did you do")
has(4, "What did you do with it"); has(4, "I reached out to them"); lacks(4, "Anything else")
has(5, "Anything else about this moment?")
has(6, "Noted."); has(6, "Sealed while locked"); lacks(6, "Urges in the last")
assert len(s) == 7, len(s)'
	expect_no_out '[Pp]assphrase'
	[ "$(last_body urge)" = '{"did": "wrote", "feeling": "longing", "for": "text", "note": "wrote it down"}' ] || {
		last_body urge
		false
	}
}

@test "urge: with the kept key the walk shows the person's own reasons, and the week after" {
	keyring_or_skip
	"$EBB" reasons --help >/dev/null 2>&1 || skip "ebb reasons is not built"
	ebb_quiet reasons add 'I was lonely in it' >/dev/null
	ebb_quiet reasons add $'He never listened.\nNot once.' >/dev/null
	ebb_quiet urge --did reached-out >/dev/null
	ebb_unlock
	run talk go-back anger '' reached-out '' -- "$EBB" urge 8
	expect_exit 0
	steps '
has(2, "Your own reasons for leaving, in your words:")
has(2, "  - I was lonely in it"); has(2, "  - He never listened.\n    Not once.")
lacks(2, "What did you do"); has(3, "What did you do")
has(5, "Be gentle with yourself")
has(5, "Urges in the last 7 days: 2. Let pass: 0. Acted on: 2.")'
	[ "$(last_body urge)" = '{"did": "reached-out", "feeling": "anger", "for": "go-back", "intensity": 8}' ]
}

@test "urge: parts given as options are not asked again" {
	run talk '' breathed '' -- "$EBB" urge --for call --feel fear
	expect_exit 0
	steps '
lacks(0, "What is the urge for?"); lacks(0, "What feeling")
has(0, "A feeling is not an instruction"); has(0, "Press Enter")
has(1, "What did you do with it")
has(2, "Anything else")'
	[ "$(last_body urge)" = '{"did": "breathed", "feeling": "fear", "for": "call"}' ]
}

@test "urge: Ctrl-D during the walk stops, and nothing is saved" {
	run talk text sadness '^D' -- "$EBB" urge
	expect_exit 0
	expect_out 'Nothing was saved'
	expect_no_out '^Noted'
	[ "$(record_count)" = 0 ]
}

# ---- signs ------------------------------------------------------------------

@test "signs asks about each sign in turn, with the meaning of the numbers" {
	run talk 3 x 4 2 1 -- "$EBB" signs
	expect_exit 0
	steps '
has(0, "0 not at all"); has(0, "4 very much"); has(0, "1 of 4. I can think of them"); lacks(0, "2 of 4")
has(1, "2 of 4. The need to explain myself"); lacks(1, "3 of 4")
has(2, "from 0 (not at all) to 4 (very much), please"); has(2, "2 of 4."); lacks(2, "3 of 4")
has(3, "3 of 4. The lessons"); lacks(3, "4 of 4")
has(4, "4 of 4. I trust myself more")
has(5, "Noted"); has(5, "Sealed while locked")'
	expect_no_out '[Pp]assphrase'
	[ "$(last_body signs)" = '{"ratings": [3, 4, 2, 1]}' ]
}

@test "signs: Ctrl-D stops, and nothing is saved" {
	run talk 3 '^D' -- "$EBB" signs
	expect_exit 0
	expect_out 'Nothing was saved'
	[ "$(record_count)" = 0 ]
}
