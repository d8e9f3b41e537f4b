#!/usr/bin/env bash
# Side-by-side speed and memory of BASE_REV and the current tree, built in
# the same run on the same machine: prints ratios (current / base) of wall
# and CPU time, peak RSS and PDF size. Not a test (benchmarks stay out of
# ctest).
#
#   bench/compare.sh BASE_REV [N_BATCH] [N_BIG]      e.g. bench/compare.sh 6171f30
#
# N_BATCH offices (default 1000) for the batch timings, N_BIG (default 5000)
# for the memory check. Everything runs at -j 2 or less; set NB_BENCH_REPS
# for more one-off renders (default 15, medians are reported).
set -euo pipefail
base=${1:?usage: bench/compare.sh BASE_REV [N_BATCH] [N_BIG]}
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d /tmp/nb-compare.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

echo "compare: base $base ($(git -C "$root" rev-parse --short "$base")), current $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- src || echo +changes)"
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"

build() { # SRC_DIR BUILD_DIR
  cmake -S "$1" -B "$2" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNB_BUILD_TESTS=OFF >/dev/null
  cmake --build "$2" -j 2 --target nianbao >/dev/null
}
mkdir -p "$tmp/base-src"
git -C "$root" archive "$base" | tar -x -C "$tmp/base-src"
build "$tmp/base-src" "$tmp/base-build"
build "$root" "$tmp/cur-build"

python3 "$root/bench/compare.py" "$tmp/base-build/nianbao" "$tmp/base-src" \
  "$tmp/cur-build/nianbao" "$root" "$tmp/work" "${2:-1000}" "${3:-5000}"
