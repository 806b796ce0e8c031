#!/usr/bin/env bats
# ebb help: the list of commands, every command's --help, and where to find
# someone right now. The list is read from `ebb help` itself, so a new
# command is covered as soon as it is in the table.

load helpers

# The command names listed by `ebb help`, one a line.
listed_commands() {
	"$EBB" help | sed -n '/^Commands:$/,/^$/s/^  \([a-z][a-z0-9-]*\)  .*/\1/p'
}

@test "ebb help lists the commands with a one-line summary each, exit 0" {
	run_ebb help
	expect_exit 0
	expect_out '^usage: ebb '
	expect_out '^Commands:$'
	local n
	n=$(listed_commands | wc -l)
	[ "$n" -ge 8 ] || {
		echo "only $n commands parsed from 'ebb help'"
		show_run
		false
	}
	expect_out "ebb help crisis"
}

@test "every listed command answers --help and -h with exit 0 and its usage line" {
	local c opt cmds
	cmds=$(listed_commands)
	[ -n "$cmds" ]
	for c in $cmds; do
		for opt in --help -h; do
			run_ebb "$c" "$opt"
			expect_exit 0 || {
				echo "ebb $c $opt"
				false
			}
			[[ "${lines[0]}" == "usage: ebb $c"* ]] || {
				echo "ebb $c $opt: first line is not 'usage: ebb $c ...'"
				show_run
				false
			}
			expect_out '^  -h, --help ' || {
				echo "ebb $c $opt"
				false
			}
		done
	done
}

@test "every listed command's --help works even with no vault and no terminal" {
	local c
	for c in $(listed_commands); do
		run_ebb --vault "$T/nothing-here.ebb" "$c" --help
		expect_exit 0
	done
	[ ! -e "$T/nothing-here.ebb" ]
}

@test "'ebb help COMMAND' prints the same as 'ebb COMMAND --help'" {
	local c
	for c in $(listed_commands); do
		diff -u <("$EBB" "$c" --help) <("$EBB" help "$c")
	done
}

@test "--help after other arguments still shows help, without doing anything" {
	make_vault
	run_ebb checkin 7 --note x --help
	expect_exit 0
	expect_out '^usage: ebb checkin'
	run_ebb_pass log --json
	printf '%s' "$output" | json_check 'assert not [r for r in d if r["kind"] == "checkin"]'
}

@test "'ebb help crisis' lists 988 and 116 123, exit 0" {
	run_ebb help crisis
	expect_exit 0
	expect_out '988'
	expect_out '116 123'
	expect_out 'emergency number'
	expect_out 'findahelpline\.com'
}

@test "'ebb help' about a command that does not exist: exit 64" {
	run_ebb help frobnicate
	expect_error 64 "no command 'frobnicate'"
	expect_empty_stdout
}

@test "the help texts use the words of the house: no relapse, failure or streaks" {
	local c all
	all=$("$EBB" help; "$EBB" help crisis)
	for c in $(listed_commands); do
		all+=$("$EBB" "$c" --help)
	done
	if printf '%s\n' "$all" | grep -Ein 'relapse|failure|streak'; then
		false
	fi
}
