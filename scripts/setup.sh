#!/usr/bin/env bash
# Installs the Debian packages lifecircle needs (Debian 12, as root or with sudo). Idempotent: when
# everything asked for is present it changes nothing.
#   scripts/setup.sh build   what building the engine and CLI and running the main job need (the
#                            quick start's first line)
#   scripts/setup.sh python  that and what the Python module (python/) needs to build and run
#   scripts/setup.sh         everything: also what only tests, benchmarks, fuzzing and optional parts
#                            use (QGIS, Chromium, MPI, GLPK, clang, the peers; scripts/test.sh)
# README.md ("Dependencies") says why each library is there.
set -euo pipefail
group=${1:-all}
case "$group" in build|python|all) ;; *) echo "usage: scripts/setup.sh [build|python|all]" >&2; exit 2 ;; esac

PACKAGES=(
  build-essential cmake ninja-build pkg-config
  libgdal-dev gdal-bin            # vector I/O (GeoPackage, GeoJSON, Shapefile, CSV...), CRS via PROJ
  python3-gdal                    # tests: GDAL's validate_gpkg.py on both GeoPackage writers' files
  libgeos-dev                     # noding, polygon operations
  libsqlite3-dev                  # GeoPackage R-trees packed in bulk (engine/io/gpkg_rtree)
  libpq-dev                       # PostGIS results written in bulk with COPY (engine/io/postgis)
  libboost-dev                    # Boost.Geometry R-tree for snapping
  libeigen3-dev                   # sparse matrices for 2SFCA
  libosmium2-dev libprotozero-dev zlib1g-dev libbz2-dev libexpat1-dev  # OSM PBF/XML
  libtbb-dev                      # parallel searches
  libcli11-dev                    # command line
  libtomlplusplus-dev             # catalog, checklist and job files
  nlohmann-json3-dev              # JSON output
  libxxhash-dev                   # job fingerprints: XXH3-128 of every file a task reads and writes
  libjs-leaflet                   # the HTML report's interactive map (inlined into the binary at configure time)
)
[ "$group" = all ] && PACKAGES+=(
  libgtest-dev libgmock-dev googletest  # tests
  libbenchmark-dev                # benchmarks/
  clang-14 libclang-rt-14-dev     # libFuzzer targets in fuzz/ (the fuzz preset, scripts/fuzz.sh)
  libglpk-dev                     # exact siting integer program (optional at build time; tests compare greedy with it)
  python3 python3-networkx python3-igraph  # peers measured in benchmarks/peers.py
  openmpi-bin libopenmpi-dev      # mpirun -np N lifecircle run JOB.toml (tasks spread over ranks)
  python3-osmnx osmium-tool      # the OSMnx peer on Malta (benchmarks/osmnx_peer.py; osmium: PBF -> XML)
  postgresql-15 postgresql-15-postgis-3  # tests/pg: PostGIS in and out against a throwaway cluster (postgis_check)
  postgresql-15-pgrouting osm2pgrouting  # the pgRouting peer (benchmarks/pgrouting.sh)
  qgis python3-qgis               # tests/qgis: results opened, styled and rendered by QGIS itself
  chromium python3-pil poppler-utils  # the HTML report in headless Chromium: screenshots, its map clicked, printed to PDF (pdfinfo, pdftoppm) (tests/report/check_html.py)
  fonts-wqy-microhei              # a CJK font, so district and measure names show in that screenshot
  python3-pytest python3-nbclient python3-nbformat python3-ipykernel  # python/tests (networkx the reference) and the notebook run by nbclient
)
# The Python module (python/, built by a default configure when pybind11 is found): pybind11 and
# the headers of the system Python 3.11 to build it; numpy, pandas, shapely, pyproj and geopandas
# are what it takes and returns; matplotlib draws the example notebook's gap map.
[ "$group" = build ] || PACKAGES+=(
  pybind11-dev python3-pybind11 python3-dev
  python3-numpy python3-pandas python3-shapely python3-geopandas python3-pyproj python3-fiona python3-matplotlib
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} packages present"
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "setup: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
