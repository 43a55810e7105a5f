# bash completion for lockboxctl, Lockbox Console's command line: its commands, their options and
# the global ones (which stand before or after the command), some option values, and profiles
# (--profile: the profile folders beside the default one, and any folder).
# Installed as share/bash-completion/completions/lockboxctl. The commands and options follow
# `lockboxctl help`; tests/packaging/check-bash-completion.sh fails when they differ.

_lockboxctl_global_options='--endpoint --authority --profile --format --token-env --timeout --concurrency
    --verbose -v --help -h --version'

# The command's options (after the command, the global ones are offered too).
_lockboxctl_command_options() {
    case $1 in
    sync) echo --full --import-activity-log --subscription ;;
    list) echo --status --subscription --search ;;
    approve | deny) echo --reason ;;
    audit) echo --since --until --request --verify --import-activity-log --subscription ;;
    tenant) echo --tenant --yes ;;
    watch)
        echo --interval --subscription --exec --exec-timeout --webhook-file --webhook-env --webhook \
            --webhook-format --include-existing
        ;;
    login) echo --device-code --browser --az-cli --client-secret --tenant --client-id --cloud --no-browser ;;
    esac
}

# Options that take a value: the word after one is that value, not a command.
_lockboxctl_takes_value() {
    case $1 in
    --endpoint | --authority | --profile | --format | --token-env | --timeout | --concurrency | \
        --subscription | --status | --search | --reason | --since | --until | --request | --tenant | \
        --interval | --exec | --exec-timeout | --webhook-file | --webhook-env | --webhook | \
        --webhook-format | --client-id | --cloud)
        return 0
        ;;
    esac
    return 1
}

# The profile folders beside the default profile (engine::Profile::defaultDir(): the application
# data folder, $XDG_DATA_HOME/lockbox-console/lockbox-console), then any folder.
_lockboxctl_profiles() {
    local cur=$1 parent="${XDG_DATA_HOME:-$HOME/.local/share}/lockbox-console" dir
    for dir in "$parent"/*/; do
        [[ -d "$dir" ]] || continue
        dir=${dir%/}
        if [[ "$dir" == "$cur"* ]]; then
            COMPREPLY+=("$dir")
        fi
    done
    compopt -o filenames 2>/dev/null || true
    local IFS=$'\n'
    COMPREPLY+=($(compgen -d -- "$cur"))
}

_lockboxctl() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev=
    ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
    COMPREPLY=()

    case $prev in
    --profile)
        _lockboxctl_profiles "$cur"
        return
        ;;
    --format)
        COMPREPLY=($(compgen -W 'table json csv' -- "$cur"))
        return
        ;;
    --status)
        COMPREPLY=($(compgen -W 'pending active history all Initializing Pending Approving Denying Approved
            Denied Expired Revoking Revoked Error Unknown Completed Completing' -- "$cur"))
        return
        ;;
    --cloud)
        COMPREPLY=($(compgen -W 'public usgov china' -- "$cur"))
        return
        ;;
    --webhook-format)
        COMPREPLY=($(compgen -W 'teams slack json' -- "$cur"))
        return
        ;;
    --token-env | --webhook-env)
        COMPREPLY=($(compgen -e -- "$cur"))
        return
        ;;
    --webhook-file)
        compopt -o filenames 2>/dev/null || true
        local IFS=$'\n'
        COMPREPLY=($(compgen -f -- "$cur"))
        return
        ;;
    --exec)
        COMPREPLY=($(compgen -c -- "$cur"))
        return
        ;;
    esac
    if _lockboxctl_takes_value "$prev"; then
        return # a URL, a number, an id, a reason: nothing to offer
    fi

    # The command and its subcommand: the first words that are neither options nor their values.
    local i word command= sub= skip=
    for ((i = 1; i < COMP_CWORD; i++)); do
        word=${COMP_WORDS[i]}
        if [[ -n "$skip" ]]; then
            skip=
        elif [[ "$word" == -* ]]; then
            _lockboxctl_takes_value "$word" && skip=1
        elif [[ -z "$command" ]]; then
            command=$word
        elif [[ -z "$sub" ]]; then
            sub=$word
        fi
    done

    if [[ "$cur" == -* ]]; then
        COMPREPLY=($(compgen -W "$(_lockboxctl_command_options "$command") $_lockboxctl_global_options" -- "$cur"))
        return
    fi
    case $command in
    '')
        COMPREPLY=($(compgen -W 'sync list show approve deny queue audit subscriptions tenant watch login
            logout whoami help' -- "$cur"))
        ;;
    help)
        [[ -z "$sub" ]] && COMPREPLY=($(compgen -W 'sync list show approve deny queue audit subscriptions
            tenant watch login logout whoami' -- "$cur"))
        ;;
    queue)
        [[ -z "$sub" ]] && COMPREPLY=($(compgen -W 'withdraw' -- "$cur"))
        ;;
    tenant)
        [[ -z "$sub" ]] && COMPREPLY=($(compgen -W 'status enable disable' -- "$cur"))
        ;;
    esac
}

complete -F _lockboxctl lockboxctl
