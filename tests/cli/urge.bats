#!/usr/bin/env bats
# ebb urge: an urge is noted without the passphrase, with whatever the
# options say; unknown words are refused before anything is written; urges
# let pass and urges acted on are counted apart, and the week's counts are
# shown only when the kept key is at hand.

load helpers

setup() {
	common_setup
	make_vault
}

# urges_json: the urges as `log --json` shows them with the passphrase.
urges_json() {
	ebb_pass log --json --kind urge -n 1000000
}

# urge ARGS...: an urge that must be noted (locked or not).
urge() {
	local out rc=0
	out=$(ebb_quiet urge "$@" 2>&1) || rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "urge $* exited $rc: $out" >&2
		return 1
	fi
}

@test "'ebb urge' alone, no terminal: an urge with nothing else, sealed while locked" {
	run_ebb urge
	expect_exit 0
	expect_out '^Noted\.'
	expect_out 'Sealed while locked'
	expect_no_out '[Pp]assphrase|Urges in the last'
	[ -z "$stderr" ] || { show_run; false; }
	urges_json | json_check 'assert len(d) == 1 and d[0]["body"] == {}, d'
}

@test "every part given by options is kept exactly" {
	urge 7 --for text --feel longing --did wrote --note 'wrote it here instead' --at '2025-06-01 22:15'
	urges_json | json_check '
r = d[0]
assert r["at"] == "2025-06-01T22:15:00+00:00", r
assert r["body"] == {"intensity": 7, "for": "text", "feeling": "longing",
                     "did": "wrote", "note": "wrote it here instead"}, r'
}

@test "every --for and every --did ebb knows is accepted, in any case" {
	local w
	for w in text call look go-back closure other; do
		urge --for "$w"
	done
	for w in waited wrote breathed reached-out other; do
		urge --did "$w"
	done
	urge --for GO-BACK --feel Anger --did Reached-Out
	urges_json | json_check '
fors = sorted(r["body"]["for"] for r in d if "for" in r["body"])
dids = sorted(r["body"]["did"] for r in d if "did" in r["body"])
assert fors == sorted(["text", "call", "look", "go-back", "closure", "other", "go-back"]), fors
assert dids == sorted(["waited", "wrote", "breathed", "reached-out", "other", "reached-out"]), dids
assert any(r["body"].get("feeling") == "anger" for r in d), d'
}

@test "an unknown --for, --feel or --did: exit 64 naming it and listing the known ones" {
	run_ebb urge --for txt
	expect_error 64 "'txt' is not an urge ebb knows: text, call, look, go-back, closure, other"
	run_ebb urge --feel happy
	expect_error 64 "'happy' is not a feeling ebb knows: sadness, anger, longing"
	run_ebb urge --did ignored
	expect_error 64 "'ignored' is not a choice ebb knows: waited, wrote, breathed, reached-out, other"
	run_ebb urge --feel 'sadness,anger'
	expect_error 64 "'sadness,anger'"
	[ "$(record_count)" = 0 ]
}

@test "an intensity off the scale, or two numbers: exit 64, nothing written" {
	local bad
	for bad in 11 abc 5.5 '' 0x3; do
		run_ebb urge "$bad" --for text
		expect_exit 64 || {
			echo "intensity '$bad'"
			false
		}
		expect_empty_stdout
	done
	run_ebb urge 11
	expect_error 64 "0 to 10, not '11'"
	run_ebb urge 3 4
	expect_error 64 "'4' is extra"
	[ "$(record_count)" = 0 ]
}

@test "intensities 0 and 10 are both kept" {
	urge 0
	urge 10 --for call
	urges_json | json_check 'assert sorted(r["body"]["intensity"] for r in d) == [0, 10], d'
}

@test "an --at that does not parse or is still to come: exit 64, nothing written" {
	run_ebb urge --at 'the other night'
	expect_error 64 '"the other night"'
	run_ebb urge --at 2999-01-01
	expect_error 64 'not come yet'
	[ "$(record_count)" = 0 ]
}

@test "a note that is not UTF-8: exit 64, nothing written" {
	run_ebb urge --note $'bad \xff bytes'
	expect_error 64 'UTF-8'
	[ "$(record_count)" = 0 ]
}

@test "with no vault: exit 66, and no vault is made" {
	run_ebb --vault "$T/none.ebb" urge --for text
	expect_error 66 'ebb init'
	[ ! -e "$T/none.ebb" ]
}

@test "--json while locked: the parts, acted, queued, and no week counts" {
	run_ebb urge 6 --for look --did reached-out --json
	expect_exit 0
	printf '%s' "$output" | json_check '
import re
assert re.fullmatch(r"[0-9a-f-]{36}", d["id"]), d
assert d["intensity"] == 6 and d["for"] == "look" and d["did"] == "reached-out", d
assert d["feeling"] is None, d
assert d["acted"] is True and d["queued"] is True, d
assert d["week"] is None, d'
	run_ebb urge --json
	printf '%s' "$output" | json_check '
assert d["intensity"] is None and d["for"] is None and d["did"] is None, d
assert d["acted"] is False, d'
}

@test "on a terminal with every part given, it asks nothing, not even the passphrase" {
	command -v python3 >/dev/null || skip "python3 is needed to drive a terminal"
	run tty_run -- "$EBB" urge --for call --feel fear --did breathed
	expect_exit 0
	expect_no_out '[Pp]assphrase|\?'
	expect_out 'Sealed while locked'
	urges_json | json_check 'assert d[0]["body"] == {"for": "call", "feeling": "fear", "did": "breathed"}, d'
}

@test "the words after an urge never judge, whatever was done" {
	local did
	for did in waited wrote breathed reached-out other; do
		run_ebb urge --did "$did"
		expect_exit 0
		if printf '%s\n' "$output" | grep -Eiq 'relapse|fail|streak|worse|should|wrong|mistake'; then
			show_run
			false
		fi
	done
}

@test "with the kept key: the last 7 days' urges, and those let pass, counted apart" {
	keyring_or_skip
	# two sealed while locked: they count once they join the rest
	urge --for text --did waited
	urge --for call --did reached-out
	urge --at '9 days ago' --did reached-out # outside the 7 days
	ebb_unlock
	run_ebb urge --for look
	expect_exit 0
	expect_no_out 'Sealed while locked'
	expect_out '^Urges in the last 7 days: 3\. Let pass: 2\. Acted on: 1\.$'
	run_ebb urge --did breathed --json
	expect_exit 0
	printf '%s' "$output" | json_check '
assert d["queued"] is False, d
assert d["week"] == {"total": 4, "let_pass": 3, "acted_on": 1}, d'
}

@test "an urge noted while locked never prompts and appears after unlock" {
	keyring_or_skip
	urge 4 --for closure --note 'one last talk'
	ebb_unlock
	run_ebb log --json --kind urge
	expect_exit 0
	printf '%s' "$output" | json_check '
assert [r["body"] for r in d] == [{"intensity": 4, "for": "closure", "note": "one last talk"}], d'
}

@test "log shows an urge by what it was for and what was done" {
	urge --for text --did waited
	run_ebb_pass log --kind urge
	expect_out 'urge +to text them - I waited until it eased$'
}

# known_words OPTION: the names ebb lists when OPTION gets a word it does
# not know (so src/core/vocab.c stays the only list), one per line.
known_words() {
	ebb_quiet urge "$1" zzz-unknown 2>&1 >/dev/null |
		sed -e 's/^.*ebb knows: //' -e 's/ (see .*$//' | tr ',' '\n' | tr -d ' '
}

@test "--help and the man page name every --for and --did ebb knows" {
	local w help page
	help=$("$EBB" urge --help)
	page="${EBB_SRC:-$BATS_TEST_DIRNAME/../..}/docs/man/ebb-urge.1.scd"
	[ "$(known_words --for | wc -l)" -ge 6 ]
	for w in $(known_words --for) $(known_words --did); do
		grep -q -w -- "$w" <<<"$help" || {
			echo "'$w' missing from ebb urge --help"
			false
		}
		grep -q -w -- "\\*$w\\*" "$page" || {
			echo "'$w' missing from ebb-urge.1.scd"
			false
		}
	done
	for w in $(known_words --feel); do
		grep -q -w -- "\\*$w\\*" "$page" || {
			echo "feeling '$w' missing from ebb-urge.1.scd"
			false
		}
	done
}
