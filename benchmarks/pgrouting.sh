#!/usr/bin/env bash
# The peer next door (#17): what a PostGIS user writes for nearest-facility walking times with
# pgRouting, against lifecircle reading the same tables from PostGIS and writing back to it.
#   benchmarks/pgrouting.sh LIFECIRCLE_BIN [PBF] [CATEGORY]
# PBF defaults to $LIFECIRCLE_GEODATA/osm/malta_2016.osm.pbf, CATEGORY (the one-category case) to
# pharmacy. SYNTH_FACILITIES=1 (or a PBF without facilities) places synthetic ones instead, for
# porto_metro_2015_roads.osm.pbf (highways only: 29 POIs in 3 categories): for every catalog
# category with an OSM rule, the vertices whose hash of (id, category) falls in the lowest
# SYNTH_PER_MILLE per mille (default 2), the same on every run. Needs postgresql-15-postgis-3,
# postgresql-15-pgrouting, osm2pgrouting, osmium-tool and python3-osmnx (the facilities, by the catalog's tag rules, as benchmarks/osmnx_peer.py takes them).
# A throwaway cluster (tests/pg/cluster.sh) holds everything; it is removed at the end.
#
# LC_BEFORE=OTHER_BIN also times another build's all-category run on the same tables.
# Steps, each timed:
#   import    osmium PBF -> XML, osm2pgrouting with Debian's pedestrian mapconfig (its XML comment
#             holds '--', an XML error: a corrected copy drops that line) -> ways, ways_vertices_pgr
#   pgr       per category: every facility snapped to its nearest vertex (KNN), then ONE
#             pgr_drivingDistance from all of them with equicost => true (each vertex labelled by
#             its nearest facility), costs length_m / speed, undirected (walking)
#   exact     the exact variant: every facility a point on its nearest edge (KNN on ways, the
#             fraction along it), then per category ONE pgr_drivingDistance from a virtual source
#             (vertex 0) joined to both ends of each facility's edge at the fraction's costs.
#             pgr_withPointsDD, the function made for points on edges, is timed for CATEGORY only
#             and without equicost (every facility's own search, the minimum per vertex): in
#             pgRouting 3.4.2 its equicost => true returns the roots alone, and a point at
#             fraction 0 or 1 reaches nothing (tried on a three-edge graph).
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
if [ "${SYNTH_FACILITIES:-0}" != 1 ] && [ "$(wc -l < "$WORK/facilities.csv")" -gt 1 ]; then
  ogr2ogr -f PostgreSQL "PG:host=$PGHOST port=$PGPORT dbname=bench user=$PG_USER" "$WORK/facilities.csv" -nln facilities \
    -oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat -a_srs EPSG:4326 -lco GEOMETRY_NAME=geom
else  # no POIs in the extract: synthetic facilities on vertices, deterministic
  q -c "CREATE TABLE facilities AS SELECT row_number() OVER (ORDER BY c.cat, v.id)::int AS ogc_fid,
          'F' || row_number() OVER (ORDER BY c.cat, v.id) AS id, c.cat AS category, v.the_geom::geometry(Point,4326) AS geom
        FROM ways_vertices_pgr v CROSS JOIN unnest(string_to_array('$CATS', ',')) AS c(cat)
        WHERE (hashtext(v.id || ':' || c.cat)::bigint + 2147483648) % 1000 < ${SYNTH_PER_MILLE:-2}"
  echo "facilities: synthetic, ${SYNTH_PER_MILLE:-2} per mille of the vertices per category"
fi
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

# The exact variant: facilities as points on their nearest edge, reached from a virtual source.
q -c "CREATE TABLE pgr_exact (category text, vertex bigint, agg_cost float8)"
t0=$(now)
q -c "CREATE TABLE fac_points AS SELECT f.ogc_fid AS pid, f.category, e.gid AS edge_id, e.source, e.target, e.length_m,
        ST_LineLocatePoint(e.the_geom, f.geom) AS fraction
      FROM facilities f CROSS JOIN LATERAL (SELECT gid, source, target, length_m, the_geom FROM ways ORDER BY the_geom <-> f.geom LIMIT 1) e"
t_snap=$(secs "$t0" "$(now)")
exact_category() {
  q -c "INSERT INTO pgr_exact SELECT '$1', node, agg_cost FROM pgr_drivingDistance(
          'SELECT gid AS id, source, target, length_m / $SPEED AS cost FROM ways
           UNION ALL SELECT -2 * pid, 0, source, fraction * length_m / $SPEED FROM fac_points WHERE category = ''$1''
           UNION ALL SELECT -2 * pid - 1, 0, target, (1 - fraction) * length_m / $SPEED FROM fac_points WHERE category = ''$1''',
          0, 1e9, directed => false) WHERE node > 0"
}
t0=$(now); exact_category "$ONE"; t_ex_one=$(secs "$t0" "$(now)")
q -c "TRUNCATE pgr_exact"
t0=$(now); for c in $ALL; do exact_category "$c"; done; t_ex_all=$(secs "$t0" "$(now)")
echo "pgRouting exact (virtual source, pgr_drivingDistance): snapping $(q -c 'SELECT count(*) FROM fac_points') facilities to edges $t_snap s; $ONE $t_ex_one s, all $(wc -w <<< "$ALL") categories $t_ex_all s (with the snapping $(python3 -c "print(f'{$t_snap + $t_ex_all:.2f}')") s)"
t0=$(now)
n_wp=$(q -c "SELECT count(*) FROM (SELECT node, min(agg_cost) FROM pgr_withPointsDD(
          'SELECT gid AS id, source, target, length_m / $SPEED AS cost FROM ways',
          'SELECT pid, edge_id, fraction FROM fac_points WHERE category = ''$ONE''',
          ARRAY(SELECT -pid FROM fac_points WHERE category = '$ONE'),
          1e9, directed => false, details => false) WHERE node > 0 GROUP BY node) m")
echo "pgRouting pgr_withPointsDD (no equicost, minimum per vertex): $ONE $(secs "$t0" "$(now)") s, $n_wp vertices"

# lifecircle from the same tables to PostGIS.
PG="PG:host=$PGHOST port=$PGPORT dbname=bench user=$PG_USER"
lc_run() {  # CATEGORIES SCHEMA [BINARY]
  "${3:-$LC}" -q reach --network "$PG tables=public.ways" --facilities "$PG tables=public.facilities" --category-field category \
    --id-field id --origins "$PG tables=public.ways_vertices_pgr" --categories "$1" --k 1 \
    --speed "$SPEED" --out "$PG active_schema=$2" --overwrite
}
t0=$(now); lc_run "$ONE" lc_one; t_lc_one=$(secs "$t0" "$(now)")
t0=$(now); lc_run "$(tr ' ' ',' <<< "$ALL")" lc_all; t_lc_all=$(secs "$t0" "$(now)")
echo "lifecircle reach PostGIS -> PostGIS: $ONE $t_lc_one s, all categories $t_lc_all s"
if [ -n "${LC_BEFORE:-}" ]; then  # another build (an earlier commit) on the same tables, for a before/after
  t0=$(now); lc_run "$(tr ' ' ',' <<< "$ALL")" lc_before "$(realpath "$LC_BEFORE")"; t_before=$(secs "$t0" "$(now)")
  echo "LC_BEFORE reach PostGIS -> PostGIS, all categories: $t_before s"
fi
# Where the time goes: the same run into a GeoPackage (reading and searching alone, plus a bulk write).
t0=$(now)
"$LC" -q reach --network "$PG tables=public.ways" --facilities "$PG tables=public.facilities" --category-field category \
  --id-field id --origins "$PG tables=public.ways_vertices_pgr" --categories "$(tr ' ' ',' <<< "$ALL")" --k 1 \
  --speed "$SPEED" --out "$WORK/lc_all.gpkg" --overwrite
echo "lifecircle reach PostGIS -> GeoPackage, all categories: $(secs "$t0" "$(now)") s ($(q -c 'SELECT count(*) FROM lc_all.reach') rows)"

# agreement LABEL TABLE: |lifecircle - pgRouting| over the vertex-category pairs both reached.
agreement() {
  q -c "SELECT '$1 over ' || count(*) || ' vertex-category pairs reached by both: median |diff| '
        || round(percentile_cont(0.5) WITHIN GROUP (ORDER BY abs(l.nearest_s - p.agg_cost))::numeric, 1) || ' s, p95 '
        || round(percentile_cont(0.95) WITHIN GROUP (ORDER BY abs(l.nearest_s - p.agg_cost))::numeric, 1) || ' s, within 60 s: '
        || round(100.0 * avg((abs(l.nearest_s - p.agg_cost) <= 60)::int), 1) || ' %'
      FROM lc_all.reach l JOIN $2 p ON p.vertex::text = l.origin_id AND p.category = l.category
      WHERE l.nearest_s IS NOT NULL"
}
agreement agreement pgr_nearest
q -c "SELECT 'reached by pgRouting only: ' || count(*) FROM pgr_nearest p LEFT JOIN lc_all.reach l
        ON p.vertex::text = l.origin_id AND p.category = l.category WHERE l.nearest_s IS NULL"
agreement 'agreement with the exact variant' pgr_exact
echo "rows: pgr_drivingDistance $(q -c 'SELECT count(*) FROM pgr_nearest'), exact $(q -c 'SELECT count(*) FROM pgr_exact'), lifecircle reached $(q -c 'SELECT count(*) FROM lc_all.reach WHERE nearest_s IS NOT NULL') (vertex-category pairs)"
echo "import+query pgRouting: $ONE $(python3 -c "print(f'{$t_import + $t_pgr_one:.2f}')") s, all $(python3 -c "print(f'{$t_import + $t_pgr_all:.2f}')") s"
