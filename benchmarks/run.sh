#!/usr/bin/env bash
# Benchmarks lifecircle against its peers on the same inputs in one run, and prints the ratios and
# the peak memory of each (docs/benchmarks.md has the figures and what each part measures).
#   benchmarks/run.sh [--quick] [--sides 100,500,1000,2000] [--networkx-max-side N]
#                     [--skip-bench] [--skip-lattice] [--skip-malta] [--skip-porto] [--skip-wuhai]
#                     [--skip-scale] [--scale-cells 40000,160000] [--workdir DIR]
#   1. lifecircle_bench (Google Benchmark: lattice counts, Porto metro, siting)
#   2. the lattice at each side: lifecircle against igraph and networkx (peers.py), a scaling table
#   3. Malta end to end: `lifecircle reach --origins nodes` from the PBF (six catalog categories,
#      nearest times and counts at every node) against an OSMnx + networkx pipeline (osmnx_peer.py,
#      with its osmium PBF -> XML conversion), then compare_malta.py checks that the times agree
#   4. Porto metro end to end with lifecircle (10,000 facilities), peak memory against 1 GiB
#   5. the Wuhai default job (`lifecircle run data/geo/wuhai/job.toml --force`, outputs in
#      out/wuhai as the quick start writes them) against its 10 s target
#   6. scale (issue 20): coverage of the synthetic metropolis at --scale-cells sizes to a GeoPackage,
#      wall, CPU and peak memory with the --max-memory estimate, a straight line fitted (scale.sh)
#   --quick: lattice side 200 without networkx, lifecircle alone on Malta and Porto, no
#            lifecircle_bench (about a minute; not part of scripts/test.sh).
# LIFECIRCLE_GEODATA points at the geodata folder (default: ../shared/geodata beside the repo).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

quick=0 sides="" nx_max=1000 skip_bench=0 skip_lattice=0 skip_malta=0 skip_porto=0 skip_wuhai=0 work=""
skip_scale=0 scale_cells="40000,160000"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) quick=1 ;;
    --sides) sides="$2"; shift ;;
    --networkx-max-side) nx_max="$2"; shift ;;
    --skip-bench) skip_bench=1 ;;
    --skip-lattice) skip_lattice=1 ;;
    --skip-malta) skip_malta=1 ;;
    --skip-porto) skip_porto=1 ;;
    --skip-wuhai) skip_wuhai=1 ;;
    --skip-scale) skip_scale=1 ;;
    --scale-cells) scale_cells="$2"; shift ;;
    --workdir) work="$2"; shift ;;
    *) echo "run.sh: unknown argument $1 (see the header of $0)" >&2; exit 2 ;;
  esac
  shift
done
if [[ $quick -eq 1 ]]; then sides="${sides:-200}" nx_max=0 skip_bench=1 skip_scale=1; fi
sides="${sides:-1000}"
geodata="${LIFECIRCLE_GEODATA:-$root/../shared/geodata}"
work="${work:-$root/out/bench}"
mkdir -p "$work"
py=/usr/bin/python3  # Debian's python3-* modules (networkx, igraph, osmnx), not a pyenv python3
# LIFECIRCLE, LIFECIRCLE_BENCH: time these binaries instead of build/ci's (an earlier build's, for a
# before/after on the same machine in one sitting; scale.sh reads LIFECIRCLE too).
bench="${LIFECIRCLE_BENCH:-build/ci/benchmarks/lifecircle_bench}" lc="${LIFECIRCLE:-build/ci/tools/lifecircle}"
catalog="data/geo/categories.toml"
categories="convenience_store,supermarket,pharmacy,health_station,hospital,kindergarten"
out_ext=gpkg  # the end-to-end outputs: PBF to GeoPackage, as issue 7 asks

if [[ ! -f build/ci/build.ninja ]]; then cmake --preset ci >/dev/null; fi
cmake --build --preset ci --target lifecircle lifecircle_bench -j "${LIFECIRCLE_BUILD_JOBS:-2}"

echo "== machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'),"\
     "$(free -g | awk '/^Mem:/{print $2}') GiB, $(date -u '+%F %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"

# timed NAME CMD...: runs CMD under /usr/bin/time -v; sets wall_NAME, cpu_NAME (user + system, s)
# and rss_NAME (peak resident set, MiB). CPU time is the steadier figure on a shared machine.
declare -A wall cpu rss
timed() {
  local name="$1"; shift
  /usr/bin/time -v -o "$work/$name.time" "$@"
  wall[$name]=$(awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$work/$name.time")
  cpu[$name]=$(awk -F': ' '/User time/{u=$2} /System time/{s=$2} END{printf "%.2f", u+s}' "$work/$name.time")
  rss[$name]=$(awk -F': ' '/Maximum resident set size/{printf "%.0f", $2/1024}' "$work/$name.time")
  printf '%-24s wall %8.2f s   cpu %8.2f s   peak %6d MiB\n' "$name" "${wall[$name]}" "${cpu[$name]}" "${rss[$name]}"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.1f", (b > 0 ? a / b : 0)}'; }

# --- 1. lifecircle_bench (the lattice multi-source searches run in part 2, with their peers) ---
if [[ $skip_bench -eq 0 ]]; then
  echo "== lifecircle_bench"
  "$bench" --benchmark_filter='-^BM_MultiSourceLattice(BinaryHeap)?/'
fi

# --- 2. lattice scaling: lifecircle, igraph, networkx on the same lattice and facilities --------
if [[ $skip_lattice -eq 0 ]]; then
  scaling=()
  for side in ${sides//,/ }; do
    echo "== lattice ${side} x ${side}"
    skip=(); [[ $side -gt $nx_max ]] && skip=(--skip-networkx)
    "$py" benchmarks/peers.py --side "$side" --bench "$bench" "${skip[@]}" | tee "$work/lattice_$side.txt"
    scaling+=("$(grep '^SCALING' "$work/lattice_$side.txt")")
  done
  echo "== lattice scaling: multi-source nearest from 3000 facilities, best of 3 (networkx: 1 run), ms;"
  echo "   peak resident set of each process in MiB (lifecircle_bench; igraph and networkx each in its own)"
  printf '%6s %9s %10s %11s %9s %9s %10s %7s %7s %7s %7s\n' side nodes lifecircle "lc binheap" igraph networkx \
    "igraph/lc" "nx/lc" "lc MiB" "ig MiB" "nx MiB"
  for line in "${scaling[@]}"; do
    eval "$(echo "$line" | sed 's/^SCALING //; s/\([a-z_]*\)=\([^ ]*\)/s_\1="\2";/g')"
    printf '%6s %9s %10.1f %11.1f %9s %9s %10s %7s %7s %7s %7s\n' "$s_side" "$s_nodes" "$s_lc" "$s_lc_binary" \
      "$([[ $s_igraph == - ]] && echo - || printf %.1f "$s_igraph")" \
      "$([[ $s_networkx == - ]] && echo - || printf %.1f "$s_networkx")" \
      "$([[ $s_igraph == - ]] && echo - || ratio "$s_igraph" "$s_lc")" \
      "$([[ $s_networkx == - ]] && echo - || ratio "$s_networkx" "$s_lc")" "$s_lifecircle_mib" "$s_igraph_mib" "$s_networkx_mib"
  done
fi

# --- 3. Malta end to end: lifecircle against OSMnx + networkx -----------------------------------
malta="$geodata/osm/malta_2016.osm.pbf"
if [[ $skip_malta -eq 0 && -f "$malta" ]]; then
  echo "== Malta end to end: PBF -> walking network -> six categories ($categories) -> every node"
  timed lifecircle_malta "$lc" reach --network "$malta" --facilities "$malta" --catalog "$catalog" \
    --categories "$categories" --origins nodes --out "$work/malta_nodes.$out_ext" --overwrite
  echo "   wrote $work/malta_nodes.$out_ext (node x category: nearest, k2, k3, counts within 5/10/15 min)"
  if [[ $quick -eq 0 ]]; then
    if ! command -v osmium >/dev/null || ! "$py" -c 'import osmnx' 2>/dev/null; then
      echo "run.sh: the OSMnx peer needs osmium-tool and python3-osmnx (scripts/setup.sh)" >&2; exit 1
    fi
    timed peer_convert "$py" benchmarks/osmnx_peer.py convert "$malta" "$work/malta_walk.osm" "$work/malta_pois.osm"
    timed peer_osmnx "$py" benchmarks/osmnx_peer.py run --walk "$work/malta_walk.osm" --pois "$work/malta_pois.osm" \
      --catalog "$catalog" --categories "$categories" --out "$work/malta_peer.csv" \
      --facilities-out "$work/malta_peer_facilities.csv"
    peer_wall=$(awk -v a="${wall[peer_convert]}" -v b="${wall[peer_osmnx]}" 'BEGIN{print a+b}')
    peer_cpu=$(awk -v a="${cpu[peer_convert]}" -v b="${cpu[peer_osmnx]}" 'BEGIN{print a+b}')
    echo "   OSMnx + networkx / lifecircle, wall: $(ratio "$peer_wall" "${wall[lifecircle_malta]}")x with the XML conversion," \
         "$(ratio "${wall[peer_osmnx]}" "${wall[lifecircle_malta]}")x without (target: 20x)"
    echo "   OSMnx + networkx / lifecircle, cpu:  $(ratio "$peer_cpu" "${cpu[lifecircle_malta]}")x with the XML conversion," \
         "$(ratio "${cpu[peer_osmnx]}" "${cpu[lifecircle_malta]}")x without"
    echo "   peak memory: lifecircle ${rss[lifecircle_malta]} MiB, OSMnx pipeline ${rss[peer_osmnx]} MiB, osmium ${rss[peer_convert]} MiB"
    echo "== Malta: do both give the same nearest times?"
    "$py" benchmarks/compare_malta.py --lifecircle "$lc" --pbf "$malta" --catalog "$catalog" --categories "$categories" \
      --peer "$work/malta_peer.csv" --peer-facilities "$work/malta_peer_facilities.csv" --workdir "$work"
  fi
fi

# --- 4. Porto metro end to end with lifecircle: peak memory -------------------------------------
porto="$geodata/osm/porto_metro_2015_roads.osm.pbf"
if [[ $skip_porto -eq 0 && -f "$porto" ]]; then
  echo "== Porto metro end to end: PBF -> walking network -> 10,000 facilities in six categories -> every node"
  # The file has roads only: facilities stand at 10,000 of its nodes, six categories in turn (seed 42).
  osmium cat "$porto" -t node -f opl -o - 2>/dev/null | "$py" -c '
import random, sys
rows = [l.split() for l in sys.stdin]
pick = random.Random(42).sample(range(len(rows)), 10000)
print("id,lon,lat,category")
for j, i in enumerate(pick):
    r = rows[i]
    lon = next(f[1:] for f in r if f.startswith("x")); lat = next(f[1:] for f in r if f.startswith("y"))
    print(f"f{j},{lon},{lat},c{j % 6}")' > "$work/porto_facilities.csv"
  timed lifecircle_porto "$lc" reach --network "$porto" --facilities "$work/porto_facilities.csv" --category-field category \
    --id-field id --origins nodes --out "$work/porto_nodes.$out_ext" --overwrite
  echo "   wrote $work/porto_nodes.$out_ext; peak memory ${rss[lifecircle_porto]} MiB:" \
       "$([[ ${rss[lifecircle_porto]} -lt 1024 ]] && echo "under" || echo "NOT under") the 1 GiB target"
fi

# --- 5. the Wuhai default job: every task again (--force), against the 10 s target ---------------
if [[ $skip_wuhai -eq 0 ]]; then
  echo "== Wuhai default job: synthetic city, 100 m grid, siting, compounds with the report"
  timed lifecircle_wuhai "$lc" run data/geo/wuhai/job.toml --force -q
  # The job resets the kernel's peak counter before each task (to give each its own), so the peak
  # above is the last task's; job_timings.csv has every task's.
  awk -F, 'NR > 1 {printf "   %-20s %6.2f s  peak %4.0f MiB\n", $1, $4, $5}' out/wuhai/job_timings.csv
  echo "   $(awk -v w="${wall[lifecircle_wuhai]}" 'BEGIN{print (w < 10 ? "under" : "NOT under")}') the 10 s target"
fi

# --- 6. scale: the synthetic metropolis (issue 20), the table docs/scaling.md keeps -------------
if [[ $skip_scale -eq 0 ]]; then
  LIFECIRCLE="$lc" benchmarks/scale.sh --cells "$scale_cells" --layout long,wide --workdir "$work/scale"
fi
