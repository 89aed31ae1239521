#!/usr/bin/env bash
# The PostGIS check (ctest postgis_check): ONE throwaway PostgreSQL 15 + PostGIS 3 cluster
# (tests/pg/cluster.sh: a temporary folder, an unprivileged owner, a free port of 127.0.0.1, torn
# down on exit, failed or not) holding the synthetic Wuhai loaded with ogr2ogr; every PostGIS check
# runs in it:
#   coverage and site from PostGIS tables to PostGIS tables equal, row for row and value for value,
#   the same runs from and to the GeoPackage; every result table has a primary key, a GiST index on
#   its geometry, the layer description as its comment, its styles in public.layer_styles as the
#   GeoPackage has them in its own; a second write is refused, --overwrite replaces, --update adds;
#   passwords come from the connection string, PGPASSWORD, a .pgpass file and a service file;
#   a job from and to the database keeps its task while the tables are unchanged and reruns it,
#   naming the table, when one changed (job fingerprints hash the tables' rows);
#   QGIS (headless) opens result tables styled from layer_styles by itself;
#   faults: a wrong password (3), a table without geometry, a missing table, a missing field (3,
#   naming the table), the server stopped while the results are written (4, naming the database,
#   no result table left); and no output, log, description or style row holds the password.
# usage: pg_check.sh LIFECIRCLE_BIN [WORK_DIR]
# Without postgresql-15 and postgresql-15-postgis-3 it is skipped (77) outside CI and fails under CI=true.
set -euo pipefail
LC="$1"
HERE="$(cd "$(dirname "$0")" && pwd)"
WORK="${2:-$(mktemp -d)}"
rm -rf "$WORK" && mkdir -p "$WORK"
source "$HERE/cluster.sh"
if ! pg_cluster_available; then
  if [ "${CI:-}" = "true" ]; then echo "postgis_check: postgresql-15-postgis-3 is missing under CI (scripts/setup.sh installs it)"; exit 1; fi
  echo "postgis_check: SKIP: PostgreSQL 15 with PostGIS 3 is not installed (scripts/setup.sh)"
  exit 77
fi
start=$(date +%s)
pg_cluster_start
PW="$PG_PASSWORD"
OUT="$WORK/out"  # every message of every run, searched for the password at the end
mkdir -p "$OUT"
fail() { echo "postgis_check: FAIL: $*"; exit 1; }
psql_q() { PGPASSWORD="$PW" psql -X -q -A -t -v ON_ERROR_STOP=1 -U "$PG_USER" -d plan "$@"; }
PGPASSWORD="$PW" psql -X -q -U "$PG_USER" -d postgres -c "CREATE DATABASE plan" > /dev/null
psql_q -c "CREATE EXTENSION postgis" -c "CREATE SCHEMA city"

"$LC" -q synth wuhai --out "$WORK/city" --seed 7 --overwrite
W="$WORK/city/wuhai.gpkg"
for t in streets facilities compounds gates districts; do
  PGPASSWORD="$PW" ogr2ogr -f PostgreSQL "PG:host=$PGHOST port=$PGPORT dbname=plan user=$PG_USER" "$W" "$t" \
    -nln "city.$t" -lco GEOMETRY_NAME=geom -lco FID=fid
done
PG="PG:host=$PGHOST port=$PGPORT dbname=plan user=$PG_USER password=$PW"
table() { echo "$PG tables=city.$1"; }

# Runs lifecircle, its messages kept in $OUT/NAME.log; the exit code must be EXPECTED.
run() {
  local name="$1" expected="$2"
  shift 2
  local rc=0
  "$LC" "$@" > "$OUT/$name.log" 2>&1 || rc=$?
  [ "$rc" -eq "$expected" ] || { cat "$OUT/$name.log"; fail "$name: exit $rc, expected $expected"; }
}

# --- coverage and site, GeoPackage against PostGIS --------------------------------------------
COV=(--category-field category --id-field id --origin-id-field id --population-field population
     --elderly-share-field elderly_share --unit-name-field name --capacity-field capacity --as-of 2023-12-31)
run cov_gpkg 0 coverage --network "$W:streets" --facilities "$W:facilities" --origins "$W:compounds" \
  --entrances "$W:gates" --units "$W:districts" "${COV[@]}" --out "$WORK/coverage.gpkg" --overwrite
run cov_pg 0 coverage --network "$(table streets)" --facilities "$(table facilities)" --origins "$(table compounds)" \
  --entrances "$(table gates)" --units "$(table districts)" "${COV[@]}" --out "$PG active_schema=results"
SITE=(--category-field category --id-field id --origin-id-field id --population-field population
      --candidate-spacing 100 --category convenience_store --count 14)
run site_gpkg 0 site --network "$W:streets" --facilities "$W:facilities" --origins "$W:compounds" "${SITE[@]}" \
  --out "$WORK/sites.gpkg" --overwrite
# Passwords from PGPASSWORD and from a service file with a .pgpass beside it: none on the command line.
printf '[lc_plan]\nhost=%s\nport=%s\ndbname=plan\nuser=%s\n' "$PGHOST" "$PGPORT" "$PG_USER" > "$WORK/pg_service.conf"
printf '%s:%s:*:%s:%s\n' "$PGHOST" "$PGPORT" "$PG_USER" "$PW" > "$WORK/pgpass" && chmod 600 "$WORK/pgpass"
PGPASSWORD="$PW" run site_pg 0 site --network "PG:host=$PGHOST port=$PGPORT dbname=plan user=$PG_USER tables=city.streets" \
  --facilities "$(table facilities)" --origins "$(table compounds)" "${SITE[@]}" \
  --out "PG:host=$PGHOST port=$PGPORT dbname=plan user=$PG_USER active_schema=sites"
PGSERVICEFILE="$WORK/pg_service.conf" PGPASSFILE="$WORK/pgpass" run site_service 0 site \
  --network "PG:service=lc_plan tables=city.streets" --facilities "PG:service=lc_plan tables=city.facilities" \
  --origins "PG:service=lc_plan tables=city.compounds" "${SITE[@]}" --out "$WORK/sites_service.gpkg" --overwrite

# Every layer as CSV (attributes, then the geometry as WKT), rows in fid order.
dump_gpkg() { ogr2ogr -f CSV /vsistdout/ "$1" -sql "SELECT * FROM \"$2\" ORDER BY fid" -lco GEOMETRY=AS_WKT -lco GEOMETRY_NAME=geom; }
dump_pg() {  # the columns but fid, which a SELECT would make an attribute
  local cols
  cols=$(psql_q -c "SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position) FROM information_schema.columns
                    WHERE table_schema = '$1' AND table_name = '$2' AND column_name <> 'fid'")
  [ -n "$cols" ] || return 1
  PGPASSWORD="$PW" ogr2ogr -f CSV /vsistdout/ "PG:host=$PGHOST port=$PGPORT dbname=plan user=$PG_USER" \
    -sql "SELECT $cols FROM \"$1\".\"$2\" ORDER BY fid" -lco GEOMETRY=AS_WKT -lco GEOMETRY_NAME=geom
}
compare() {  # GPKG SCHEMA
  local gpkg="$1" schema="$2" n=0
  for layer in $(ogrinfo -ro -q "$gpkg" | sed -n 's/^[0-9]*: \([a-z_0-9]*\).*/\1/p' | grep -v '^layer_styles$'); do
    dump_gpkg "$gpkg" "$layer" > "$WORK/a.csv"
    dump_pg "$schema" "$layer" > "$WORK/b.csv" || fail "$schema.$layer: no such table"
    [ "$(wc -l < "$WORK/a.csv")" -gt 1 ] || [ "$layer" = gap_measures ] || fail "$gpkg: $layer is empty"
    cmp -s "$WORK/a.csv" "$WORK/b.csv" || { diff "$WORK/a.csv" "$WORK/b.csv" | head -5; fail "$schema.$layer differs from $gpkg"; }
    # The same styles as the GeoPackage's (name, default), the default first.
    local sa sb
    sa=$(sqlite3 "$gpkg" "SELECT styleName || '|' || useAsDefault FROM layer_styles WHERE f_table_name = '$layer' ORDER BY id" 2>/dev/null || true)
    sb=$(psql_q -c "SELECT stylename || '|' || CASE WHEN useasdefault THEN 1 ELSE 0 END FROM public.layer_styles
                   WHERE f_table_catalog = 'plan' AND f_table_schema = '$schema' AND f_table_name = '$layer' ORDER BY id")
    [ "$sa" = "$sb" ] || fail "$schema.$layer: styles '$sb', the GeoPackage has '$sa'"
    n=$((n + 1))
  done
  [ "$n" -ge 2 ] || fail "$gpkg: only $n layers compared"
  echo "postgis_check: $schema: $n tables equal to $gpkg's layers, styles as in its layer_styles"
}
compare "$WORK/coverage.gpkg" results
compare "$WORK/sites.gpkg" sites

# The bulk writer (libpq COPY) against GDAL's own PostgreSQL writer, which lifecircle used before:
# ogr2ogr writes the GeoPackage run's layers with the layer options lifecircle gave GDAL. The tables
# must be the same: columns, types, keys, sequences, indexes (pg_dump --schema-only, comments aside:
# checked below) and every row (as text, doubles at GDAL's own 15 significant digits: GDAL rounds
# them, the COPY writes them exactly, as the GeoPackage holds them).
layers=$(ogrinfo -ro -q "$WORK/coverage.gpkg" | sed -n 's/^[0-9]*: \([a-z_0-9]*\).*/\1/p' | grep -v '^layer_styles$')
psql_q -c "CREATE SCHEMA gdal_ref"
# shellcheck disable=SC2086
PGPASSWORD="$PW" ogr2ogr -f PostgreSQL "PG:host=$PGHOST port=$PGPORT dbname=plan user=$PG_USER" "$WORK/coverage.gpkg" $layers \
  -lco SCHEMA=gdal_ref -lco FID=fid -lco GEOMETRY_NAME=geom -lco SPATIAL_INDEX=GIST -lco LAUNDER=NO -lco PRECISION=NO
ddl() {
  PGPASSWORD="$PW" pg_dump -U "$PG_USER" -d plan --schema-only --no-comments -n "$1" |
    grep -v '^--\|^\\\(un\)\?restrict\|^$' | sed "s/\b$1\./S./g; s/SCHEMA $1\b/SCHEMA S/g"
}
diff <(ddl gdal_ref) <(ddl results) > "$WORK/ddl.diff" || { head -20 "$WORK/ddl.diff"; fail "results: tables unlike GDAL's"; }
for layer in $layers; do
  d=$(psql_q -c "SET extra_float_digits = 0" -c "SELECT
        (SELECT count(*) FROM (SELECT t::text FROM results.$layer t EXCEPT ALL SELECT t::text FROM gdal_ref.$layer t) a) || ' ' ||
        (SELECT count(*) FROM (SELECT t::text FROM gdal_ref.$layer t EXCEPT ALL SELECT t::text FROM results.$layer t) b)")
  [ "$d" = "0 0" ] || fail "results.$layer: rows unlike GDAL's writing of the same layer (ours only, GDAL's only: $d)"
done
psql_q -c "SET client_min_messages = warning" -c "DROP SCHEMA gdal_ref CASCADE"
echo "postgis_check: results: $(wc -w <<< "$layers") tables as GDAL's writer makes them (definitions, keys, indexes, rows)"
cmp -s <(dump_gpkg "$WORK/sites.gpkg" proposed_sites) <(dump_gpkg "$WORK/sites_service.gpkg" proposed_sites) \
  || fail "site through a service file and .pgpass differs from the GeoPackage run"

# Keys, indexes, comments: every result table a primary key, a GiST index on its geometry, a comment
# holding the layer's description (its first line as in the GeoPackage) and the command that made it.
for schema in results sites; do
  bad=$(psql_q -c "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = '$schema' AND c.relkind = 'r' AND (
      NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'p')
      OR (EXISTS (SELECT 1 FROM geometry_columns g WHERE g.f_table_schema = n.nspname AND g.f_table_name = c.relname)
          AND NOT EXISTS (SELECT 1 FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am a ON a.oid = ic.relam
                          WHERE i.indrelid = c.oid AND a.amname = 'gist'))
      OR obj_description(c.oid, 'pg_class') NOT LIKE '%Made by: lifecircle%')")
  [ -z "$bad" ] || fail "$schema: tables without primary key, GiST index or description: $bad"
done
first_line=$(sqlite3 "$WORK/coverage.gpkg" "SELECT description FROM gpkg_contents WHERE table_name = 'origin_access'" | head -1)
[ "$(psql_q -c "SELECT obj_description('results.origin_access'::regclass, 'pg_class')" | head -1)" = "$first_line" ] \
  || fail "results.origin_access: its comment does not start with the GeoPackage's description"
qml=$(psql_q -c "SELECT styleqml::text FROM public.layer_styles WHERE f_table_schema = 'results' AND f_table_name = 'origin_access'
                AND useasdefault")
[[ "$qml" == *'renderer-v2 type="graduatedSymbol"'* ]] || fail "results.origin_access: no graduated default style"

# QGIS (headless, its postgres provider) opens result tables styled from public.layer_styles by itself.
PY="${LC_QGIS_PYTHON:-/usr/bin/python3}"  # Debian's python, where python3-qgis lives
if QT_QPA_PLATFORM=offscreen "$PY" -c "import qgis.core" 2> /dev/null; then
  count() { psql_q -c "SELECT count(*) FROM $1"; }
  PGPASSWORD="$PW" QT_QPA_PLATFORM=offscreen "$PY" "$HERE/qgis_pg.py" "$PGHOST" "$PGPORT" plan "$PG_USER" \
    "results.origin_access=graduatedSymbol:$(count results.origin_access)" "results.gap_areas=graduatedSymbol:$(count results.gap_areas)" \
    "sites.proposed_sites=singleSymbol:14" > "$OUT/qgis.log" 2>&1 || { cat "$OUT/qgis.log"; fail "QGIS does not open the result tables styled"; }
  grep -q "ok sites.proposed_sites" "$OUT/qgis.log" || { cat "$OUT/qgis.log"; fail "QGIS: no answer"; }
  echo "postgis_check: QGIS opens results.origin_access, results.gap_areas and sites.proposed_sites styled from layer_styles"
elif [ "${CI:-}" = "true" ]; then
  fail "python3-qgis is missing under CI (scripts/setup.sh installs it)"
else
  echo "postgis_check: QGIS part skipped: $PY cannot import qgis.core"
fi

# --- --overwrite, --update --------------------------------------------------------------------
REACH=(--network "$(table streets)" --facilities "$(table facilities)" --category-field category --id-field id
       --origins "$(table gates)")
styles_before=$(psql_q -c "SELECT count(*) FROM public.layer_styles")
run again 4 coverage --network "$(table streets)" --facilities "$(table facilities)" --origins "$(table compounds)" \
  "${COV[@]}" --out "$PG active_schema=results"
grep -q "results.origin_access" "$OUT/again.log" || fail "a second write does not name the existing table"
run overwrite 0 site --network "$(table streets)" --facilities "$(table facilities)" --origins "$(table compounds)" \
  "${SITE[@]}" --out "$PG active_schema=sites" --overwrite
[ "$(psql_q -c "SELECT count(*) FROM public.layer_styles")" = "$styles_before" ] || fail "--overwrite left the old styles"
compare "$WORK/sites.gpkg" sites
run update 0 reach "${REACH[@]}" --out "$PG active_schema=results" --update
run reach_gpkg 0 reach --network "$W:streets" --facilities "$W:facilities" --category-field category --id-field id \
  --origins "$W:gates" --out "$WORK/reach.gpkg" --overwrite
cmp -s <(dump_gpkg "$WORK/reach.gpkg" reach) <(dump_pg results reach) || fail "--update: results.reach differs"
compare "$WORK/coverage.gpkg" results  # the coverage tables kept as they were
run input_replaced 2 reach --network "$(table streets)" --facilities "$(table facilities)" \
  --category-field category --id-field id --origins "$PG tables=results.reach" --out "$PG active_schema=results" --update
grep -q "never replaces an input" "$OUT/input_replaced.log" || fail "an input table replaced by its result"

# --- a job from and to the database: kept when nothing changed, rerun when a table changed -------
cat > "$WORK/job.toml" <<EOF
schema = 1
name = "pg"
out = "$OUT/job"
[vars]
pg = "$PG"
[defaults]
network = "{pg} tables=city.streets"
facilities = "{pg} tables=city.facilities"
category-field = "category"
id-field = "id"
[[task]]
name = "reach"
command = "reach"
origins = "{pg} tables=city.gates"
out = "{pg} active_schema=jobs"
EOF
run job 0 run "$WORK/job.toml"
cmp -s <(dump_gpkg "$WORK/reach.gpkg" reach) <(dump_pg jobs reach) || fail "job: jobs.reach differs from the GeoPackage run"
run job_again 0 run "$WORK/job.toml"
grep -Eq "reach +reach +kept" "$OUT/job_again.log" || { cat "$OUT/job_again.log"; fail "job: an unchanged task ran again"; }
# A write that changes no value changes the table's state (xmin): its rows are hashed again, and the
# task is kept all the same. (While the state stays, the recorded hash stands: no MD5 of the rows.)
psql_q -c "UPDATE city.facilities SET category = category WHERE id = (SELECT min(id) FROM city.facilities)"
run job_same_values 0 run "$WORK/job.toml"
grep -Eq "reach +reach +kept" "$OUT/job_same_values.log" || { cat "$OUT/job_same_values.log"; fail "job: a write that changed no value reran the task"; }
psql_q -c "UPDATE city.facilities SET category = 'library' WHERE id = (SELECT min(id) FROM city.facilities WHERE category = 'fitness')"
run job_changed 0 run "$WORK/job.toml"
grep -Eq "reach +reach +ran.*tables=city.facilities changed" "$OUT/job_changed.log" ||
  { cat "$OUT/job_changed.log"; fail "job: a changed table did not rerun the task"; }
# Its result table is one of its outputs (no password in the record): changed or dropped, the task reruns.
grep -q '"path": *"PG:[^"]*tables=jobs.reach"' "$OUT/job/.lifecircle-job/reach.json" ||
  { cat "$OUT/job/.lifecircle-job/reach.json"; fail "job: the record holds no output table jobs.reach"; }
dump_pg jobs reach > "$WORK/jobs_reach.csv"
psql_q -c "UPDATE jobs.reach SET nearest_s = nearest_s + 1 WHERE fid = 1"  # the same row count
run job_output_changed 0 run "$WORK/job.toml"
grep -Eq "reach +reach +ran.*tables=jobs.reach changed" "$OUT/job_output_changed.log" ||
  { cat "$OUT/job_output_changed.log"; fail "job: a changed result table did not rerun the task"; }
psql_q -c "DROP TABLE jobs.reach"
run job_output_missing 0 run "$WORK/job.toml"
grep -Eq "reach +reach +ran.*tables=jobs.reach is missing" "$OUT/job_output_missing.log" ||
  { cat "$OUT/job_output_missing.log"; fail "job: a dropped result table did not rerun the task"; }
cmp -s "$WORK/jobs_reach.csv" <(dump_pg jobs reach) || fail "job: jobs.reach, written again, differs from the first time"
echo "postgis_check: job: from and to PostGIS, kept when unchanged, rerun when city.facilities changed, when its result table changed and when it was dropped"

# --- faults -----------------------------------------------------------------------------------
expect_msg() { grep -q -- "$2" "$OUT/$1.log" || { cat "$OUT/$1.log"; fail "$1: the message does not say '$2'"; }; }
run wrong_password 3 reach --network "PG:host=$PGHOST port=$PGPORT dbname=plan user=$PG_USER password=not-$PW tables=city.streets" \
  --facilities "$W:facilities" --category-field category --id-field id --origins "$W:gates" --out "$WORK/r.csv"
expect_msg wrong_password "password authentication failed"
grep -q -- "not-$PW" "$OUT/wrong_password.log" && fail "wrong_password: the message holds the password given"
run wrong_password_out 4 reach --network "$W:streets" --facilities "$W:facilities" --category-field category --id-field id \
  --origins "$W:gates" --out "PG:host=$PGHOST port=$PGPORT dbname=plan user=$PG_USER password=not-$PW active_schema=x"
expect_msg wrong_password_out "password authentication failed"
grep -q "wrote\|categor" "$OUT/wrong_password_out.log" && fail "wrong_password_out: the run computed before finding it cannot write"
grep -q -- "not-$PW" "$OUT/wrong_password_out.log" && fail "wrong_password_out: the message holds the password given"
psql_q -c "CREATE TABLE city.plain AS SELECT fid, name FROM city.districts"
run no_geometry 3 reach --network "$(table plain)" --facilities "$W:facilities" --category-field category --id-field id \
  --origins "$W:gates" --out "$WORK/r.csv"
expect_msg no_geometry "city.plain" && expect_msg no_geometry "no geometry column"
run no_table 3 reach --network "$(table nowhere)" --facilities "$W:facilities" --category-field category --id-field id \
  --origins "$W:gates" --out "$WORK/r.csv"
expect_msg no_table "city.nowhere" && expect_msg no_table "no such table"
run no_field 3 reach --network "$W:streets" --facilities "$(table facilities)" --category-field kind --id-field id \
  --origins "$W:gates" --out "$WORK/r.csv"
expect_msg no_field "city.facilities" && expect_msg no_field "no field 'kind'"
# The server stopped while the results are written: when gap_areas (the sixth table) is created, an
# event trigger shuts the cluster down at once (SIGQUIT to the postmaster). Nothing may be left.
pid_file="$PG_DIR/data/postmaster.pid"
psql_q -c "CREATE FUNCTION public.lc_stop() RETURNS event_trigger LANGUAGE plpgsql AS \$\$
  BEGIN
    IF EXISTS (SELECT 1 FROM pg_event_trigger_ddl_commands() WHERE object_identity = 'crash.gap_areas') THEN
      COPY (SELECT 1) TO PROGRAM 'kill -QUIT \$(head -1 $pid_file)';
    END IF;
  END \$\$" -c "CREATE EVENT TRIGGER lc_stop ON ddl_command_end WHEN TAG IN ('CREATE TABLE') EXECUTE FUNCTION public.lc_stop()"
run stopped 4 coverage --network "$(table streets)" --facilities "$(table facilities)" --origins "$(table compounds)" \
  --units "$(table districts)" "${COV[@]}" --out "$PG active_schema=crash"
expect_msg stopped "database plan"
pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log/server.log" -w -t 60 start \
  -o "-p $PGPORT -k $PG_DIR/sock -c listen_addresses=127.0.0.1 -c fsync=off" > /dev/null
psql_q -c "DROP EVENT TRIGGER lc_stop"
left=$(psql_q -c "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'crash'")
[ "$left" = 0 ] || fail "the server stopped mid-write left $left relations in schema crash"
[ "$(psql_q -c "SELECT count(*) FROM public.layer_styles WHERE f_table_schema = 'crash'")" = 0 ] || fail "styles of crash left"
echo "postgis_check: faults: wrong password (3 reading, 4 writing, before the work), no geometry, no table, no field (3), server stopped mid-write (4, nothing left)"

# --- the password nowhere -----------------------------------------------------------------------
grep -rl -- "$PW" "$OUT" "$WORK"/*.gpkg && fail "the password is in the files above (logs, job records, GeoPackages)"
stored=$(psql_q -c "SELECT obj_description(c.oid, 'pg_class') FROM pg_class c" -c "SELECT description, styleqml::text FROM public.layer_styles")
[[ "$stored" != *"$PW"* ]] || fail "the password is in a table comment or a style row"
# The redacted connection strings are there (else the checks above would prove nothing).
grep -q "password=\*\*\*" "$OUT/stopped.log" || fail "stopped: the database is not named by its redacted connection string"
[[ "$stored" == *"password=***"* ]] || fail "no table comment holds the redacted command line"
echo "postgis_check: the password appears in no message, log, description or style; done in $(( $(date +%s) - start )) s"
