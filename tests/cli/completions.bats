#!/usr/bin/env bats
# Shell completions: bash completion is driven by sourcing completions/ebb.bash
# in a fresh bash and calling _ebb with COMP_WORDS/COMP_CWORD set, as bash
# does on TAB; zsh and fish files are only syntax-checked, when those shells
# are installed. The completions read everything from ebb at completion time,
# so these tests compare them with what ebb itself says (`ebb help`, `ebb CMD
# --help`, `ebb help words`) and with the word lists in src/core/vocab.c.

load helpers

SRC=${EBB_SRC:-$BATS_TEST_DIRNAME/../..}
BASH_COMPLETION_FILE="$SRC/completions/ebb.bash"

# complete WORD...: what bash offers for the last WORD (the word under the
# cursor) of "ebb WORD...", one a line. The command word is $EBB.
complete() {
	bash -c 'source "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=()
		_ebb
		printf "%s\n" "${COMPREPLY[@]}"' _ "$BASH_COMPLETION_FILE" "$EBB" "$@"
}

# The command names listed by `ebb help`, one a line (as in help.bats).
listed_commands() {
	"$EBB" help | sed -n '/^Commands:$/,/^$/s/^  \([a-z][a-z0-9-]*\) .*/\1/p'
}

# vocab_words LIST: the names of one word list in src/core/vocab.c.
vocab_words() {
	sed -n "/^const struct ebb_word $1\[\] = {/,/{NULL, NULL}/p" "$SRC/src/core/vocab.c" |
		grep -o '{"[a-z][a-z-]*"' | tr -d '{"'
}

# same_lines A B: the two texts hold the same lines, in any order.
same_lines() {
	diff -u <(printf '%s\n' "$1" | sed '/^$/d' | sort) <(printf '%s\n' "$2" | sed '/^$/d' | sort)
}

# offers LINE TEXT: TEXT has LINE as one of its lines.
offers() {
	printf '%s\n' "$2" | grep -qxF -- "$1" || {
		echo "expected '$1' among:"
		printf '%s\n' "$2"
		return 1
	}
}

@test "the bash completion file is valid bash and registers _ebb for ebb" {
	bash -n "$BASH_COMPLETION_FILE"
	run bash -c 'source "$1"; complete -p ebb' _ "$BASH_COMPLETION_FILE"
	[ "$status" -eq 0 ]
	[[ "$output" == *"-F _ebb"*" ebb" ]]
}

@test "ebb ch<TAB> completes checkin" {
	run complete ch
	[ "$status" -eq 0 ]
	offers checkin "$output"
	[ "$(printf '%s\n' "$output" | grep -c .)" -eq 1 ] || {
		printf 'more than checkin: %s\n' "$output"
		false
	}
}

@test "ebb <TAB> offers every command that 'ebb help' lists, and nothing else" {
	local listed offered
	listed=$(listed_commands)
	[ "$(printf '%s\n' "$listed" | wc -l)" -ge 8 ]
	offered=$(complete "")
	same_lines "$listed" "$offered"
	# also after the global options, and with a partial word
	offered=$(complete --vault "$T/v.ebb" --no-color "")
	same_lines "$listed" "$offered"
	for c in $listed; do
		offers "$c" "$(complete "${c:0:2}")"
	done
}

@test "ebb --<TAB> offers the global options of the usage line" {
	local offered opt
	offered=$(complete --)
	for opt in $("$EBB" --help | head -n 1 | grep -oE -- '--[a-z][a-z-]*'); do
		offers "$opt" "$offered"
	done
	offers --help "$offered"
	offers --version "$offered"
}

@test "ebb checkin --f<TAB> completes --feel" {
	run complete checkin --f
	offers --feel "$output"
	run complete --vault "$T/v.ebb" checkin --note "a day" --f
	offers --feel "$output"
}

@test "every command completes every long option its --help shows" {
	local c opt offered
	for c in $(listed_commands); do
		offered=$(complete "$c" --)
		offers --help "$offered"
		offers --json "$offered"
		for opt in $("$EBB" "$c" --help | grep -E '^  -' | sed 's/^  //; s/  .*//' |
			grep -oE -- '--[a-z][a-z0-9-]*'); do
			offers "$opt" "$offered" || {
				echo "ebb $c --<TAB>"
				false
			}
		done
	done
}

@test "ebb log --kind <TAB> lists the kinds, and log accepts each of them" {
	local kinds k
	kinds=$(complete log --kind "")
	for k in checkin entry urge signs reason miss contact profile date plan; do
		offers "$k" "$kinds"
	done
	for k in $kinds; do
		# an unknown kind is a usage error (64); a known one gets as far as the vault (66)
		run_ebb --vault "$T/none.ebb" log --kind "$k"
		expect_exit 66
	done
	[ ! -e "$T/none.ebb" ]
	offers checkin "$(complete log --kind ch)"
	# --kind=VALUE, as one word and as bash splits it on '='
	offers --kind=checkin "$(complete log --kind=ch)"
	offers checkin "$(complete log --kind = ch)"
}

@test "--feel, --grieving, --for, --did and --prompt complete the words of vocab.c" {
	same_lines "$(vocab_words ebb_feelings)" "$(complete checkin --feel "")"
	same_lines "$(vocab_words ebb_facets)" "$(complete checkin --grieving "")"
	same_lines "$(vocab_words ebb_feelings)" "$(complete urge --feel "")"
	same_lines "$(vocab_words ebb_urge_for)" "$(complete urge --for "")"
	same_lines "$(vocab_words ebb_urge_did)" "$(complete urge --did "")"
	same_lines "$(vocab_words ebb_prompt_kinds)" "$(complete write --prompt "")"
	same_lines "$(vocab_words ebb_relationships)" "$(complete init --relationship "")"
	[ -n "$(vocab_words ebb_feelings)" ]
}

@test "the words offered are accepted: each feeling and facet passes checkin's check" {
	local w
	for w in $(complete checkin --feel ""); do
		run_ebb --vault "$T/none.ebb" checkin 3 --feel "$w"
		expect_exit 66
	done
	for w in $(complete checkin --grieving ""); do
		run_ebb --vault "$T/none.ebb" checkin 3 --grieving "$w"
		expect_exit 66
	done
	[ ! -e "$T/none.ebb" ]
}

@test "a list value completes the word after the last comma" {
	run complete checkin --feel sadness,lo
	offers sadness,longing "$output"
	offers sadness,loneliness "$output"
	offers sadness,love "$output"
	run complete checkin --feel sadness,anger,gr
	offers sadness,anger,gratitude "$output"
}

@test "an option's value is not mistaken for another command's words" {
	# unlock --for takes a duration, not what an urge is for
	run complete unlock --for ""
	[ -z "$output" ] || {
		printf 'unlock --for offered: %s\n' "$output"
		false
	}
	# a free-text value gets no words at all
	run complete checkin --note ""
	[ -z "$output" ]
	# and the value of an option is not taken for the command: here no
	# command is given yet, so the options are the global ones
	run complete --vault checkin --
	offers --no-color "$output"
	expect_no_out '^--feel$'
	offers checkin "$(complete --vault checkin "")"
}

@test "--vault, --vault= and export -o complete file names" {
	mkdir -p "$T/dir"
	touch "$T/dir/vault-one.ebb" "$T/dir/out.json"
	offers "$T/dir/vault-one.ebb" "$(complete --vault "$T/dir/va")"
	offers "--vault=$T/dir/vault-one.ebb" "$(complete "--vault=$T/dir/va")"
	offers "$T/dir/vault-one.ebb" "$(complete --vault = "$T/dir/va")"
	offers "$T/dir/vault-one.ebb" "$(complete log --vault "$T/dir/va")"
	offers "$T/dir/out.json" "$(complete export json -o "$T/dir/o")"
	offers "$T/dir/out.json" "$(complete export json --output "$T/dir/o")"
}

@test "sub-words come from the usage line: export json, help topics, help words" {
	local offered c
	run complete export ""
	offers json "$output"
	offered=$(complete help "")
	offers crisis "$offered"
	offers words "$offered"
	for c in $(listed_commands); do
		offers "$c" "$offered"
	done
	offered=$(complete help words "")
	for c in feel grieving for did prompt kind relationship; do
		offers "$c" "$offered"
	done
	offers --country "$(complete help crisis --c)"
	offers GB "$(complete help crisis --country "")"
	offers US "$(complete help crisis --country "")"
}

@test "ebb plan set <TAB> offers the six parts of the plan" {
	"$EBB" plan --help | grep -q 'set PART' || skip "ebb plan has no 'set PART' (yet)"
	same_lines "$(vocab_words ebb_plan_parts)" "$(complete plan set "")"
}

@test "completion works through PATH and never opens or creates a vault" {
	local dir
	dir=$(dirname "$EBB")
	export EBB_VAULT="$T/never.ebb"
	run bash -c 'PATH="$2:$PATH"; source "$1"
		COMP_WORDS=(ebb checkin --f); COMP_CWORD=2; _ebb; printf "%s\n" "${COMPREPLY[@]}"
		COMP_WORDS=(ebb lo); COMP_CWORD=1; _ebb; printf "%s\n" "${COMPREPLY[@]}"' \
		_ "$BASH_COMPLETION_FILE" "$dir" </dev/null
	[ "$status" -eq 0 ]
	offers --feel "$output"
	offers log "$output"
	offers lock "$output"
	[ ! -e "$T/never.ebb" ]
	[ ! -e "$XDG_DATA_HOME/ebb" ]
}

@test "completing for an ebb that is not there offers nothing and fails nothing" {
	run bash -c 'source "$1"; COMP_WORDS=(/nonexistent/ebb ch); COMP_CWORD=1; _ebb
		echo "n=${#COMPREPLY[@]}"' _ "$BASH_COMPLETION_FILE"
	[ "$status" -eq 0 ]
	[ "$output" = "n=0" ]
}

@test "zsh completion parses (zsh -n), when zsh is installed" {
	command -v zsh >/dev/null || skip "zsh is not installed"
	zsh -n "$SRC/completions/_ebb"
	head -n 1 "$SRC/completions/_ebb" | grep -qx '#compdef ebb'
}

@test "fish completion parses (fish -n), when fish is installed" {
	command -v fish >/dev/null || skip "fish is not installed"
	fish -n "$SRC/completions/ebb.fish"
}
