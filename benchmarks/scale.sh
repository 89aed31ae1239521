#!/usr/bin/env bash
# The scale table of issue 20: `lifecircle coverage` on the synthetic metropolis (`lifecircle synth
# metropolis`: a 100 m street lattice, one 100 m population cell per node, 24 catalog categories with
# cells / 400 facilities each) to a GeoPackage, for a few sizes; wall, CPU (user + system) and peak
# resident memory from /usr/bin/time -v, the --max-memory estimate beside the peak, and a straight
# line fitted through the sizes (docs/scaling.md has the figures).
#   benchmarks/scale.sh [--cells 40000,160000] [--layout long,wide] [--threads N] [--tile-size M] [--workdir DIR] [--out-dir] [--keep]
#   --cells: the sizes (default 40000,160000; the issue's table adds 360000)
#   --layout: coverage's --layout, one run per size for each (default long; the fit is the first's)
#   --threads: passed to coverage (default: every core)
#   --tile-size: passed to coverage: the searches in square tiles of M metres (docs/scaling.md, "Tiles")
#   --out-dir: write one file per layer (--out-dir) instead of the GeoPackage
#   --keep: keep each run's output (default: removed after measuring, to spare the disk)
# The inputs are generated once per size into WORKDIR/metropolis_N and reused (generation is not timed).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

sizes="40000,160000" layouts="long" threads="" tile="" work="" out_dir=0 keep=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --cells) sizes="$2"; shift ;;
    --layout) layouts="$2"; shift ;;
    --threads) threads="$2"; shift ;;
    --tile-size) tile="$2"; shift ;;
    --workdir) work="$2"; shift ;;
    --out-dir) out_dir=1 ;;
    --keep) keep=1 ;;
    *) echo "scale.sh: unknown argument $1 (see the header of $0)" >&2; exit 2 ;;
  esac
  shift
done
work="${work:-$root/out/bench/scale}"
mkdir -p "$work"
lc="${LIFECIRCLE:-build/ci/tools/lifecircle}"
if [[ -z "${LIFECIRCLE:-}" ]]; then
  if [[ ! -f build/ci/build.ninja ]]; then cmake --preset ci >/dev/null; fi
  cmake --build --preset ci --target lifecircle -j "${LIFECIRCLE_BUILD_JOBS:-2}" >/dev/null
fi

echo "== scale: coverage of the synthetic metropolis to $([[ $out_dir -eq 1 ]] && echo "--out-dir" || echo "a GeoPackage")," \
     "threads ${threads:-all ($(nproc))}"
echo "== machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'),"\
     "$(free -g | awk '/^Mem:/{print $2}') GiB, $(date -u '+%F %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '| %9s | %6s | %20s | %8s | %15s | %11s | %10s | %5s |\n' cells layout "origins x categories" wall "CPU (user+sys)" "peak memory" estimate ratio
printf '|%s|%s|%s|%s|%s|%s|%s|%s|\n' "----------:" ":-------" "---------------------:" "---------:" "----------------:" "------------:" "-----------:" "------:"
fit=()
first_layout="${layouts%%,*}"
for cells in ${sizes//,/ }; do
for layout in ${layouts//,/ }; do
  dir="$work/metropolis_$cells"
  if [[ ! -f "$dir/population.tif" ]]; then
    "$lc" -q synth metropolis --cells "$cells" --out "$dir" --overwrite
  fi
  categories=$(/usr/bin/python3 - "$dir/metropolis.gpkg" <<'EOF'
import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("SELECT count(DISTINCT category) FROM facilities").fetchone()[0])
EOF
)
  out=(--out "$work/coverage_$cells.gpkg")
  if [[ $out_dir -eq 1 ]]; then rm -rf "$work/coverage_$cells"; mkdir -p "$work/coverage_$cells"; out=(--out-dir "$work/coverage_$cells"); fi
  thr=(--layout "$layout"); [[ -n "$threads" ]] && thr+=(--threads "$threads")
  [[ -n "$tile" ]] && thr+=(--tile-size "$tile")
  /usr/bin/time -v -o "$work/coverage_$cells.time" "$lc" coverage --network "$dir/metropolis.gpkg:streets" \
    --facilities "$dir/metropolis.gpkg:facilities" --category-field category --id-field id \
    --origins "$dir/population.tif" "${out[@]}" --overwrite --max-memory 1T "${thr[@]}" > "$work/coverage_$cells.log" 2>&1
  origins=$(grep -o 'results for [0-9,]* origins' "$work/coverage_$cells.log" | tail -1 | tr -dc 0-9)
  estimate=$(grep -o 'memory: about [0-9.]* [KMGT]iB' "$work/coverage_$cells.log" | tail -1 | awk '{
    v=$3; u=$4; m=(u=="KiB"?1/1024:(u=="MiB"?1:(u=="GiB"?1024:1048576))); printf "%.0f", v*m}')
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$work/coverage_$cells.time")
  cpu=$(awk -F': ' '/User time/{u=$2} /System time/{s=$2} END{printf "%.1f", u+s}' "$work/coverage_$cells.time")
  rss=$(awk -F': ' '/Maximum resident set size/{printf "%.0f", $2/1024}' "$work/coverage_$cells.time")
  pairs=$(( origins * categories ))
  printf '| %9s | %6s | %20s | %6.1f s | %13s s | %7s MiB | %6s MiB | %5s |\n' "$(printf "%'d" "$cells")" "$layout" \
    "$(awk -v p="$pairs" 'BEGIN{printf "%.2f M", p/1e6}')" "$wall" "$cpu" "$rss" "${estimate:--}" \
    "$([[ -n "$estimate" ]] && awk -v e="$estimate" -v m="$rss" 'BEGIN{printf "%.2f", e/m}' || echo -)"
  [[ "$layout" == "$first_layout" ]] && fit+=("$pairs $wall $cpu $rss")
  if [[ $keep -eq 0 ]]; then rm -rf "$work/coverage_$cells.gpkg" "$work/coverage_$cells"; fi
done
done

# Least squares through (origins x categories, figure): what each origin and category adds, and
# what is left at none (the process, GDAL, PROJ).
if [[ ${#fit[@]} -ge 2 ]]; then
  printf '%s\n' "${fit[@]}" | awk '
    { n++; x[n]=$1; for (k=2;k<=4;k++) y[k,n]=$k }
    END {
      split("wall s,CPU s,peak MiB", name, ",")
      for (k=2;k<=4;k++) {
        sx=sy=sxx=sxy=0
        for (i=1;i<=n;i++) { sx+=x[i]; sy+=y[k,i]; sxx+=x[i]*x[i]; sxy+=x[i]*y[k,i] }
        b=(n*sxy-sx*sy)/(n*sxx-sx*sx); a=(sy-b*sx)/n
        if (k==4) printf "fit: peak memory = %.0f MiB + %.0f B per origin and category\n", a, b*1048576
        else printf "fit: %s = %.1f s + %.2f s per million origins x categories\n", (k==2?"wall":"CPU"), a, b*1e6
      }
    }'
fi
