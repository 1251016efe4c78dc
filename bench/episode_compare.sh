#!/usr/bin/env bash
# bench/episode_compare.sh BUILD [BASE_COMMIT] - fig1 episodes/s of this tree
# against a build of BASE_COMMIT (default: the commit before issue 13, the
# two-host code), in the same run, alternating the two programs so that both
# see the same machine load. Prints both medians and their ratio; exits 1
# when this tree is below 0.9x the base.
#   EPISODE_N (300), EPISODE_ROUNDS (5): episodes per run, runs per program.
set -euo pipefail
build=${1:-build}
base=${2:-dafe014}
n=${EPISODE_N:-300}
rounds=${EPISODE_ROUNDS:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
dir=/tmp/mobsim-episode-base-$base
if [ ! -x "$dir/build/episodes" ]; then
    rm -rf "$dir" && mkdir -p "$dir"
    git -C "$root" archive "$base" | tar -x -C "$dir"
    make -C "$dir" -j2 build/episodes >/dev/null
fi
eps() { "$1" "$root/scenarios/fig1.json" "$n" 1 | sed -n 's/^median episodes_per_s=\([0-9.]*\).*/\1/p'; }
new=() old=()
for ((r = 0; r < rounds; r++)); do
    old+=("$(eps "$dir/build/episodes")")
    new+=("$(eps "$root/$build/episodes")")
done
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
mo=$(median "${old[@]}") mn=$(median "${new[@]}")
ratio=$(awk -v a="$mn" -v b="$mo" 'BEGIN {printf "%.3f", a / b}')
echo "episode-bench: fig1 x$n, $rounds runs each, alternating: base $base median $mo episodes/s, this tree median $mn episodes/s, ratio $ratio (runs: base ${old[*]}; tree ${new[*]})"
# Instructions do not depend on the machine's load: with valgrind, also the
# callgrind instruction counts of 20 episodes (the ratio is base / tree).
if command -v valgrind >/dev/null 2>&1; then
    ir() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$1" "$root/scenarios/fig1.json" 20 1 2>&1 | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'; }
    io=$(ir "$dir/build/episodes") in=$(ir "$root/$build/episodes")
    echo "episode-bench: callgrind, 20 fig1 episodes: base $io instructions, this tree $in, ratio $(awk -v a="$io" -v b="$in" 'BEGIN {printf "%.3f", a / b}')"
fi
awk -v r="$ratio" 'BEGIN {exit !(r >= 0.9)}' || { echo "episode-bench: below 0.9x the base" >&2; exit 1; }
