# bash completion for mobsim and mobsim-mpi            -*- shell-script -*-
# Installed as PREFIX/share/bash-completion/completions/mobsim (and loaded
# for mobsim-mpi through the `complete` line at the end). Completes the
# subcommands, each subcommand's options (read from `mobsim CMD --help`, so
# they never go stale), files and directories for options that take them,
# and the shipped scenarios' short names (fig1, sweep-tb) found where
# `mobsim run NAME` looks: ./scenarios, then beside the executable.

# The options of one subcommand: the option column of its --help.
_mobsim_options()
{
    "$1" "$2" --help 2>/dev/null |
        sed -n 's/^ \{1,4\}\(-[^ ].*\)$/\1/p' | sed 's/   .*//' |
        grep -oE '(^|[ ,])--?[A-Za-z][-A-Za-z]*' | tr -d ' ,'
}

# Short names of shipped scenarios ($2 = sweep: sweep files only; other: scenarios only).
_mobsim_names()
{
    local exe dir f name dirs=(scenarios)
    exe=$(type -P "$1" 2>/dev/null)
    if [[ -n $exe ]]; then
        exe=$(readlink -f "$exe" 2>/dev/null || printf '%s' "$exe")
        dirs+=("${exe%/*}/../share/mobsim/scenarios" "${exe%/*}/../scenarios")
    fi
    for dir in "${dirs[@]}"; do
        for f in "$dir"/*.json; do
            [[ -f $f ]] || continue
            name=${f##*/}
            name=${name%.json}
            if grep -q '"vary"' "$f" 2>/dev/null; then
                [[ $2 == sweep || $2 == any ]] && printf '%s\n' "$name"
            else
                [[ $2 != sweep ]] && printf '%s\n' "$name"
            fi
        done
    done | sort -u
}

_mobsim()
{
    local cur prev cmd i
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD - 1]}
    local commands="run validate check window demo figures sweep help"

    cmd=
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in
        -*) ;;
        *) cmd=${COMP_WORDS[i]}; break ;;
        esac
    done

    if [[ -z $cmd ]]; then
        if [[ $cur == -* ]]; then
            mapfile -t COMPREPLY < <(compgen -W "--help --version" -- "$cur")
        else
            mapfile -t COMPREPLY < <(compgen -W "$commands" -- "$cur")
        fi
        return
    fi

    # values of options
    case $cmd:$prev in
    run:-o | run:--output | run:--pcap | run:--trace | run:--msc | demo:--html | check:--junit | sweep:--db | run:--handoffs | run:--series | run:--pcap-drops)
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
        compopt -o filenames 2>/dev/null
        return
        ;;
    figures:-o | figures:--output | figures:--scenarios | figures:--plots | sweep:-o | sweep:--output)
        mapfile -t COMPREPLY < <(compgen -d -- "$cur")
        compopt -o filenames 2>/dev/null
        return
        ;;
    run:--pcap-drops | run:--handoffs)
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
        compopt -o filenames 2>/dev/null
        return
        ;;
    *:--set | *:--state-at | *:--range | *:--step | *:--from | *:--to | *:-j | *:--jobs | *:--seed | *:--replications)
        return
        ;;
    esac

    if [[ $cur == -* ]]; then
        [[ $cmd == help ]] && return
        mapfile -t COMPREPLY < <(compgen -W "$(_mobsim_options "${COMP_WORDS[0]}" "$cmd")" -- "$cur")
        return
    fi

    local kind
    case $cmd in
    help)
        mapfile -t COMPREPLY < <(compgen -W "$commands" -- "$cur")
        return
        ;;
    figures) return ;;
    sweep) kind=sweep ;;
    validate) kind=any ;;
    run | window | demo | check) kind=scenario ;;
    *) return ;;
    esac
    mapfile -t COMPREPLY < <(compgen -W "$(_mobsim_names "${COMP_WORDS[0]}" "$kind")" -- "$cur"
        compgen -f -X '!*.json' -- "$cur"
        compgen -d -- "$cur")
    compopt -o filenames 2>/dev/null
} && complete -F _mobsim mobsim mobsim-mpi
