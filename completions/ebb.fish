# ebb.fish — fish completion for ebb.
#
# Like ebb.bash, everything is read from ebb itself at completion time, so
# new commands, options and words are completed as soon as ebb knows them:
# the commands from `ebb help`, a command's options from `ebb COMMAND
# --help` (lines starting with two spaces and a dash; an option followed
# by an upper-case word or by choices like me|them takes a value), the
# words an option takes from `ebb help words OPTION COMMAND`, and sub-words
# like add/rm from the usage line. Files for --vault and FILE/PATH values.
# Nothing here opens the vault or asks for a passphrase.
#
# Install as share/fish/vendor_completions.d/ebb.fish.

# __ebb_run BIN ARGS...: runs the ebb being completed, quietly, no colour.
function __ebb_run
    set -l bin $argv[1]
    set -e argv[1]
    if string match -q -- '~/*' $bin
        set bin $HOME/(string sub -s 3 -- $bin)
    end
    env NO_COLOR=1 $bin $argv </dev/null 2>/dev/null
end

# __ebb_commands BIN: "name<TAB>summary" for each command in `ebb help`.
function __ebb_commands
    set -l in 0
    for line in (__ebb_run $argv[1] help)
        if test "$line" = "Commands:"
            set in 1
        else if test $in -eq 1
            test -z "$line"; and break
            string replace -rf -- '^  ([a-z][a-z0-9-]*) +(.*)$' '$1'\t'$2' $line
        end
    end
end

# __ebb_parse_help BIN CMD: sets __ebb_opts, __ebb_valopts and __ebb_valph
# (options taking a value and their placeholders, index by index) and
# __ebb_usage from `ebb CMD --help`.
function __ebb_parse_help
    set -g __ebb_opts
    set -g __ebb_valopts
    set -g __ebb_valph
    set -g __ebb_usage ''
    for line in (__ebb_run $argv[1] $argv[2] --help)
        if string match -q -- "usage: ebb $argv[2]*" $line
            set __ebb_usage (string replace -- "usage: ebb $argv[2]" '' $line)
            continue
        end
        string match -q -- '  -*' $line; or continue
        set -l spec (string replace -r -- '^  ' '' $line | string replace -r -- '  .*$' '')
        set -l names
        for tok in (string split -n -- ' ' (string replace -a -r -- '[,=]' ' ' $spec))
            if string match -q -- '-*' $tok
                set -a __ebb_opts $tok
                set -a names $tok
            else
                if string match -qr -- '^[A-Z][A-Z0-9_.-]*$|\|' $tok
                    for n in $names
                        set -a __ebb_valopts $n
                        set -a __ebb_valph $tok
                    end
                end
                break
            end
        end
    end
end

# __ebb_usage_words [POS1]: the literal words the usage line allows first;
# with POS1, the placeholder after that word, lower-cased.
function __ebb_usage_words
    set -l after_opt 0
    set -l next 0
    set -l u (string replace -a -- '[' ' [ ' $__ebb_usage | string replace -a -- ']' ' ] ' | string replace -a -- '|' ' | ')
    for tok in (string split -n -- ' ' $u)
        switch $tok
            case '[' ']'
                set after_opt 0
            case '|'
            case '-*'
                set after_opt 1
            case '*'
                if test $next -eq 1
                    string match -qr -- '^[A-Z][A-Z0-9_-]*$' $tok; and string lower -- $tok
                    return 0
                end
                test $after_opt -eq 1; and continue
                if string match -qr -- '^[a-z][a-z0-9-]*$' $tok
                    if test (count $argv) -eq 0
                        echo $tok
                    else if test "$tok" = "$argv[1]"
                        set next 1
                    end
                end
        end
    end
end

# __ebb_words BIN ARGS...: the first word of each line of `ebb help words ARGS...`.
function __ebb_words
    __ebb_run $argv[1] help words $argv[2..-1] | string replace -r -- ' .*$' ''
end

function __ebb_complete
    set -l tokens (commandline -opc)
    set -l cur (commandline -ct)
    set -l bin $tokens[1]
    set -l rest $tokens
    set -e rest[1]
    set -l cmd
    set -l pos
    set -l skip 0

    set -g __ebb_opts
    set -g __ebb_valopts
    set -g __ebb_valph
    set -g __ebb_usage ''
    # the command: the first word that is neither an option nor a value
    for tok in $rest
        if test $skip -eq 1
            set skip 0
            continue
        end
        if test -z "$cmd"
            switch $tok
                case '--vault' '--passphrase-fd'
                    set skip 1
                case '-*'
                case '*'
                    set cmd $tok
                    __ebb_parse_help $bin $cmd
            end
        else if string match -q -- '-*' $tok
            if not string match -q -- '*=*' $tok; and contains -- $tok $__ebb_valopts
                set skip 1
            end
        else
            set -a pos $tok
        end
    end

    # the value of an option: --opt VALUE or --opt=VALUE
    set -l prev $tokens[-1]
    set -l opt
    set -l prefix ''
    set -l value $cur
    if string match -qr -- '^-[^=]*=' $cur
        set opt (string replace -r -- '=.*$' '' $cur)
        set prefix "$opt="
        set value (string replace -r -- '^[^=]*=' '' $cur)
    else if string match -q -- '-*' $prev; and not string match -q -- '*=*' $prev
        if test -z "$cmd"
            contains -- $prev --vault --passphrase-fd; and set opt $prev
        else if contains -- $prev $__ebb_valopts
            set opt $prev
        end
    end
    if test -n "$opt"
        test "$opt" = --passphrase-fd; and return 0
        set -l ph ''
        set -l idx (contains -i -- $opt $__ebb_valopts)
        if test -n "$idx"
            set ph $__ebb_valph[$idx]
        end
        switch "$opt:$ph"
            case '--vault:*' '-o:*' '--output:*' '*:FILE' '*:PATH' '*:DIR'
                for f in (__fish_complete_path $value)
                    echo $prefix$f
                end
                return 0
        end
        set -l vals (__ebb_words $bin (string replace -r -- '^--' '' $opt) $cmd)
        if test (count $vals) -eq 0; and string match -q -- '*|*' $ph
            set vals (string split -- '|' $ph)
        end
        # a list: complete the word after the last comma
        set -l list ''
        if string match -q -- '*,*' $value
            set list (string replace -r -- '[^,]*$' '' $value)
        end
        for v in $vals
            echo $prefix$list$v
        end
        return 0
    end

    if test -z "$cmd"
        if string match -q -- '-*' $cur
            printf '%s\n' --vault --json --no-color --passphrase-fd --help --version
        else
            __ebb_commands $bin
        end
        return 0
    end

    if string match -q -- '-*' $cur
        printf '%s\n' $__ebb_opts
        return 0
    end

    if test "$cmd" = help
        if test (count $pos) -eq 0
            __ebb_commands $bin
            printf '%s\t%s\n' crisis 'where to find a person right now' words 'the words that options take'
        else if test (count $pos) -eq 1; and test "$pos[1]" = words
            __ebb_run $bin help words | string replace -rf -- '^-*([a-z][a-z0-9-]*)  .*$' '$1'
        end
        return 0
    end
    if test (count $pos) -eq 0
        __ebb_usage_words
    else if test (count $pos) -eq 1
        set -l ph (__ebb_usage_words $pos[1])
        if test -n "$ph"
            __ebb_words $bin $ph $cmd
        end
    end
    return 0
end

complete -c ebb -f -a '(__ebb_complete)'
