#!/usr/bin/env bats
# man.bats — every command that `ebb help` lists has a man page in
# docs/man/ebb-<command>.1.scd, the overview ebb(1) points at it, and every
# page builds with scdoc. A command added without its page fails here.

setup() {
	EBB="${EBB:-$BATS_TEST_DIRNAME/../../build/ebb}"
	EBB_SRC="${EBB_SRC:-$BATS_TEST_DIRNAME/../..}"
	MAN="$EBB_SRC/docs/man"
	# a sandbox: no real vault is looked at, and HOME is always set
	export HOME="$BATS_TEST_TMPDIR"
	unset EBB_VAULT XDG_DATA_HOME EBB_PASSPHRASE_FILE EBB_NEW_PASSPHRASE_FILE
}

# The command names from `ebb help`: the indented lines after "Commands:".
commands() {
	"$EBB" help | awk '/^Commands:/ { on = 1; next }
		on && /^$/ { exit }
		on && /^  [a-z]/ { print $1 }'
}

@test "ebb help lists the commands" {
	run commands
	[ "$status" -eq 0 ]
	[ -n "$output" ]
	# the first and the last command, so that a change in the layout of
	# `ebb help` cannot make the list silently empty or short
	[[ "$output" == init* ]]
	[[ "$output" == *help ]]
}

@test "every command has a man page" {
	local cmd list missing=""

	list="$(commands)"
	[ -n "$list" ]

	for cmd in $list; do
		[ -f "$MAN/ebb-$cmd.1.scd" ] || missing="$missing ebb-$cmd.1.scd"
	done
	if [ -n "$missing" ]; then
		echo "commands without a man page in docs/man:$missing" >&2
		return 1
	fi
	[ -f "$MAN/ebb.1.scd" ]
}

@test "ebb(1) lists every command and points at its page" {
	local cmd list missing=""

	list="$(commands)"
	[ -n "$list" ]

	for cmd in $list; do
		grep -q "ebb-$cmd\*(1)" "$MAN/ebb.1.scd" || missing="$missing $cmd"
	done
	if [ -n "$missing" ]; then
		echo "ebb.1.scd does not point at the page of:$missing" >&2
		return 1
	fi
}

@test "each page names itself in its preamble" {
	local page name bad=""

	for page in "$MAN"/*.scd; do
		name="$(basename "$page" .1.scd)"
		head -n 1 "$page" | grep -q "^$name(1)" || bad="$bad $(basename "$page")"
	done
	if [ -n "$bad" ]; then
		echo "the first line should be 'NAME(1) ...' in:$bad" >&2
		return 1
	fi
}

@test "every page builds with scdoc" {
	local page bad=""

	command -v scdoc >/dev/null || skip "scdoc is not installed"
	for page in "$MAN"/*.scd; do
		if ! scdoc <"$page" >"$BATS_TEST_TMPDIR/page" 2>"$BATS_TEST_TMPDIR/err"; then
			bad="$bad $(basename "$page"): $(cat "$BATS_TEST_TMPDIR/err");"
		elif [ ! -s "$BATS_TEST_TMPDIR/page" ]; then
			bad="$bad $(basename "$page"): empty output;"
		fi
	done
	if [ -n "$bad" ]; then
		echo "scdoc could not build:$bad" >&2
		return 1
	fi
}
