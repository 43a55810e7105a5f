#!/usr/bin/env bash
# The catalogues in resources/translations against the sources (ctest translations):
#   scripts/check-translations.sh [--lupdate PATH]
# lupdate reads the sources into copies of the .ts files (the originals are left alone), then:
#   - German: every message translated, plural messages with both German forms; each translation
#     keeps its source's placeholders (%1…%9, %n, %Ln) and keyboard accelerator (&);
#   - English: every plural ("%n") message has its singular and plural form.
# A new or changed string in the code fails here until `cmake --build build --target
# update_translations` has added it and it is translated.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
lupdate=""
if [[ "${1:-}" == --lupdate ]]; then
    lupdate=$2
fi
if [[ -z "$lupdate" ]]; then
    lupdate=$(command -v lupdate || true)
    [[ -n "$lupdate" ]] || lupdate=/usr/lib/qt6/bin/lupdate
fi
[[ -x "$lupdate" ]] || { echo "check-translations: lupdate not found (Debian: qt6-l10n-tools)" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/lockbox-translations.XXXXXX")
trap 'rm -rf "$work"' EXIT
# The same sources and options as src/core/CMakeLists.txt (the simulator's words are the server's).
find src -path src/sim -prune -o \( -name '*.cpp' -o -name '*.h' \) -print | sort >"$work/sources"
ls ui/*.ui >>"$work/sources"
cp resources/translations/lockbox_de.ts resources/translations/lockbox_en.ts "$work/"
# lupdate files a tr() under its class, or under its namespace outside any class, and says
# "Class 'X' lacks Q_OBJECT macro" where X has neither Q_OBJECT nor Q_DECLARE_TR_FUNCTIONS. That is
# right only for the namespaces whose tr() helper translates in the namespace's name (src/cli/
# output.h, src/engine/alertrelaywebhook.cpp); anywhere else the words would be looked up under
# another context at run time and stay English, so it fails here.
"$lupdate" -silent -no-obsolete -locations none -I src @"$work/sources" -ts "$work/lockbox_de.ts" 2>"$work/lupdate.log"
"$lupdate" -silent -pluralonly -no-obsolete -locations none -I src @"$work/sources" -ts "$work/lockbox_en.ts" \
    2>>"$work/lupdate.log"
if grep -v -e "Class 'lockbox::cli' lacks Q_OBJECT macro" -e "Class 'lockbox::engine' lacks Q_OBJECT macro" \
    "$work/lupdate.log" | sort -u | grep .; then
    echo "check-translations: lupdate cannot tell the context of the calls above: give the class" \
        "Q_DECLARE_TR_FUNCTIONS(its full name), or call Class::tr" >&2
    exit 1
fi

python3 - "$work/lockbox_de.ts" "$work/lockbox_en.ts" <<'PY'
import re, sys, xml.etree.ElementTree as ET

def messages(path):
    for context in ET.parse(path).getroot().iter('context'):
        for m in context.iter('message'):
            yield context.findtext('name') or '', m

def placeholders(text):
    return sorted(re.findall(r'%(?:L?n|\d)', text))

def accelerators(text):
    return len(re.findall(r'&(?!&|[a-zA-Z]+;|#\d+;)', text.replace('&&', '')))

problems = []
def problem(context, source, what):
    problems.append(f'  [{context}] "{source[:70]}": {what}')

de_count = 0
for context, m in messages(sys.argv[1]):
    de_count += 1
    source = m.findtext('source') or ''
    tr = m.find('translation')
    if tr is None or tr.get('type') in ('unfinished', 'vanished', 'obsolete'):
        problem(context, source, 'not translated')
        continue
    forms = [f.text or '' for f in tr.findall('numerusform')] if m.get('numerus') == 'yes' else [tr.text or '']
    if m.get('numerus') == 'yes' and len(forms) != 2:
        problem(context, source, f'{len(forms)} plural forms, German has 2')
    for form in forms:
        if not form.strip() and source.strip():
            problem(context, source, 'empty translation')
        elif placeholders(form) != placeholders(source):
            problem(context, source, f'placeholders {placeholders(form)} where the source has {placeholders(source)}')
        elif accelerators(form) != accelerators(source):
            problem(context, source, 'keyboard accelerator (&) lost or added')

en_count = 0
for context, m in messages(sys.argv[2]):
    en_count += 1
    forms = [f.text or '' for f in m.find('translation').findall('numerusform')]
    if len(forms) != 2 or not all(f.strip() for f in forms):
        problem(context, m.findtext('source') or '', 'English needs its singular and plural form')

if problems:
    print(f'check-translations: {len(problems)} problem(s); run `cmake --build build --target update_translations`, '
          'then translate in resources/translations (Qt Linguist: linguist resources/translations/lockbox_de.ts):')
    print('\n'.join(problems))
    sys.exit(1)
print(f'check-translations: German complete ({de_count} messages), English plural forms complete ({en_count})')
PY
