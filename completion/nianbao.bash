# bash completion for nianbao(1)                           -*- shell-script -*-
#
# Commands and options come from the program's own --help, so they never
# drift from it; layout names from `nianbao layouts`, or from the folders
# `nianbao --version` lists ("layouts (how): FOLDER" lines, user layouts
# first) for a program without that command. Needs the bash-completion
# package (_init_completion, _filedir).

# The commands of `PROG --help` (the indented names under "commands:").
_nianbao_commands()
{
    "$1" --help 2>/dev/null | awk '/^commands:/ { on = 1; next }
                                   on && /^  [a-z]/ { print $1; next }
                                   on { exit }'
}

# The option lines of `PROG COMMAND --help`, each cut to its left column
# ("-j, --jobs N"): the help text may name other options.
_nianbao_option_lines()
{
    "$1" "$2" --help 2>/dev/null | awk '/^options:/ { on = 1; next }
        on && /^ +-/ { sub(/^ +/, ""); sub(/  .*/, ""); print }'
}

# The options of `PROG COMMAND --help`, short and long.
_nianbao_options()
{
    _nianbao_option_lines "$1" "$2" | awk '{
        for (i = 1; i <= NF; i++) { w = $i; sub(/,$/, "", w); if (w ~ /^-/) print w }
    }'
}

# Whether option $2 of PROG COMMAND ($1 $3) takes a value: its help line
# names a metavariable after the option's names ("-j, --jobs N").
_nianbao_takes_value()
{
    _nianbao_option_lines "$1" "$3" | awk -v opt="$2" '{
        mine = 0
        for (i = 1; i <= NF; i++) { w = $i; sub(/,$/, "", w); if (w == opt) mine = 1 }
        if (mine && $NF !~ /^-/) found = 1
    } END { exit !found }'
}

# Layout names, as -l and keys look them up (file names without .yaml):
# from the paths `PROG layouts` ends its lines with, or for a program
# without that command the *.yaml files of each layout folder `PROG
# --version` lists.
_nianbao_layouts()
{
    if _nianbao_commands "$1" | grep -qx layouts; then
        "$1" layouts 2>/dev/null | sed -n 's|.*/\([^/]*\)\.yaml$|\1|p'
        return
    fi
    local line dir f
    while IFS= read -r line; do
        [[ $line == "layouts ("*"): "* ]] || continue
        dir=${line#*): }
        for f in "$dir"/*.yaml; do
            [[ -f $f ]] || continue
            f=${f##*/}
            printf '%s\n' "${f%.yaml}"
        done
    done < <("$1" --version 2>/dev/null)
}

_nianbao()
{
    local cur prev words cword
    _init_completion -n = || return

    local prog=${words[0]}
    if ((cword == 1)); then
        mapfile -t COMPREPLY < <(compgen -W "$(_nianbao_commands "$prog") --help --version" -- "$cur")
        return
    fi
    local cmd=${words[1]}
    [[ $cmd == -* ]] && return

    case $prev in
        -o | --output)
            case $cmd in
                build) _filedir -d ;;
                init | import) _filedir '@(yaml|yml)' ;;
                *) _filedir pdf ;;
            esac
            return
            ;;
        -l | --layout)
            mapfile -t COMPREPLY < <(compgen -W "$(_nianbao_layouts "$prog")" -- "$cur")
            _filedir '@(yaml|yml)'
            return
            ;;
        --font)
            if [[ $cur == *=* ]]; then
                local role=${cur%%=*}
                cur=${cur#*=}
                _filedir '@(ttf|otf|ttc|otc|TTF|OTF|TTC|OTC)'
                COMPREPLY=("${COMPREPLY[@]/#/$role=}")
            else
                mapfile -t COMPREPLY < <(compgen -S = -W "fangsong hei kai song xiaobiaosong" -- "$cur")
                compopt -o nospace 2>/dev/null
            fi
            return
            ;;
        --previous)
            _filedir '@(yaml|yml|csv)'
            return
            ;;
        --from)
            _filedir '@(yaml|yml)'
            return
            ;;
        --report)
            _filedir json
            return
            ;;
        --html)
            _filedir html
            return
            ;;
        --formats)
            mapfile -t COMPREPLY < <(compgen -W "pdf html pdf,html" -- "$cur")
            return
            ;;
        --encoding)
            mapfile -t COMPREPLY < <(compgen -W "GB18030 GBK UTF-8" -- "$cur")
            return
            ;;
        --dump)
            mapfile -t COMPREPLY < <(compgen -W "shape lines table pages" -- "$cur")
            return
            ;;
        -*)
            # Another option with a value (-j N, --pattern P): nothing to offer.
            _nianbao_takes_value "$prog" "$prev" "$cmd" && return
            ;;
    esac

    if [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$(_nianbao_options "$prog" "$cmd")" -- "$cur")
        return
    fi
    case $cmd in
        help)
            ((cword == 2)) && mapfile -t COMPREPLY < <(compgen -W "$(_nianbao_commands "$prog")" -- "$cur")
            ;;
        keys)
            mapfile -t COMPREPLY < <(compgen -W "$(_nianbao_layouts "$prog")" -- "$cur")
            _filedir '@(yaml|yml)'
            ;;
        build | check)
            _filedir '@(yaml|yml|csv)'
            ;;
        import)
            _filedir '@(docx|DOCX|html|htm)'
            ;;
        init | layouts | merge-reports)
            [[ $cmd == merge-reports ]] && _filedir -d
            ;;
        *)
            _filedir '@(yaml|yml)'
            ;;
    esac
} &&
    complete -F _nianbao nianbao

# ex: filetype=sh
