#!/usr/bin/env bash
# Checks every #include in src/ against the layers (docs/architecture.md): a layer includes only
# the layers below it, Qt Gui and Widgets stay in src/gui and src/app, QtSql in src/store, and the
# front ends (gui, cli, app) never handle a QNetworkReply. Prints each forbidden include as
# FILE:LINE and exits 1; ctest runs it (test "layers").
#   scripts/check-layers.sh [--qt-headers DIR]   DIR: Qt's include root (holds QtGui/, QtWidgets/)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
qt_headers=""
if [[ "${1:-}" == "--qt-headers" ]]; then
    qt_headers="$2"
    shift 2
fi

# The project layers each layer may include, besides its own (the link graph in src/*/CMakeLists.txt).
declare -A allowed=(
    [core]=""
    [auth]="core"
    [azure]="core auth"
    [store]="core"
    [sync]="core auth azure store"
    [engine]="core auth azure store sync"
    [sim]="core"
    [gui]="core auth engine sync"
    [cli]="core auth azure store sync engine"
    [app]="core auth engine sync gui sim"
)
# Includes that break a rule and are on their way out: "file include" pairs. A listed pair that no
# longer occurs fails the check too, so that the list only shrinks.
exceptions=(
)
declare -A excepted=()
for e in "${exceptions[@]}"; do excepted["$e"]=0; done

# Class headers of Qt Gui and Widgets (QIcon, QWidget, …), from Qt's own include folders.
declare -A gui_class=()
if [[ -n "$qt_headers" ]]; then
    while IFS= read -r name; do gui_class["$name"]=1; done < <(
        find "$qt_headers/QtGui" "$qt_headers/QtWidgets" -maxdepth 1 -type f -name 'Q[A-Z]*' ! -name '*.h' -printf '%f\n')
    ((${#gui_class[@]} > 100)) || { echo "check-layers: no Qt Gui headers under $qt_headers" >&2; exit 2; }
fi

problems=0
say() {
    echo "$1: $2"
    problems=$((problems + 1))
}

while IFS= read -r file; do
    layer=$(cut -d/ -f2 <<<"$file")
    [[ -v "allowed[$layer]" ]] || { say "$file" "in src/$layer, a folder the layer table does not know"; continue; }
    while IFS=: read -r line text; do
        if [[ "$text" =~ ^[[:space:]]*#[[:space:]]*include[[:space:]]*\"([a-z]+)/([^\"]+)\" ]]; then
            to="${BASH_REMATCH[1]}"
            [[ "$to" == "$layer" || " ${allowed[$layer]} " == *" $to "* ]] && continue
            key="$file $to/${BASH_REMATCH[2]}"
            if [[ -v "excepted[$key]" ]]; then
                excepted["$key"]=1
                continue
            fi
            say "$file:$line" "src/$layer may not include $to/ (allowed: ${allowed[$layer]:-nothing})"
        elif [[ "$text" =~ ^[[:space:]]*#[[:space:]]*include[[:space:]]*\<([^\>]+)\> ]]; then
            header="${BASH_REMATCH[1]}"
            if [[ "$header" =~ ^(QtSql/|QSql) && "$layer" != store ]]; then
                say "$file:$line" "<$header>: SQL only in src/store"
            elif [[ "$header" =~ ^(QtGui|QtWidgets|QtCharts|QtSvg)(/|$) && "$layer" != gui && "$layer" != app ]]; then
                say "$file:$line" "<$header>: Qt Gui and Widgets only in src/gui and src/app"
            elif [[ -v "gui_class[$header]" && "$layer" != gui && "$layer" != app ]]; then
                say "$file:$line" "<$header> is Qt Gui or Widgets: only in src/gui and src/app"
            elif [[ "$header" =~ ^(QtNetwork/)?QNetworkReply$ && ("$layer" == gui || "$layer" == cli || "$layer" == app) ]]; then
                say "$file:$line" "<$header>: the front ends leave HTTP to the layers below"
            fi
        fi
    done < <(grep -n '^[[:space:]]*#[[:space:]]*include' "$file" || true)
done < <(find src -mindepth 2 -type f \( -name '*.h' -o -name '*.cpp' \) | sort)

for key in "${!excepted[@]}"; do
    if [[ "${excepted[$key]}" == 0 ]]; then
        say "${key%% *}" "no longer includes ${key#* }: remove it from the exceptions in $0"
    fi
done

if ((problems)); then
    echo "check-layers: $problems problem(s)"
    exit 1
fi
echo "check-layers: every include in src/ keeps to its layer (${#exceptions[@]} known exceptions)"
