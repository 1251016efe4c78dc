#!/bin/sh
# tests/cli/test_install.sh BUILD - `make install` into a temporary PREFIX,
# then, from another directory: the installed mobsim runs a shipped
# scenario by its short name (the same JSON as the build's run of the
# file), names the installed directory for an unknown name, `figures`
# finds its scenarios, the man page renders without warnings, completion
# offers the installed scenario names; `make uninstall` leaves no file.
# Run by tests/cli/test_docs.c (make test-run) from the repository root;
# prints the first failure on stderr and exits 1.
set -eu
build=${1:-build}
repo=$(pwd)
tmp=$(mktemp -d /tmp/mobsim-install-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
fail() { echo "test_install: $*" >&2; exit 1; }

# an inner make of its own: not the jobserver of `make test-run`
mk() { env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS make -s --no-print-directory -C "$repo" BUILD="$build" "$@"; }

mk install PREFIX="$prefix" >"$tmp/install.log" 2>&1 || { cat "$tmp/install.log" >&2; fail "make install failed"; }
for f in bin/mobsim share/mobsim/scenarios/fig1.json share/mobsim/scenarios/sweep-tb.json \
         share/mobsim/scenarios/trace-example.csv share/man/man1/mobsim.1 \
         share/bash-completion/completions/mobsim share/doc/mobsim/cli.md share/doc/mobsim/img/fig4.svg \
         share/mobsim/schemas/scenario.schema.json share/mobsim/schemas/sweep.schema.json \
         share/mobsim/wireshark/mobsim.lua share/doc/mobsim/wireshark.md; do
    [ -f "$prefix/$f" ] || fail "make install did not write PREFIX/$f"
done
if [ -f "$build/mobsim-mpi" ]; then
    [ -x "$prefix/bin/mobsim-mpi" ] || fail "$build/mobsim-mpi exists but was not installed"
fi

mkdir "$tmp/elsewhere"
cd "$tmp/elsewhere"
"$prefix/bin/mobsim" run fig1 --json >run-fig1.json || fail "installed mobsim run fig1 --json failed from another directory"
(cd "$repo" && "$build/mobsim" run scenarios/fig1.json --json) >want.json
# the provenance line differs (command, date): the rest is byte for byte the same
grep -q '"provenance":' run-fig1.json || fail "installed 'mobsim run fig1 --json' has no provenance"
grep -v '"provenance":' run-fig1.json >got.json; grep -v '"provenance":' want.json >want-rows.json
cmp -s got.json want-rows.json || fail "installed 'mobsim run fig1 --json' differs from '$build/mobsim run scenarios/fig1.json --json'"
"$prefix/bin/mobsim" run trace-example --json >trace.json || fail "installed mobsim run trace-example (a scenario with a CSV beside it) failed"
"$prefix/bin/mobsim" validate sweep-tb || fail "installed mobsim validate sweep-tb failed"
# the installed scenarios' "$schema" reaches the installed schemas
ref=$(sed -n 's/.*"\$schema": *"\([^"]*\)".*/\1/p' "$prefix/share/mobsim/scenarios/fig1.json")
[ -f "$prefix/share/mobsim/scenarios/$ref" ] || fail "installed fig1.json's \$schema \"$ref\" names no installed file"

set +e
"$prefix/bin/mobsim" run fig9 >out.txt 2>err.txt
st=$?
set -e
[ "$st" = 2 ] || fail "mobsim run fig9: exit $st, expected 2"
[ ! -s out.txt ] || fail "mobsim run fig9 wrote to standard output"
[ "$(wc -l <err.txt)" = 1 ] || fail "mobsim run fig9: expected one line on stderr, got: $(cat err.txt)"
grep -q "looked for fig9.json in ./scenarios, " err.txt || fail "mobsim run fig9 does not list ./scenarios: $(cat err.txt)"
grep -q "$(cd "$prefix/share/mobsim/scenarios" && pwd -P)" err.txt || fail "mobsim run fig9 does not list the installed scenarios: $(cat err.txt)"

"$prefix/bin/mobsim" figures -o report >figures.out 2>/dev/null || fail "installed mobsim figures failed from another directory"
[ -f report/index.html ] && [ -f report/fig1.svg ] || fail "installed mobsim figures wrote no report/index.html or report/fig1.svg"
grep -qx "report/index.html" figures.out || fail "mobsim figures did not print report/index.html"

# the installed dissector loads and decodes a scheme message (fig5's first
# PROXY-QUERY, for B's home address)
if command -v tshark >/dev/null 2>&1; then
    "$prefix/bin/mobsim" run fig5 --pcap fig5.pcap >/dev/null || fail "installed mobsim run fig5 --pcap failed"
    got=$(tshark -X lua_script:"$prefix/share/mobsim/wireshark/mobsim.lua" -r fig5.pcap -Y mobsim \
          -T fields -e mobsim.subtype -e mobsim.hoa 2>/dev/null | head -1)
    [ "$got" = "$(printf '2\t2001:db8:b::200')" ] || fail "the installed dissector decoded fig5's first scheme message as '$got'"
fi

page=$prefix/share/man/man1/mobsim.1
if command -v man >/dev/null 2>&1; then
    MANWIDTH=80 man --warnings -l "$page" >man.txt 2>man.err || fail "man -l of the installed page failed: $(cat man.err)"
    [ ! -s man.err ] || fail "man -l of the installed page warns: $(head -3 man.err)"
    for c in run validate window demo figures sweep; do
        grep -q "mobsim $c" man.txt || fail "the man page has no 'mobsim $c'"
    done
elif command -v groff >/dev/null 2>&1; then
    groff -man -ww -z "$page" 2>man.err && [ ! -s man.err ] || fail "groff warns on the man page: $(head -3 man.err)"
else
    echo "test_install: neither man nor groff installed: the man page was not rendered" >&2
fi

# completion, with only the installed mobsim on PATH and no ./scenarios here
got=$(PATH="$prefix/bin:/usr/bin:/bin" bash -c '
    . "$1/share/bash-completion/completions/mobsim"
    COMP_WORDS=(mobsim run fi); COMP_CWORD=2; _mobsim; echo "${COMPREPLY[*]}"
    COMP_WORDS=(mobsim sweep sweep-t); COMP_CWORD=2; _mobsim; echo "${COMPREPLY[*]}"
    COMP_WORDS=(mobsim sweep --res); COMP_CWORD=2; _mobsim; echo "${COMPREPLY[*]}"
    COMP_WORDS=(mobsim w); COMP_CWORD=1; _mobsim; echo "${COMPREPLY[*]}"' _ "$prefix")
[ "$(echo "$got" | sed -n 1p)" = "fig1 fig1-rfc6275 fig3 fig4 fig5 fig6" ] || fail "completion of 'mobsim run fi': $(echo "$got" | sed -n 1p)"
[ "$(echo "$got" | sed -n 2p)" = "sweep-tb sweep-th-tp" ] || fail "completion of 'mobsim sweep sweep-t': $(echo "$got" | sed -n 2p)"
[ "$(echo "$got" | sed -n 3p)" = "--resume" ] || fail "completion of 'mobsim sweep --res': $(echo "$got" | sed -n 3p)"
[ "$(echo "$got" | sed -n 4p)" = "window" ] || fail "completion of 'mobsim w': $(echo "$got" | sed -n 4p)"

cd "$repo"
mk uninstall PREFIX="$prefix" >"$tmp/uninstall.log" 2>&1 || { cat "$tmp/uninstall.log" >&2; fail "make uninstall failed"; }
left=$(find "$prefix" ! -type d)
[ -z "$left" ] || fail "make uninstall left: $left"
left=$(find "$prefix" -name '*mobsim*')
[ -z "$left" ] || fail "make uninstall left: $left"
exit 0
