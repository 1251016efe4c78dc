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
#   COST_N (200), COST_ROUNDS (5)
set -euo pipefail
build=${1:-build}
base=${2:-4752782}
n=${COST_N:-200}
rounds=${COST_ROUNDS:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
dir=/tmp/mobsim-cost-base-$base
fig=$root/scenarios/fig1.json
command -v valgrind >/dev/null || { echo "cost-bench: valgrind not found (apt-get install valgrind)" >&2; exit 1; }
if [ ! -x "$dir/build/episodes" ] || [ ! -x "$dir/build/mobsim" ]; then
    rm -rf "$dir" && mkdir -p "$dir"
    git -C "$root" archive "$base" | tar -x -C "$dir"
    make -C "$dir" -j2 build/mobsim build/episodes >/dev/null
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# callgrind's total for one program; $2 = extra valgrind options
ir() { valgrind --tool=callgrind --callgrind-out-file=/dev/null $2 "$1" run "$fig" --json 2>&1 >/dev/null | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'; }
"$dir/build/mobsim" run "$fig" --json > "$tmp/base.json"
"$root/$build/mobsim" run "$fig" --json > "$tmp/tree.json"
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
[ "$same" = yes ] || { echo "cost-bench: the two builds' --json differ" >&2; exit 1; }
