#!/usr/bin/env bash
# bench/sweep_bench.sh - sweep throughput (issue 7): 10^5 fig1-type episodes
# (bench/sweep-1e5.json) on 1 and 2 worker threads and on 2 MPI ranks.
# Prints one line per configuration: median wall time of REPEAT runs,
# runs/s, peak RSS (largest process; for MPI the largest rank), and
# checks that every configuration wrote the same sweep.csv.
# Usage: bench/sweep_bench.sh [REPEAT] [REPLICATIONS]   (make sweep-bench)
set -euo pipefail
cd "$(dirname "$0")/.."
repeat=${1:-3}
reps=${2:-25000}
mobsim=${MOBSIM:-build/mobsim}
mpi=${MOBSIM_MPI:-build/mobsim-mpi}
runs=$((reps * 4))
out=$(mktemp -d /tmp/mobsim-sweep-bench-XXXXXX)
trap 'rm -rf "$out"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

bench() { # name, command...
    local name=$1; shift
    local times=() rss=()
    for i in $(seq "$repeat"); do
        rm -rf "$out/$name"
        /usr/bin/time -f "%e %M" -o "$out/time" "$@" -o "$out/$name" --no-plots \
            --replications "$reps" >/dev/null
        read -r t m < "$out/time"
        times+=("$t"); rss+=("$m")
    done
    local t m
    t=$(printf '%s\n' "${times[@]}" | median)
    m=$(printf '%s\n' "${rss[@]}" | median)
    awk -v n="$name" -v t="$t" -v r="$runs" -v m="$m" -v all="${times[*]}" 'BEGIN {
        printf "%-10s median %7.2f s  %8.0f runs/s  peak RSS %6.1f MB  (runs: %s s)\n",
               n, t, r / t, m / 1024, all }'
    cp "$out/$name/sweep.csv" "$out/$name.csv"
}

bench j1 "$mobsim" sweep bench/sweep-1e5.json -j 1
bench j2 "$mobsim" sweep bench/sweep-1e5.json -j 2
if [ -x "$mpi" ] && command -v mpirun >/dev/null; then
    # /usr/bin/time measures mpirun; %M is the largest child's peak RSS
    bench mpi2 mpirun -np 2 "$mpi" sweep bench/sweep-1e5.json -j 1
    cmp "$out/j1.csv" "$out/mpi2.csv"
fi
cmp "$out/j1.csv" "$out/j2.csv"
echo "sweep.csv identical across configurations"
