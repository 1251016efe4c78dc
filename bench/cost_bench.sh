#!/usr/bin/env bash
# bench/cost_bench.sh BUILD [BASE_COMMIT] - issue 18's figures, this tree
# beside a build of BASE_COMMIT (the commit before the work) in one run:
#  - callgrind instructions (exact, independent of the machine's load) of
#    `mobsim run scenarios/fig1.json --json`: the whole process, and the
#    episode alone (--toggle-collect=mob_world_run_sliced: start, the event
#    loop and the metrics), per event and per data packet sent;
#  - fig1 episodes/s (bench/episodes), medians of COST_ROUNDS runs of
#    COST_N episodes, the two programs alternating so both see the same load.
# Prints each figure beside its goal; exits 1 if the two builds' --json
# differ (the equivalence check; tests/cli/test_golden.c is the full one).
#  - when build/ns3_cbr exists (and COST_NS3 is not 0): ns-3 3.37 moving
#    fig1's two CBR flows over a chain of point-to-point links
#    (bench/ns3_cbr.cc): callgrind instructions of Simulator::Run() per event
#    and per data packet, and episodes/s (median of COST_NS3_N episodes).
#   COST_N (200), COST_ROUNDS (5), COST_NS3_N (20)
set -euo pipefail
build=${1:-build}
base=${2:-4752782}
n=${COST_N:-200}
rounds=${COST_ROUNDS:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
dir=/tmp/mobsim-cost-base-$base
fig0=$root/scenarios/fig1.json
command -v valgrind >/dev/null || { echo "cost-bench: valgrind not found (apt-get install valgrind)" >&2; exit 1; }
if [ ! -x "$dir/build/episodes" ] || [ ! -x "$dir/build/mobsim" ]; then
    rm -rf "$dir" && mkdir -p "$dir"
    git -C "$root" archive "$base" | tar -x -C "$dir"
    make -C "$dir" -j2 build/mobsim build/episodes >/dev/null
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The base predates the "$schema" key of the shipped scenarios (issue 17):
# both builds run fig1 without it, which changes nothing else.
fig=$tmp/fig1.json
grep -v '"\$schema"' "$fig0" > "$fig"

# callgrind's total for one program; $2 = extra valgrind options
ir() { valgrind --tool=callgrind --callgrind-out-file=/dev/null $2 "$1" run "$fig" --json 2>&1 >/dev/null | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'; }
# the provenance line (commit, command, date: issue 17) is the tree's alone
"$dir/build/mobsim" run "$fig" --json | grep -v '^	"provenance":' > "$tmp/base.json"
"$root/$build/mobsim" run "$fig" --json | grep -v '^	"provenance":' > "$tmp/tree.json"
same=yes
cmp -s "$tmp/base.json" "$tmp/tree.json" || same=NO
events=$(sed -n 's/^\t"events":\t\([0-9]*\).*/\1/p' "$tmp/tree.json")
packets=$(awk '/^\t"data":/ {d = 1} d && /"sent":/ {gsub(/[^0-9]/, ""); print; exit}' "$tmp/tree.json")
ep=--toggle-collect=mob_world_run_sliced
bw=$(ir "$dir/build/mobsim" "") be=$(ir "$dir/build/mobsim" "$ep")
tw=$(ir "$root/$build/mobsim" "") te=$(ir "$root/$build/mobsim" "$ep")

eps() { "$1" "$fig" "$n" 1 | sed -n 's/^median episodes_per_s=\([0-9.]*\).*/\1/p'; }
old=() new=()
for ((r = 0; r < rounds; r++)); do
    old+=("$(eps "$dir/build/episodes")")
    new+=("$(eps "$root/$build/episodes")")
done
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
mo=$(median "${old[@]}") mn=$(median "${new[@]}")

awk -v bw="$bw" -v be="$be" -v tw="$tw" -v te="$te" -v ev="$events" -v pk="$packets" \
    -v mo="$mo" -v mn="$mn" -v base="$base" -v n="$n" -v rounds="$rounds" -v same="$same" '
function verdict(ok) { return ok ? "met" : "NOT met" }
BEGIN {
    printf "cost-bench: mobsim run scenarios/fig1.json --json (%d events, %d data packets sent); base %s beside this tree\n", ev, pk, base
    printf "  %-34s %14s %14s %8s   %s\n", "figure", "base", "this tree", "ratio", "goal (issue 18)"
    printf "  %-34s %14d %14d %8.3f   <= 15000000: %s\n", "instructions, whole process", bw, tw, bw / tw, verdict(tw <= 15e6)
    printf "  %-34s %14d %14d %8.3f   <= 9000000: %s\n", "instructions, episode", be, te, be / te, verdict(te <= 9e6)
    printf "  %-34s %14.0f %14.0f %8.3f   (episode / events)\n", "instructions per event, episode", be / ev, te / ev, be / te
    printf "  %-34s %14.0f %14.0f %8.3f   (episode / data packets)\n", "instructions per data packet", be / pk, te / pk, be / te
    printf "  %-34s %14.0f %14.0f %8.3f   (whole / events)\n", "instructions per event, whole", bw / ev, tw / ev, bw / tw
    printf "  %-34s %14.0f %14.0f %8.3f   (process minus episode)\n", "instructions, start-up and exit", bw - be, tw - te, (bw - be) / (tw - te)
    printf "  %-34s %14.1f %14.1f %8.3f   >= 2.5x base: %s\n", "fig1 episodes/s (median)", mo, mn, mn / mo, verdict(mn / mo >= 2.5)
    printf "  %-34s %14s %14s %8s   identical: %s\n", "--json of fig1", "", "", "", same
    printf "  (episodes/s: %d runs each of %d episodes, alternating; a 2-core machine shared with other jobs)\n", rounds, n
}'
printf '  episodes/s runs: base %s; tree %s\n' "${old[*]}" "${new[*]}"
ns3=$root/$build/ns3_cbr
if [ "${COST_NS3:-1}" != 0 ] && [ -x "$ns3" ]; then
    nr=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null '--toggle-collect=ns3::Simulator::Run()' "$ns3" 1 1 2>&1 |
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p')
    line=$("$ns3" "${COST_NS3_N:-20}" 1)
    nev=$(sed -n 's/.* events=\([0-9]*\).*/\1/p' <<<"$line")
    nsent=$(sed -n 's/.* sent=\([0-9]*\).*/\1/p' <<<"$line")
    neps=$(sed -n 's/.* episodes_per_s=\([0-9.]*\).*/\1/p' <<<"$line")
    awk -v nr="$nr" -v ev="$nev" -v pk="$nsent" -v eps="$neps" -v te="$te" -v tev="$events" -v tpk="$packets" -v mn="$mn" '
    BEGIN {
        printf "ns-3 3.37, fig1'"'"'s CBR flows over point-to-point links (build/ns3_cbr: %d events, %d data packets)\n", ev, pk
        printf "  %-34s %14s %14s %8s\n", "figure", "ns-3", "this tree", "ns-3 / tree"
        printf "  %-34s %14d %14d %8.1f\n", "instructions, episode (Run())", nr, te, nr / te
        printf "  %-34s %14.0f %14.0f %8.1f\n", "instructions per event", nr / ev, te / tev, (nr / ev) / (te / tev)
        printf "  %-34s %14.0f %14.0f %8.1f\n", "instructions per data packet", nr / pk, te / tpk, (nr / pk) / (te / tpk)
        printf "  %-34s %14.2f %14.1f %8.1f\n", "episodes/s (median)", eps, mn, mn / eps
    }'
fi
[ "$same" = yes ] || { echo "cost-bench: the two builds' --json differ" >&2; exit 1; }
