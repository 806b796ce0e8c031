#!/usr/bin/env bats
# ebb with no command, an unknown command, --version, --help, the common
# options and where the vault is looked for.

load helpers

@test "ebb alone, before any vault: a first-run screen that points to 'ebb init'" {
	run_ebb
	expect_exit 0
	expect_out '^ebb - a quiet place'
	expect_out '^    ebb init$'
	expect_out "It will live at $VAULT\\."
	expect_out 'ebb help crisis'
	# looking is not creating
	[ ! -e "$XDG_DATA_HOME" ]
}

@test "ebb alone without XDG_DATA_HOME: the vault lives under ~/.local/share/ebb" {
	unset XDG_DATA_HOME
	run_ebb
	expect_exit 0
	expect_out "It will live at $HOME/.local/share/ebb/vault\\.ebb\\."
}

@test "ebb alone with EBB_VAULT: that path is the vault" {
	export EBB_VAULT="$T/elsewhere/mine.ebb"
	run_ebb
	expect_exit 0
	expect_out "It will live at $T/elsewhere/mine\\.ebb\\."
}

@test "ebb alone with a vault: a short status saying it is locked" {
	make_vault
	run_ebb
	expect_exit 0
	expect_out "^Your vault: $VAULT \\(locked\\)$"
	expect_out 'ebb checkin 4'
	expect_out 'ebb help crisis'
}

@test "--vault before the command picks the vault" {
	make_vault --vault "$T/other.ebb"
	[ -f "$T/other.ebb" ]
	[ ! -e "$VAULT" ]
	run_ebb --vault "$T/other.ebb"
	expect_exit 0
	expect_out "^Your vault: $T/other\\.ebb \\(locked\\)$"
}

@test "EBB_VAULT chooses the vault for every command" {
	export EBB_VAULT="$T/env.ebb"
	make_vault
	[ -f "$T/env.ebb" ]
	checkin 3 --note 'via env'
	run_ebb_pass log
	expect_exit 0
	expect_out '3/10  via env'
}

@test "an unknown command: exit 64, named on stderr with the list of commands" {
	run_ebb frobnicate
	expect_exit 64
	expect_empty_stdout
	expect_err "^ebb: 'frobnicate' is not an ebb command$"
	expect_err '^  checkin '
	expect_err '^  help '
}

@test "an unknown option before the command: exit 64 and a pointer to --help" {
	run_ebb --frobnicate log
	expect_error 64 "unknown option '--frobnicate'.*ebb --help"
	expect_empty_stdout
}

@test "--vault without a value: exit 64" {
	run_ebb --vault
	expect_error 64 "'--vault' needs a value"
}

@test "--passphrase-fd that is not a number: exit 64" {
	run_ebb --passphrase-fd three log
	expect_error 64 'passphrase-fd needs a file descriptor number'
}

@test "--version prints 'ebb X.Y.Z' and exits 0" {
	run_ebb --version
	expect_exit 0
	[[ "$output" =~ ^ebb\ [0-9]+\.[0-9]+\.[0-9]+$ ]] || { show_run; false; }
	[ -z "$stderr" ]
}

@test "--help and -h print the usage and every command, exit 0" {
	local c
	for opt in --help -h; do
		run_ebb "$opt"
		expect_exit 0
		expect_out '^usage: ebb \[--vault PATH\].*COMMAND \[ARGS\]$'
		for c in init unlock lock passwd checkin log export help; do
			expect_out "^  $c +[a-z]"
		done
		expect_out 'ebb help crisis'
	done
}

@test "--help lists the same commands as 'ebb help'" {
	local a b
	a=$("$EBB" --help | sed -n 's/^  \([a-z][a-z-]*\)  .*/\1/p')
	b=$("$EBB" help | sed -n 's/^  \([a-z][a-z-]*\)  .*/\1/p')
	[ -n "$a" ]
	diff -u <(printf '%s\n' "$a") <(printf '%s\n' "$b")
}

@test "common options also work after the command" {
	make_vault --vault "$T/v.ebb"
	checkin --vault "$T/v.ebb" 6 --note after
	run --separate-stderr setsid -w "$EBB" log --json --vault "$T/v.ebb" --passphrase-fd 3 \
		3<"$PASSFILE" </dev/null
	expect_exit 0
	printf '%s' "$output" | json_check 'assert [r["body"]["note"] for r in d if r["kind"] == "checkin"] == ["after"]'
}

@test "NO_COLOR: no escape sequences in the output" {
	make_vault
	checkin 10 --note heavy
	run_ebb_pass log
	expect_exit 0
	if printf '%s%s' "$output" "$stderr" | grep -q $'\033'; then
		show_run
		false
	fi
}
