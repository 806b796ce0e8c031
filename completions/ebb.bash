# ebb.bash — bash completion for ebb.
#
# Everything is read from ebb itself at completion time, so new commands,
# options and words are completed as soon as ebb knows them:
#   - the commands from `ebb help` (lines "  NAME  SUMMARY" under "Commands:"),
#   - a command's options from `ebb COMMAND --help` (lines that start with
#     two spaces and a dash: "  --note TEXT   ..."); an option followed by an
#     upper-case word (TEXT, WHEN) or by choices (me|them) takes a value,
#   - the words an option takes from `ebb help words OPTION COMMAND`
#     (feelings, what is grieved, urges, prompts, kinds, plan parts...),
#   - sub-words like `add`/`rm` from the command's usage line.
# Files are completed for --vault and any option whose value is FILE or PATH.
# None of this opens the vault or asks for a passphrase.
#
# Install as share/bash-completion/completions/ebb, or source it.

# _ebb_run ARGS...: runs the ebb being completed, quietly, with no colour.
_ebb_run() {
	local bin=${_ebb_bin:-ebb}
	NO_COLOR=1 command "$bin" "$@" </dev/null 2>/dev/null
}

# _ebb_commands: the command names, one a line.
_ebb_commands() {
	local line in=0
	while IFS= read -r line; do
		if [[ $line == "Commands:" ]]; then
			in=1
		elif ((in)); then
			[[ -z $line ]] && break
			[[ $line =~ ^\ \ ([a-z][a-z0-9-]*)(\ |$) ]] && printf '%s\n' "${BASH_REMATCH[1]}"
		fi
	done < <(_ebb_run help)
}

# _ebb_parse_help CMD: fills _ebb_opts (option names), _ebb_optval (option
# -> value placeholder, for options that take one) and _ebb_usage (the
# arguments of the usage line) from `ebb CMD --help`.
_ebb_parse_help() {
	local line spec tok prev
	local -a names toks
	_ebb_opts=()
	_ebb_optval=()
	_ebb_usage=
	while IFS= read -r line; do
		if [[ $line == "usage: ebb $1"* ]]; then
			_ebb_usage=${line#"usage: ebb $1"}
			continue
		fi
		[[ $line == "  -"* ]] || continue
		spec=${line#  }
		spec=${spec%%  *}
		# "-o, --output FILE": both names take the value
		names=()
		read -ra toks <<<"${spec//[,=]/ }"
		for tok in "${toks[@]}"; do
			if [[ $tok == -* ]]; then
				_ebb_opts+=("$tok")
				names+=("$tok")
			else
				if [[ $tok =~ ^[A-Z][A-Z0-9_.-]*$ || $tok == *"|"* ]]; then
					for prev in "${names[@]}"; do
						_ebb_optval[$prev]=$tok
					done
				fi
				break
			fi
		done
	done < <(_ebb_run "$1" --help)
}

# _ebb_usage_words CMD POS1: with no POS1, the literal words the usage line
# allows first (add, rm, json...); with POS1, the placeholder that follows
# that word (PART after "set"), lower-cased.
_ebb_usage_words() {
	local tok after_opt=0 next=0 u
	local -a toks
	u=${_ebb_usage//\[/ [ }
	u=${u//\]/ ] }
	u=${u//|/ | }
	read -ra toks <<<"$u"
	for tok in "${toks[@]}"; do
		case $tok in
		"[" | "]") after_opt=0 ;;
		"|") ;;
		-*) after_opt=1 ;;
		*)
			if ((next)); then
				[[ $tok =~ ^[A-Z][A-Z0-9_-]*$ ]] && printf '%s\n' "${tok,,}"
				return
			fi
			((after_opt)) && continue
			if [[ $tok =~ ^[a-z][a-z0-9-]*$ ]]; then
				if [[ -z $2 ]]; then
					printf '%s\n' "$tok"
				elif [[ $tok == "$2" ]]; then
					next=1
				fi
			fi
			;;
		esac
	done
}

# _ebb_reply WORDS PREFIX CUR: COMPREPLY gets the words matching CUR, each
# with PREFIX before it.
_ebb_reply() {
	local w
	while IFS= read -r w; do
		[[ -n $w && $w == "$3"* ]] && COMPREPLY+=("$2$w")
	done <<<"$1"
}

# _ebb_values CMD OPTION CUR PREFIX: completes the value of OPTION.
_ebb_values() {
	local cmd=$1 opt=$2 cur=$3 prefix=$4 ph words list=
	ph=${_ebb_optval[$opt]:-}
	case $opt:$ph in
	--vault:* | -o:* | --output:* | *:FILE | *:PATH | *:DIR)
		compopt -o filenames 2>/dev/null
		while IFS= read -r words; do
			COMPREPLY+=("$prefix$words")
		done < <(compgen -f -- "$cur")
		return
		;;
	esac
	words=$(_ebb_run help words "${opt#--}" ${cmd:+"$cmd"} | while read -r w _; do
		printf '%s\n' "$w"
	done)
	if [[ -z $words && $ph == *"|"* ]]; then
		words=${ph//|/$'\n'}
	fi
	[[ -z $words ]] && return
	# a list: complete the word after the last comma
	if [[ $cur == *,* ]]; then
		list=${cur%,*},
		cur=${cur##*,}
	fi
	_ebb_reply "$words" "$prefix$list" "$cur"
}

_ebb() {
	local -a w=()
	local -A _ebb_optval=()
	local -a _ebb_opts=()
	local _ebb_usage= _ebb_bin
	local i j=-1 cw=0 glue=0 split=0 t cur prev cmd= opt prefix= pos1= npos=0

	COMPREPLY=()
	# join "--opt" "=" "value", which bash splits on '=', back into one word
	for ((i = 0; i < ${#COMP_WORDS[@]}; i++)); do
		t=${COMP_WORDS[i]}
		if ((glue)); then
			w[j]+=$t
			glue=0
		elif ((j >= 1)) && [[ $t == "=" && ${w[j]} == -* && ${w[j]} != *=* ]]; then
			w[j]+="="
			glue=1
			((i >= COMP_CWORD - 1)) && split=1
		else
			w[++j]=$t
		fi
		((i == COMP_CWORD)) && cw=$j
	done
	cur=${w[cw]:-}
	prev=${w[cw - 1]:-}

	_ebb_bin=${w[0]}
	[[ $_ebb_bin == "~/"* ]] && _ebb_bin=$HOME/${_ebb_bin#"~/"}

	# the command: the first word that is neither an option nor a value
	for ((i = 1; i < cw; i++)); do
		t=${w[i]}
		if [[ -z $cmd ]]; then
			case $t in
			--vault | --passphrase-fd) ((i++)) ;;
			-*) ;;
			*)
				cmd=$t
				_ebb_parse_help "$cmd"
				;;
			esac
		elif [[ $t == -* ]]; then
			[[ $t != *=* && -n ${_ebb_optval[$t]:-} ]] && ((i++))
		else
			((npos++ == 0)) && pos1=$t
		fi
	done

	# the value of an option: --opt VALUE or --opt=VALUE
	opt=
	if [[ $cur == -*=* ]]; then
		opt=${cur%%=*}
		((split)) || prefix="$opt="
		cur=${cur#*=}
	elif [[ $prev == -* && $prev != *=* ]]; then
		if [[ -z $cmd ]]; then
			[[ $prev == --vault || $prev == --passphrase-fd ]] && opt=$prev
		elif [[ -n ${_ebb_optval[$prev]:-} ]]; then
			opt=$prev
		fi
	fi
	if [[ -n $opt ]]; then
		[[ $opt == --passphrase-fd ]] && return 0
		_ebb_values "$cmd" "$opt" "$cur" "$prefix"
		return 0
	fi

	if [[ -z $cmd ]]; then
		if [[ $cur == -* ]]; then
			_ebb_reply $'--vault\n--json\n--no-color\n--passphrase-fd\n--help\n--version' "" "$cur"
		else
			_ebb_reply "$(_ebb_commands)" "" "$cur"
		fi
		return 0
	fi

	if [[ $cur == -* ]]; then
		_ebb_reply "$(printf '%s\n' "${_ebb_opts[@]}")" "" "$cur"
		return 0
	fi

	if [[ $cmd == help ]]; then
		if ((npos == 0)); then
			_ebb_reply "$(_ebb_commands)"$'\ncrisis\nwords' "" "$cur"
		elif ((npos == 1)) && [[ $pos1 == words ]]; then
			_ebb_reply "$(_ebb_run help words | sed -n 's/^-*\([a-z][a-z0-9-]*\)  .*/\1/p')" "" "$cur"
		fi
		return 0
	fi
	if ((npos == 0)); then
		_ebb_reply "$(_ebb_usage_words "$cmd")" "" "$cur"
	elif ((npos == 1)); then
		t=$(_ebb_usage_words "$cmd" "$pos1")
		[[ -n $t ]] && _ebb_reply "$(_ebb_run help words "$t" "$cmd" | while read -r t _; do
			printf '%s\n' "$t"
		done)" "" "$cur"
	fi
	return 0
}

complete -F _ebb ebb
