# helpers.bash — shared set-up and checks for the command-line tests.
#
# Load with `load helpers` at the top of a .bats file. Every test gets its
# own directory ($T, inside BATS_TEST_TMPDIR) holding HOME, XDG_DATA_HOME
# and XDG_RUNTIME_DIR, a fixed time zone and locale, and no passphrase
# source unless the test gives one. The binary is $EBB (CTest sets it);
# by hand: `bats tests/cli` after building into ./build.

bats_require_minimum_version 1.5.0

if [ -z "${EBB:-}" ]; then
	EBB="$BATS_TEST_DIRNAME/../../build/ebb"
fi
EBB="$(cd "$(dirname "$EBB")" && pwd)/$(basename "$EBB")"
export EBB

# Passphrases used throughout; both are long enough.
PASS='correct horse battery'
NEWPASS='lantern orchard river'

common_setup() {
	[ -x "$EBB" ] || {
		echo "no ebb binary at $EBB: build first (cmake --build build)" >&2
		return 1
	}
	T="$BATS_TEST_TMPDIR/t"
	mkdir -p "$T"
	export HOME="$T/home"
	export XDG_DATA_HOME="$T/data"
	export XDG_RUNTIME_DIR="$T/run"
	mkdir -p "$HOME" "$XDG_RUNTIME_DIR"
	chmod 0700 "$XDG_RUNTIME_DIR"
	export TZ=UTC LC_ALL=C.UTF-8 NO_COLOR=1
	unset EBB_VAULT EBB_PASSPHRASE_FILE EBB_NEW_PASSPHRASE_FILE
	VAULT="$XDG_DATA_HOME/ebb/vault.ebb"
	PASSFILE="$T/pass"
	NEWPASSFILE="$T/newpass"
	printf '%s\n' "$PASS" >"$PASSFILE"
	printf '%s\n' "$NEWPASS" >"$NEWPASSFILE"
	MOUNTS=()
	KEPT=()
}

common_teardown() {
	local m v
	# forget keys this test kept in the kernel keyring
	for v in "${KEPT[@]}"; do
		"$EBB" --vault "$v" lock >/dev/null 2>&1 || true
	done
	for m in "${MOUNTS[@]}"; do
		umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
	done
}

setup() { common_setup; }
teardown() { common_teardown; }

# ---- running ebb --------------------------------------------------------

# run_ebb ARGS...: runs ebb under bats' `run` with stdout in $output and
# stderr in $stderr, and no terminal (setsid, stdin from /dev/null), so
# nothing can ever wait for a passphrase typed by hand.
run_ebb() {
	run --separate-stderr setsid -w "$EBB" "$@" </dev/null
}

# run_ebb_pass ARGS...: the same, with the passphrase on descriptor 3.
run_ebb_pass() {
	run --separate-stderr setsid -w "$EBB" --passphrase-fd 3 "$@" 3<"$PASSFILE" </dev/null
}

# ebb_pass ARGS...: runs ebb with the passphrase on descriptor 3, plainly.
ebb_pass() {
	setsid -w "$EBB" --passphrase-fd 3 "$@" 3<"$PASSFILE" </dev/null
}

# ebb_quiet ARGS...: runs ebb with no terminal and no passphrase source.
ebb_quiet() {
	setsid -w "$EBB" "$@" </dev/null
}

# make_vault [INIT ARGS...]: creates $VAULT (or --vault ...) quickly.
make_vault() {
	local out rc=0
	out=$(EBB_PASSPHRASE_FILE="$PASSFILE" setsid -w "$EBB" init --kdf interactive "$@" \
		</dev/null 2>&1) || rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "make_vault: ebb init $* exited $rc: $out" >&2
		return 1
	fi
}

# checkin ARGS...: a check-in that must succeed (locked or not).
checkin() {
	local out rc=0
	out=$(ebb_quiet checkin "$@" 2>&1) || rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "checkin $* exited $rc: $out" >&2
		return 1
	fi
}

# ---- checks ---------------------------------------------------------------

show_run() {
	echo "--- exit status: $status"
	echo "--- stdout:"
	printf '%s\n' "$output"
	echo "--- stderr:"
	printf '%s\n' "${stderr:-}"
}

# expect_exit N: the last `run` exited with N.
expect_exit() {
	if [ "$status" -ne "$1" ]; then
		echo "expected exit status $1, got $status"
		show_run
		return 1
	fi
}

# expect_error N REGEX: exit N, and the last line on stderr is an "ebb: "
# message matching REGEX (extended, case-insensitive).
expect_error() {
	local last
	expect_exit "$1" || return 1
	last=$(printf '%s\n' "${stderr:-}" | tail -n 1)
	if [[ "$last" != "ebb: "* ]]; then
		echo "expected an 'ebb: ' message on stderr, got: $last"
		show_run
		return 1
	fi
	if ! printf '%s\n' "$last" | grep -Eqi -- "$2"; then
		echo "expected the message to match /$2/, got: $last"
		show_run
		return 1
	fi
}

# expect_out REGEX: stdout has a line matching REGEX (extended).
expect_out() {
	if ! printf '%s\n' "$output" | grep -Eq -- "$1"; then
		echo "expected stdout to match /$1/"
		show_run
		return 1
	fi
}

# expect_no_out REGEX: no line of stdout matches REGEX.
expect_no_out() {
	if printf '%s\n' "$output" | grep -Eq -- "$1"; then
		echo "expected stdout not to match /$1/"
		show_run
		return 1
	fi
}

# expect_err REGEX: stderr has a line matching REGEX (extended).
expect_err() {
	if ! printf '%s\n' "${stderr:-}" | grep -Eq -- "$1"; then
		echo "expected stderr to match /$1/"
		show_run
		return 1
	fi
}

# expect_empty_stdout: nothing on stdout.
expect_empty_stdout() {
	if [ -n "$output" ]; then
		echo "expected nothing on stdout"
		show_run
		return 1
	fi
}

# mode_of PATH: the permission bits, e.g. 600.
mode_of() { stat -c %a "$1"; }

# sum_of PATH: the sha256 of a file.
sum_of() { sha256sum <"$1" | cut -d' ' -f1; }

# json_check PROGRAM: python3 reads JSON on stdin into `d` and runs the
# program; fails (printing the document) when it raises or asserts.
json_check() {
	local doc
	doc=$(cat)
	if ! printf '%s' "$doc" | python3 -c "import json,sys
d = json.load(sys.stdin)
$1"; then
		echo "JSON check failed on:"
		printf '%s\n' "$doc"
		return 1
	fi
}

# record_count [VAULT]: how many records `log --json` shows with the
# passphrase (all kinds).
record_count() {
	local v=${1:-$VAULT}
	ebb_pass --vault "$v" log --json -n 1000000 |
		python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'
}

# keyring_or_skip: skips the test when the kernel keyring cannot be used.
keyring_or_skip() {
	command -v keyctl >/dev/null || skip "keyctl is not installed"
	keyctl show @u >/dev/null 2>&1 || skip "the kernel user keyring is not available here"
}

# ebb_unlock [VAULT] [UNLOCK ARGS...]: unlock with the passphrase on fd 3;
# skips the test when ebb says the keyring is unavailable (exit 69).
ebb_unlock() {
	local v=${1:-$VAULT} out rc=0
	shift || true
	KEPT+=("$v")
	out=$(ebb_pass --vault "$v" unlock "$@" 2>&1) || rc=$?
	if [ "$rc" -eq 69 ]; then
		skip "the kernel keyring is unavailable: $out"
	fi
	if [ "$rc" -ne 0 ]; then
		echo "ebb unlock $* exited $rc: $out" >&2
		return 1
	fi
}

# try_mount DIR [SIZE]: a fresh tmpfs at DIR, unmounted in teardown;
# skips the test when mounting is not permitted.
try_mount() {
	local dir=$1 size=${2:-1m} out
	mkdir -p "$dir"
	out=$(mount -t tmpfs -o "size=$size,mode=0700" tmpfs "$dir" 2>&1) ||
		skip "cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN): $out"
	MOUNTS+=("$dir")
}

# tty_run [ANSWER...] -- COMMAND...: runs COMMAND on a pseudo-terminal and
# types each ANSWER (a line) at each prompt, once the program has turned
# echo off. stdout gets what the terminal showed; the exit status is the
# program's, or 124 when it waited too long, or 125 when it asked for more
# input than given.
tty_run() {
	local answers=()
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do
		answers+=("$1")
		shift
	done
	shift
	python3 - "${#answers[@]}" "${answers[@]}" "$@" <<'PY'
import os, pty, select, signal, sys, termios, time

n = int(sys.argv[1])
answers = sys.argv[2:2 + n]
argv = sys.argv[2 + n:]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(argv[0], argv)
out = b""
pending = b""
deadline = time.time() + 30
code = None


def echo_off():
    try:
        return not (termios.tcgetattr(fd)[3] & termios.ECHO)
    except termios.error:
        return False


while True:
    left = deadline - time.time()
    if left <= 0:
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
        pending += data
    if pending.rstrip(b" ").endswith(b":") and echo_off():
        pending = b""
        if not answers:
            code = 125
            break
        os.write(fd, answers.pop(0).encode() + b"\n")
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
}
