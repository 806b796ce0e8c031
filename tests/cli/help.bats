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

# ---- ebb help crisis ----------------------------------------------------------

# The four lines DESIGN.md promises wherever the person is.
expect_promised_lines() {
	expect_out '988'
	expect_out '116 123'
	expect_out '13 11 14'
	expect_out 'findahelpline\.com'
}

@test "'ebb help crisis' opens calmly, ends with what ebb is not, and says when it was checked" {
	run_ebb help crisis
	expect_exit 0
	[ "${lines[0]}" = "If you are in danger or thinking about ending your life," ]
	[ "${lines[1]}" = "please reach out to someone now." ]
	[ "${lines[${#lines[@]} - 1]}" = "ebb is not therapy and cannot call anyone for you; a person can help right now." ]
	expect_out '^Checked 2026-11\.'
	expect_out 'befrienders\.org'
	expect_out '112 reaches the emergency services'
}

@test "'ebb help crisis' always shows 988, 116 123, 13 11 14 and the directory, wherever you are" {
	local loc
	for loc in C.UTF-8 POSIX en_GB.UTF-8 en_US.UTF-8 de_DE.UTF-8 en_AU.UTF-8 ja_JP.UTF-8 fr_FR@euro; do
		LC_ALL=$loc run_ebb help crisis
		expect_exit 0
		expect_promised_lines || {
			echo "LC_ALL=$loc"
			false
		}
		LC_ALL=$loc run_ebb help crisis --all
		expect_promised_lines
	done
	for loc in US GB AU IE ZA; do
		run_ebb help crisis --country "$loc"
		expect_promised_lines
	done
}

@test "'ebb help crisis' shows your country first, from LC_ALL, LC_MESSAGES or LANG" {
	LC_ALL=en_GB.UTF-8 run_ebb help crisis
	expect_exit 0
	[ "${lines[2]}" = "United Kingdom" ]
	expect_out '^  Emergency +call 999 or 112$'
	expect_out '^  Samaritans +call 116 123 \(24/7\)$'
	expect_out '^  Shout +text SHOUT to 85258 \(24/7\)$'

	# LC_ALL wins over LC_MESSAGES, which wins over LANG
	unset LC_ALL
	LANG=de_DE.UTF-8 LC_MESSAGES=en_AU.UTF-8 run_ebb help crisis
	[ "${lines[2]}" = "Australia" ]
	expect_out '^  Lifeline +call 13 11 14 \(24/7\)$'
	LANG=de_DE.UTF-8 run_ebb help crisis
	[ "${lines[2]}" = "Germany" ]
	expect_out '^  TelefonSeelsorge +call 0800 111 0 111 or 0800 111 0 222 \(24/7\)$'
	LC_ALL=nl_NL.UTF-8 LANG=de_DE.UTF-8 run_ebb help crisis
	[ "${lines[2]}" = "Netherlands" ]
	expect_out 'call 113 or 0800-0113'

	# the country shown first is not repeated among the others
	LC_ALL=en_GB.UTF-8 run_ebb help crisis
	[ "$(printf '%s\n' "$output" | grep -c 'United Kingdom')" -eq 1 ]
}

@test "'ebb help crisis' with a locale that names no country starts with the directories" {
	run_ebb help crisis
	expect_exit 0
	[ "${lines[2]}" = "Anywhere" ]
	expect_out '^By country: emergency number, then someone to talk to$'
	expect_out 'ebb help crisis --country CODE'
}

@test "'ebb help crisis --country' picks the country: codes in any case, UK, or the name" {
	local arg
	for arg in DE de Germany GERMANY; do
		LC_ALL=en_GB.UTF-8 run_ebb help crisis --country "$arg"
		expect_exit 0
		[ "${lines[2]}" = "Germany" ] || {
			echo "--country $arg"
			show_run
			false
		}
	done
	for arg in uk GB; do
		run_ebb help crisis --country "$arg"
		[ "${lines[2]}" = "United Kingdom" ]
	done
	run_ebb help crisis --country ie
	expect_out '^  50808 +text HELLO to 50808 \(24/7\)$'
	run_ebb --vault "$T/none.ebb" help crisis --country za --json
	printf '%s' "$output" | json_check 'assert d["country"] == "ZA" and d["countries"][0]["emergency"][0] == "10111"'
	run_ebb help --country it crisis
	[ "${lines[2]}" = "Italy" ]
	# Telefono Amico is not open day and night, and ebb does not say it is
	expect_out '^  Telefono Amico Italia +call 02 2327 2327$'
}

@test "'ebb help crisis --country' for a country ebb lists nothing for points to the directories" {
	run_ebb help crisis --country jp
	expect_exit 0
	expect_out '^ebb lists no lines for JP; the directories below have them'
	expect_out 'call your local emergency number'
	expect_promised_lines
}

@test "'ebb help crisis --country' with something that is no country: exit 64, but the lines still show" {
	run_ebb help crisis --country Narnia
	expect_error 64 "no country 'Narnia'"
	expect_promised_lines
	run_ebb help crisis --country ''
	expect_error 64 "no country"
	expect_promised_lines
}

@test "'ebb help crisis' lists every country in short, and --all in full with hours" {
	local short all
	short=$("$EBB" help crisis)
	all=$("$EBB" help crisis --all)
	for c in "United States" Canada "United Kingdom" Ireland Australia "New Zealand" Germany \
		France Netherlands Spain Italy India "South Africa"; do
		printf '%s\n' "$short" | grep -q "^  $c  " || {
			echo "no short line for $c"
			false
		}
		printf '%s\n' "$all" | grep -qx "$c" || {
			echo "no full block for $c"
			false
		}
	done
	printf '%s\n' "$short" | grep -q 'ebb help crisis --all'
	printf '%s\n' "$all" | grep -q '(24/7)'
	printf '%s\n' "$all" | grep -q 'text SHOUT to 85258'
	printf '%s\n' "$all" | grep -q 'call 3114'
	printf '%s\n' "$all" | grep -q 'call 024'
	printf '%s\n' "$all" | grep -q 'call 14416'
	printf '%s\n' "$all" | grep -q 'call 0800 567 567'
	printf '%s\n' "$all" | grep -q 'call or text 1737'
}

@test "every number in 'ebb help crisis --json' is shown by 'ebb help crisis --all'" {
	local json all
	run_ebb help crisis --json
	expect_exit 0
	json=$output
	printf '%s' "$json" | json_check '
assert d["checked"] == "2026-11"
assert d["country"] is None
assert len(d["countries"]) >= 13
assert {x["url"] for x in d["directories"]} >= {"https://findahelpline.com", "https://befrienders.org"}
for c in d["countries"]:
    assert len(c["code"]) == 2 and c["name"] and c["emergency"] and c["lines"]
    for l in c["lines"]:
        assert l["numbers"] and (l["call"] or l["text"]) and isinstance(l["always_open"], bool)'
	all=$("$EBB" help crisis --all)
	printf '%s' "$json" | python3 -c '
import json, sys
d = json.load(sys.stdin)
for c in d["countries"]:
    for n in c["emergency"]:
        print(n)
    for l in c["lines"]:
        for n in l["numbers"]:
            print(n)' | while IFS= read -r n; do
		printf '%s\n' "$all" | grep -qF -- "$n" || {
			echo "number $n is in the JSON but not in --all"
			false
		}
	done
	LC_ALL=en_NZ.UTF-8 run_ebb help crisis --json
	printf '%s' "$output" | json_check 'assert d["country"] == "NZ" and d["countries"][0]["code"] == "NZ"'
}

@test "'ebb help crisis' fits in 80 columns and has no colour when NO_COLOR is set" {
	local loc
	for loc in C.UTF-8 en_GB.UTF-8 fr_FR.UTF-8; do
		LC_ALL=$loc "$EBB" help crisis --all >"$T/out"
		LC_ALL=$loc "$EBB" help crisis >>"$T/out"
	done
	python3 - "$T/out" <<'PY'
import sys
for n, line in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    assert len(line.rstrip("\n")) <= 80, (n, line)
    assert "\x1b" not in line, (n, line)
PY
}

@test "'ebb help crisis' never touches the vault, even with no HOME" {
	export EBB_VAULT="$T/never.ebb"
	run_ebb help crisis
	expect_exit 0
	[ ! -e "$T/never.ebb" ]
	run env -u HOME -u XDG_DATA_HOME -u EBB_VAULT "$EBB" help crisis </dev/null
	[ "$status" -eq 0 ]
	[[ "$output" == *"116 123"* ]]
}

@test "--country and --all belong to 'ebb help crisis': exit 64 elsewhere" {
	run_ebb help --all
	expect_error 64 "go with 'ebb help crisis'"
	expect_empty_stdout
	run_ebb help checkin --country GB
	expect_error 64 "go with 'ebb help crisis'"
	run_ebb help crisis extra
	expect_error 64 "extra"
}

@test "a check-in at 10 shows the short list for your country, else the promised lines" {
	make_vault
	LC_ALL=en_GB.UTF-8 run_ebb checkin 10
	expect_exit 0
	expect_out 'please reach out to someone now'
	expect_out 'emergency services \(United Kingdom\): call 999 or 112'
	expect_out 'call 116 123 \(Samaritans, 24/7\)'
	expect_out 'text SHOUT to 85258'
	expect_out 'findahelpline\.com'
	expect_out 'ebb help crisis'
	expect_no_out 'Lifeline'
	LC_ALL=de_DE.UTF-8 run_ebb checkin 10
	expect_out 'emergency services \(Germany\): call 112'
	expect_out 'TelefonSeelsorge'
	expect_out 'findahelpline\.com'
	# no country (or one ebb lists nothing for): the lines DESIGN.md names
	for loc in C.UTF-8 ja_JP.UTF-8; do
		LC_ALL=$loc run_ebb checkin 10
		expect_out 'your local emergency number'
		expect_promised_lines
	done
	expect_out '^ebb is not therapy and cannot call anyone for you; a person can help right now\.$'
}

# ---- ebb help words -------------------------------------------------------------

@test "'ebb help words' lists the words each option takes, from vocab.c" {
	local src=${EBB_SRC:-$BATS_TEST_DIRNAME/../..} list opt
	run_ebb help words
	expect_exit 0
	for opt in feel grieving for did prompt kind relationship; do
		expect_out "^--$opt  "
	done
	expect_out '^part  '
	expect_out '^  potential +the future I imagined'
	for list in ebb_feelings:feel ebb_facets:grieving ebb_urge_for:for ebb_urge_did:did \
		ebb_prompt_kinds:prompt ebb_relationships:relationship ebb_plan_parts:part; do
		diff -u <(sed -n "/^const struct ebb_word ${list%%:*}\[\] = {/,/{NULL, NULL}/p" \
			"$src/src/core/vocab.c" | grep -o '{"[a-z][a-z-]*"' | tr -d '{"') \
			<("$EBB" help words "${list#*:}" | cut -d' ' -f1)
	done
}

@test "'ebb help words OPTION COMMAND' is empty when that command's option takes other words" {
	run_ebb help words for unlock
	expect_exit 0
	expect_empty_stdout
	run_ebb help words for urge
	expect_out '^go-back '
	run_ebb help words part plan
	expect_out '^warning-signs '
	run_ebb help words part log
	expect_empty_stdout
	run_ebb help words feel checkin
	expect_out '^sadness$'
	run_ebb help words feel nosuchcommand
	expect_error 64 "no command 'nosuchcommand'"
}

@test "'ebb help words' with --json, and an unknown list: exit 64" {
	run_ebb help words --json
	expect_exit 0
	printf '%s' "$output" | json_check '
assert {"feel", "grieving", "for", "did", "prompt", "kind", "relationship", "part", "country"} <= set(d)
assert {"name": "potential", "label": "the future I imagined, what never fully existed"} in d["grieving"]
assert any(w["name"] == "GB" for w in d["country"])'
	run_ebb help words kind --json
	printf '%s' "$output" | json_check 'assert [w["name"] for w in d][:2] == ["checkin", "entry"]'
	run_ebb help words colours
	expect_error 64 "no list of words for 'colours'"
	expect_empty_stdout
}

@test "'ebb help --json' lists the commands as JSON, the same as the text" {
	run_ebb help --json
	expect_exit 0
	diff -u <(printf '%s' "$output" | python3 -c 'import json,sys
for c in json.load(sys.stdin):
    assert c["summary"] and "usage" in c
    print(c["name"])') <(listed_commands)
	run_ebb help checkin --json
	printf '%s' "$output" | json_check 'assert d["name"] == "checkin" and d["help"]'
}

@test "ebb-help(1) names every country, line and number of 'ebb help crisis'" {
	local src=${EBB_SRC:-$BATS_TEST_DIRNAME/../..}
	"$EBB" help crisis --json | python3 -c '
import json, sys
page = open(sys.argv[1], encoding="utf-8").read()
d = json.load(sys.stdin)
missing = []
for c in d["countries"]:
    for s in [c["name"], "(" + c["code"]] + c["emergency"] + [l["name"] for l in c["lines"]] + \
            [n for l in c["lines"] for n in l["numbers"]]:
        if s not in page:
            missing.append(s)
for x in d["directories"]:
    if x["url"] not in page:
        missing.append(x["url"])
assert not missing, missing' "$src/docs/man/ebb-help.1.scd"
}

@test "help crisis shows your own safety plan when the vault is open, never asking for a passphrase" {
	keyring_or_skip
	make_vault
	ebb_pass plan set people 'my sister, any hour' >/dev/null
	ebb_pass plan set alone 'a slow walk around the block' >/dev/null
	# locked: where the plan is, and no prompt (no terminal, no passphrase source)
	run_ebb help crisis
	expect_exit 0
	expect_out 'Your own safety plan, if you have written one: ebb plan'
	expect_no_out 'my sister'
	# open: the plan itself, after the lines to call
	ebb_unlock
	run_ebb help crisis
	expect_exit 0
	expect_out '^Your safety plan$'
	expect_out 'people I can ask for help:'
	expect_out 'my sister, any hour'
	expect_out 'a slow walk around the block'
	# and with no vault at all, the crisis lines still show
	run_ebb --vault "$T/none.ebb" help crisis
	expect_exit 0
	expect_out '988'
}
