#!/usr/bin/env bats
# demo.bats — `ebb demo`: a new vault with a made-up history, kept apart
# from the real vault, refusing to replace anything, opened with the
# passphrase it prints, and named a demo by every command that opens it.

load helpers

DEMO_LINE="ebb: this is a demo vault: a made-up history, not anyone's real story"

setup() {
	common_setup
	DEMO="$XDG_DATA_HOME/ebb/demo.ebb"
	DEMOPASS="$T/demopass"
	printf '%s\n' 'ebb demo vault' >"$DEMOPASS"
}

teardown() { common_teardown; }

# demo_pass ARGS...: runs ebb (under `run`) with the demo's passphrase on fd 3.
run_demo_pass() {
	run --separate-stderr setsid -w "$EBB" --passphrase-fd 3 "$@" 3<"$DEMOPASS" </dev/null
}

# has_command NAME: this ebb lists NAME in `ebb help`.
has_command() {
	"$EBB" help | grep -Eq "^  $1 "
}

# expect_demo_line: stderr holds the demo line, once.
expect_demo_line() {
	local n
	n=$(printf '%s\n' "${stderr:-}" | grep -cxF -- "$DEMO_LINE" || true)
	if [ "$n" -ne 1 ]; then
		echo "expected the demo line once on stderr, found it $n times"
		show_run
		return 1
	fi
}

# history_of VAULT: kind, time and body of every record (ids aside), one a line.
history_of() {
	setsid -w "$EBB" --vault "$1" --passphrase-fd 3 export json 3<"$DEMOPASS" </dev/null |
		python3 -c 'import json, sys
for r in json.load(sys.stdin)["records"]:
    print(r["kind"], r["at"], json.dumps(r["body"], sort_keys=True))'
}

@test "ebb demo makes a demo vault beside the real one, and says how to look" {
	run_ebb demo
	expect_exit 0
	[ -f "$DEMO" ]
	[ "$(mode_of "$DEMO")" = 600 ]
	[ ! -e "$VAULT" ] # the real vault's place is left alone
	expect_out "A demo vault is ready at $DEMO"
	expect_out "made-up history"
	expect_out '^  Passphrase: ebb demo vault$'
	expect_out "ebb --vault $DEMO today$"
	expect_out "ebb --vault $DEMO log$"
	if has_command waves; then expect_out "ebb --vault $DEMO waves$"; fi
	if has_command insights; then expect_out "ebb --vault $DEMO insights$"; fi
}

@test "EBB_VAULT does not send the demo to the real vault" {
	export EBB_VAULT="$T/real.ebb"
	run_ebb demo
	expect_exit 0
	[ -f "$DEMO" ]
	[ ! -e "$T/real.ebb" ]
}

@test "--vault puts the demo where it is asked, before or after the command" {
	run_ebb demo --vault "$T/a.ebb" --days 30
	expect_exit 0
	[ -f "$T/a.ebb" ]
	run_ebb --vault "$T/b.ebb" demo --days 30
	expect_exit 0
	[ -f "$T/b.ebb" ]
	[ ! -e "$DEMO" ]
	# a path with a space is shown so that it can be pasted
	run_ebb demo --vault "$T/with space.ebb" --days 30
	expect_exit 0
	expect_out "ebb --vault '$T/with space.ebb' today$"
}

@test "an existing file is never replaced (73)" {
	run_ebb demo --days 30
	expect_exit 0
	before=$(sum_of "$DEMO")
	run_ebb demo --days 30
	expect_error 73 "already exists"
	[ "$(sum_of "$DEMO")" = "$before" ]
	# nor a real vault, nor any other file
	make_vault
	before=$(sum_of "$VAULT")
	run_ebb demo --vault "$VAULT"
	expect_error 73 "already exists"
	[ "$(sum_of "$VAULT")" = "$before" ]
	echo "not a vault" >"$T/notes.txt"
	run_ebb demo --vault "$T/notes.txt"
	expect_error 73 "already exists"
	[ "$(cat "$T/notes.txt")" = "not a vault" ]
}

@test "--days goes from 30 to 3650: 29 and 3651 are refused (64), nothing is made" {
	for d in 29 3651 0 -5 abc 12x ""; do
		run_ebb demo --days "$d"
		expect_error 64 "days"
	done
	[ ! -e "$DEMO" ]
	[ ! -e "$XDG_DATA_HOME/ebb" ]
	run_ebb demo --days 30 --vault "$T/short.ebb" --json
	expect_exit 0
	echo "$output" | json_check 'assert d["days"] == 30 and d["records"] > 30'
}

@test "other bad input is a usage error (64), nothing is made" {
	run_ebb demo --seed -1
	expect_error 64 "seed"
	run_ebb demo --seed lots
	expect_error 64 "seed"
	run_ebb demo --kdf fast
	expect_error 64 "kdf"
	run_ebb demo extra
	expect_error 64 "extra"
	run_ebb demo --wat
	expect_error 64 "unknown option"
	[ ! -e "$DEMO" ]
}

@test "the passphrase it prints opens the demo, and no other does" {
	run_ebb demo --days 30
	expect_exit 0
	run_demo_pass --vault "$DEMO" log -n 3
	expect_exit 0
	[ -n "$output" ]
	run_ebb_pass --vault "$DEMO" log -n 3 # the tests' usual passphrase
	expect_exit 77
	# and it never asks: no terminal, no passphrase source
	run_ebb --vault "$DEMO" log
	expect_exit 77
}

@test "another passphrase can be chosen; it is then not printed" {
	run_ebb_pass demo --days 30
	expect_exit 0
	expect_no_out 'ebb demo vault'
	expect_out 'Passphrase: the one you gave'
	run_ebb_pass --vault "$DEMO" log -n 1
	expect_exit 0
	run_demo_pass --vault "$DEMO" log -n 1
	expect_exit 77
	# EBB_PASSPHRASE_FILE too, and --json gives no passphrase then
	EBB_PASSPHRASE_FILE="$PASSFILE" run_ebb --json demo --days 30 --vault "$T/f.ebb"
	expect_exit 0
	echo "$output" | json_check 'assert d["passphrase"] is None'
	# too short: refused, nothing made
	printf 'short\n' >"$T/short"
	run --separate-stderr setsid -w "$EBB" --passphrase-fd 3 demo --vault "$T/s.ebb" \
		3<"$T/short" </dev/null
	expect_error 64 "at least 8"
	[ ! -e "$T/s.ebb" ]
}

@test "every command that reads the demo says it is a demo, once, on stderr" {
	run_ebb demo
	expect_exit 0
	cmds=(today log "log --json" "show" "search walk")
	has_command waves && cmds+=(waves "waves --json")
	has_command insights && cmds+=(insights "insights --json")
	for c in "${cmds[@]}"; do
		if [ "$c" = show ]; then
			id=$(setsid -w "$EBB" --vault "$DEMO" --passphrase-fd 3 log -n 1 --json \
				3<"$DEMOPASS" </dev/null 2>/dev/null |
				python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
			c="show $id"
		fi
		# shellcheck disable=SC2086
		run_demo_pass --vault "$DEMO" $c
		expect_exit 0
		expect_demo_line
		[ -n "$output" ]
		# JSON stays clean: the line is on stderr only
		if [[ "$c" == *--json* ]]; then
			echo "$output" | json_check 'assert d is not None'
		fi
	done
	# writing, and the short status of `ebb` alone, say it too
	run_ebb --vault "$DEMO" checkin 3
	expect_exit 0
	expect_demo_line
	run_ebb --vault "$DEMO"
	expect_exit 0
	expect_demo_line
}

@test "a real vault is never called a demo" {
	make_vault
	checkin 4
	run_ebb_pass today
	expect_exit 0
	if printf '%s\n' "$stderr" | grep -qF "demo"; then
		show_run
		false
	fi
}

@test "--json gives the vault, the passphrase and the number of records" {
	run_ebb --json demo
	expect_exit 0
	echo "$output" | json_check "assert d['vault'] == '$DEMO'
assert d['passphrase'] == 'ebb demo vault'
assert d['records'] > 150 and d['days'] == 180"
	n=$(echo "$output" | python3 -c 'import json,sys; print(json.load(sys.stdin)["records"])')
	[ "$(history_of "$DEMO" | wc -l)" -eq "$n" ]
}

@test "the same seed makes the same history; another seed another" {
	run_ebb demo --vault "$T/one.ebb" --days 60 --seed 7
	expect_exit 0
	run_ebb demo --vault "$T/two.ebb" --days 60 --seed 7
	expect_exit 0
	run_ebb demo --vault "$T/three.ebb" --days 60 --seed 8
	expect_exit 0
	[ "$(history_of "$T/one.ebb")" = "$(history_of "$T/two.ebb")" ]
	[ "$(history_of "$T/one.ebb")" != "$(history_of "$T/three.ebb")" ]
}

@test "the history ends yesterday and holds every kind of record" {
	run_ebb demo --days 30
	expect_exit 0
	setsid -w "$EBB" --vault "$DEMO" --passphrase-fd 3 export json 3<"$DEMOPASS" </dev/null |
		json_check 'import datetime
recs = d["records"]
kinds = {r["kind"] for r in recs}
assert kinds >= {"checkin", "entry", "urge", "signs", "reason", "miss", "contact",
                 "profile", "date", "plan"}, kinds
prompts = {r["body"].get("prompt") for r in recs if r["kind"] == "entry"}
assert prompts >= {"unlived", "letter", "lessons", "anger", "memory", "closure", "free"}, prompts
today = datetime.date.today()
days = {datetime.date.fromisoformat(r["at"][:10]) for r in recs}
assert max(days) == today - datetime.timedelta(days=1), max(days)
assert min(days) == today - datetime.timedelta(days=30), min(days)
profile = [r["body"] for r in recs if r["kind"] == "profile"][0]
assert profile["name"] == "Sam (demo)"
assert profile["left_on"] == min(days).isoformat()'
}

@test "ebb demo --help answers, and ebb help lists demo" {
	run_ebb demo --help
	expect_exit 0
	expect_out '^usage: ebb demo'
	expect_out 'days N'
	run_ebb help
	expect_out '^  demo '
}
