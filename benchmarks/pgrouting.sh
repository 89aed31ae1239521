#!/usr/bin/env bash
# The peer next door (#17): what a PostGIS user writes for nearest-facility walking times with
# pgRouting, against lifecircle reading the same tables from PostGIS and writing back to it.
#   benchmarks/pgrouting.sh LIFECIRCLE_BIN [PBF] [CATEGORY]
# PBF defaults to $LIFECIRCLE_GEODATA/osm/malta_2016.osm.pbf, CATEGORY (the one-category case) to
# pharmacy. Needs postgresql-15-postgis-3, postgresql-15-pgrouting, osm2pgrouting, osmium-tool and
# python3-osmnx (the facilities, by the catalog's tag rules, as benchmarks/osmnx_peer.py takes them).
# A throwaway cluster (tests/pg/cluster.sh) holds everything; it is removed at the end.
#
# Steps, each timed:
#   import    osmium PBF -> XML, osm2pgrouting with Debian's pedestrian mapconfig (its XML comment
#             holds '--', an XML error: a corrected copy drops that line) -> ways, ways_vertices_pgr
#   pgr       per category: every facility snapped to its nearest vertex (KNN), then ONE
#             pgr_drivingDistance from all of them with equicost => true (each vertex labelled by
#             its nearest facility), costs length_m / speed, undirected (walking)
#   lc        lifecircle reach --network PG:ways --facilities PG:facilities --origins PG:vertices
#             --out PG:..., the same categories, from and to PostGIS
# and the agreement: per vertex and category, lifecircle's nearest_s against pgRouting's agg_cost.
# Differences by design: lifecircle's own walking profile keeps other ways than osm2pgrouting's
# pedestrian mapconfig (it reads ways' geometry, not their tags: here every way of the table is
# walked), adds no crossing delays here (no OSM nodes), and joins each facility to the nearest point
# of the nearest edge with the leg walked, where pgRouting starts at the nearest vertex.
set -euo pipefail
LC="$(realpath "$1")"
PBF="${2:-${LIFECIRCLE_GEODATA:-/work/shared/geodata}/osm/malta_2016.osm.pbf}"
ONE="${3:-pharmacy}"
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$HERE/.."
WORK="$(mktemp -d)"
source "$ROOT/tests/pg/cluster.sh"
pg_cluster_start
trap 'pg_cluster_stop; rm -rf "$WORK"' EXIT
export PGPASSWORD="$PG_PASSWORD" PGUSER="$PG_USER"
SPEED=1.0
q() { psql -X -q -A -t -v ON_ERROR_STOP=1 -d bench "$@"; }
now() { date +%s.%N; }
secs() { python3 -c "print(f'{$2 - $1:.2f}')"; }
psql -X -q -d postgres -c "CREATE DATABASE bench"
q -c "CREATE EXTENSION postgis" -c "CREATE EXTENSION pgrouting"
echo "pgrouting: $(basename "$PBF"), load $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"

t0=$(now)
osmium cat "$PBF" -o "$WORK/city.osm" --overwrite
sed '/use command line options/d' /usr/share/osm2pgrouting/mapconfig_for_pedestrian.xml > "$WORK/pedestrian.xml"
osm2pgrouting --f "$WORK/city.osm" --conf "$WORK/pedestrian.xml" --dbname bench --username "$PG_USER" \
  --host "$PGHOST" --port "$PGPORT" --password "$PG_PASSWORD" --clean > "$WORK/osm2pgrouting.log" 2>&1
t_import=$(secs "$t0" "$(now)")
echo "import (osmium + osm2pgrouting): $t_import s; $(q -c 'SELECT count(*) FROM ways') ways, $(q -c 'SELECT count(*) FROM ways_vertices_pgr') vertices"

# The facilities of every catalog category, as the OSMnx peer takes them (nodes, centroids of closed ways).
/usr/bin/python3 "$HERE/osmnx_peer.py" convert "$PBF" "$WORK/walk.osm" "$WORK/pois.osm" > /dev/null 2>&1
CATS=$(python3 -c "
import tomllib; print(','.join(c['id'] for c in tomllib.load(open('$ROOT/data/geo/categories.toml','rb'))['category'] if c.get('osm')))")
/usr/bin/python3 -c "
import csv, sys
sys.path.insert(0, '$HERE')
import osmnx as ox
import osmnx_peer as p
rules = p.catalog_rules('$ROOT/data/geo/categories.toml', '$CATS'.split(','))
points, cats = p.load_facilities(ox, '$WORK/pois.osm', rules)
with open('$WORK/facilities.csv', 'w', newline='') as f:
    w = csv.writer(f); w.writerow(['id', 'lon', 'lat', 'category']); n = 0
    for (x, y), cs in zip(points, cats):
        for c in cs:
            n += 1; w.writerow([f'F{n}', x, y, c])
"
ogr2ogr -f PostgreSQL "PG:host=$PGHOST port=$PGPORT dbname=bench user=$PG_USER" "$WORK/facilities.csv" -nln facilities \
  -oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat -a_srs EPSG:4326 -lco GEOMETRY_NAME=geom
q -c "CREATE INDEX ON facilities USING gist (geom)"
echo "facilities: $(q -c 'SELECT count(*) FROM facilities') in $(q -c 'SELECT count(DISTINCT category) FROM facilities') categories"

# pgRouting, one query per category (what a PostGIS user writes), results into a table.
q -c "CREATE TABLE pgr_nearest (category text, vertex bigint, agg_cost float8)"
pgr_category() {
  q -c "INSERT INTO pgr_nearest SELECT '$1', node, agg_cost FROM pgr_drivingDistance(
          'SELECT gid AS id, source, target, length_m / $SPEED AS cost FROM ways',
          ARRAY(SELECT DISTINCT (SELECT v.id FROM ways_vertices_pgr v ORDER BY v.the_geom <-> f.geom LIMIT 1)
                FROM facilities f WHERE f.category = '$1'),
          1e9, directed => false, equicost => true)"
}
t0=$(now); pgr_category "$ONE"; t_pgr_one=$(secs "$t0" "$(now)")
ALL=$(q -c "SELECT string_agg(DISTINCT category, ' ') FROM facilities")
q -c "TRUNCATE pgr_nearest"
t0=$(now); for c in $ALL; do pgr_category "$c"; done; t_pgr_all=$(secs "$t0" "$(now)")
echo "pgRouting pgr_drivingDistance equicost: $ONE $t_pgr_one s, all $(wc -w <<< "$ALL") categories $t_pgr_all s"

# lifecircle from the same tables to PostGIS.
PG="PG:host=$PGHOST port=$PGPORT dbname=bench user=$PG_USER"
lc_run() {  # CATEGORIES SCHEMA
  "$LC" -q reach --network "$PG tables=public.ways" --facilities "$PG tables=public.facilities" --category-field category \
    --id-field id --origins "$PG tables=public.ways_vertices_pgr" --categories "$1" --k 1 \
    --speed "$SPEED" --out "$PG active_schema=$2" --overwrite
}
t0=$(now); lc_run "$ONE" lc_one; t_lc_one=$(secs "$t0" "$(now)")
t0=$(now); lc_run "$(tr ' ' ',' <<< "$ALL")" lc_all; t_lc_all=$(secs "$t0" "$(now)")
echo "lifecircle reach PostGIS -> PostGIS: $ONE $t_lc_one s, all categories $t_lc_all s"
# Where the time goes: the same run into a GeoPackage (reading and searching alone, plus a bulk write).
t0=$(now)
"$LC" -q reach --network "$PG tables=public.ways" --facilities "$PG tables=public.facilities" --category-field category \
  --id-field id --origins "$PG tables=public.ways_vertices_pgr" --categories "$(tr ' ' ',' <<< "$ALL")" --k 1 \
  --speed "$SPEED" --out "$WORK/lc_all.gpkg" --overwrite
echo "lifecircle reach PostGIS -> GeoPackage, all categories: $(secs "$t0" "$(now)") s ($(q -c 'SELECT count(*) FROM lc_all.reach') rows)"

q -c "SELECT 'agreement over ' || count(*) || ' vertex-category pairs reached by both: median |diff| '
        || round(percentile_cont(0.5) WITHIN GROUP (ORDER BY abs(l.nearest_s - p.agg_cost))::numeric, 1) || ' s, p95 '
        || round(percentile_cont(0.95) WITHIN GROUP (ORDER BY abs(l.nearest_s - p.agg_cost))::numeric, 1) || ' s, within 60 s: '
        || round(100.0 * avg((abs(l.nearest_s - p.agg_cost) <= 60)::int), 1) || ' %'
      FROM lc_all.reach l JOIN pgr_nearest p ON p.vertex::text = l.origin_id AND p.category = l.category
      WHERE l.nearest_s IS NOT NULL"
q -c "SELECT 'reached by pgRouting only: ' || count(*) FROM pgr_nearest p LEFT JOIN lc_all.reach l
        ON p.vertex::text = l.origin_id AND p.category = l.category WHERE l.nearest_s IS NULL"
echo "import+query pgRouting: $ONE $(python3 -c "print(f'{$t_import + $t_pgr_one:.2f}')") s, all $(python3 -c "print(f'{$t_import + $t_pgr_all:.2f}')") s"
