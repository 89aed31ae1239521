#include "io/postgis.hpp"

#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <libpq-fe.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <string_view>
#include <unordered_map>

#include "core/context.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "io/gdal_dataset.hpp"
#include "io/gpkg_rows.hpp"
#include "io/table.hpp"
#include "io/table_writer.hpp"
#include "io/vector_reader.hpp"

namespace lc::io {

namespace {

// GDAL's own keywords in a PG: string; libpq gets the rest.
bool gdal_keyword(const std::string& key) {
  const std::string k = lower(key);
  return k == "tables" || k == "schemas" || k == "active_schema" || k == "list_all_tables";
}

struct Pair {
  std::string key, value;
};

// libpq's conninfo grammar: key = value, a value plain up to white space or 'quoted' with \' and \\.
std::vector<Pair> split_conninfo(const std::string& text, const std::string& shown) {
  std::vector<Pair> out;
  std::size_t i = 0;
  auto space = [&] { while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i; };
  while (true) {
    space();
    if (i >= text.size()) break;
    const std::size_t k = i;
    while (i < text.size() && text[i] != '=' && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    Pair p{text.substr(k, i - k), ""};
    space();
    if (i >= text.size() || text[i] != '=')
      throw InputError({shown, "", ""}, "'" + p.key + "' has no value (a PostgreSQL source reads PG:key=value key=value ...)");
    ++i;
    space();
    if (i < text.size() && text[i] == '\'') {
      ++i;
      bool closed = false;
      while (i < text.size()) {
        if (text[i] == '\\' && i + 1 < text.size()) p.value += text[i + 1], i += 2;
        else if (text[i] == '\'') { closed = true, ++i; break; }
        else p.value += text[i++];
      }
      if (!closed) throw InputError({shown, "", ""}, "unterminated quoted value of '" + p.key + "'");
    } else {
      while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) p.value += text[i++];
    }
    out.push_back(std::move(p));
  }
  return out;
}

std::string quote_value(const std::string& v) {
  if (!v.empty() && v.find_first_of(" \t\n'\\") == std::string::npos) return v;
  std::string q = "'";
  for (char c : v) {
    if (c == '\'' || c == '\\') q += '\\';
    q += c;
  }
  return q + "'";
}

std::string sql_literal(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("''") : std::string(1, c);
  return q + "'";
}

std::string sql_ident(const std::string& s) {
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

// One value of the first row of a query on `ds`, "" when it returns no row; throws `fail(message)`
// when the query fails.
template <class Fail>
std::vector<std::string> query_column(GDALDataset& ds, const std::string& sql, Fail&& fail) {
  CPLErrorReset();
  OGRLayer* result = ds.ExecuteSQL(sql.c_str(), nullptr, nullptr);
  if (CPLGetLastErrorType() >= CE_Failure) {
    if (result) ds.ReleaseResultSet(result);
    fail(gdal_message());
  }
  std::vector<std::string> values;
  if (!result) return values;
  result->ResetReading();
  for (OGRFeatureUniquePtr f{result->GetNextFeature()}; f; f.reset(result->GetNextFeature()))
    values.push_back(f->IsFieldSetAndNotNull(0) ? f->GetFieldAsString(0) : "");
  ds.ReleaseResultSet(result);
  return values;
}

OGRwkbGeometryType type_of_word(const std::string& word) {
  for (const auto& [name, code] : {std::pair{"POINT", wkbPoint}, {"MULTIPOINT", wkbMultiPoint},
                                    {"LINESTRING", wkbLineString}, {"MULTILINESTRING", wkbMultiLineString},
                                    {"POLYGON", wkbPolygon}, {"MULTIPOLYGON", wkbMultiPolygon}})
    if (word == name) return code;
  return wkbUnknown;
}

// The one geometry type of every row (Polygon with MultiPolygon makes MultiPolygon), as the
// GeoPackage writer declares it; mixed kinds stay Geometry.
OGRwkbGeometryType common_type(const Table& t) {
  OGRwkbGeometryType type = wkbNone;
  for (const std::string& w : t.wkt) {
    if (w.empty()) continue;
    const OGRwkbGeometryType g = type_of_word(w.substr(0, w.find_first_of(" (")));
    if (g == wkbUnknown) return wkbUnknown;
    auto multi = [](OGRwkbGeometryType x) { return OGR_GT_IsSubClassOf(x, wkbGeometryCollection) ? x : OGR_GT_GetCollection(x); };
    if (type == wkbNone || type == g) type = g;
    else if (multi(type) == multi(g)) type = multi(g);
    else return wkbUnknown;
  }
  return type == wkbNone ? wkbUnknown : type;
}

// The table QGIS makes when a style is saved to a PostGIS database (QgsPostgresProviderMetadata::
// saveStyle), so that QGIS finds the default style of a layer by catalog, schema, table and
// geometry column.
constexpr const char* kLayerStyles =
    "CREATE TABLE IF NOT EXISTS public.layer_styles (id SERIAL PRIMARY KEY, f_table_catalog varchar, "
    "f_table_schema varchar, f_table_name varchar, f_geometry_column varchar, stylename text, styleqml xml, "
    "stylesld xml, useasdefault boolean, description text, owner varchar(63) DEFAULT CURRENT_USER, ui xml, "
    "update_time timestamp DEFAULT CURRENT_TIMESTAMP, type varchar)";

bool same_database(const PgSpec& a, const PgSpec& b) {
  return a.dbname == b.dbname && a.host == b.host && a.port == b.port && a.service == b.service;
}

// "city.streets" -> {city, streets}; without a schema, public.
std::pair<std::string, std::string> schema_table(const std::string& name) {
  const auto dot = name.find('.');
  if (dot == std::string::npos) return {"public", lower(name)};
  return {lower(name.substr(0, dot)), lower(name.substr(dot + 1))};
}

}  // namespace

bool is_postgis(const std::string& spec) {
  return spec.size() >= 3 && std::toupper(static_cast<unsigned char>(spec[0])) == 'P' &&
         std::toupper(static_cast<unsigned char>(spec[1])) == 'G' && spec[2] == ':';
}

PgSpec parse_pg_spec(const std::string& spec) {
  PgSpec out;
  out.shown = redacted(spec);
  for (const Pair& p : split_conninfo(spec.substr(3), out.shown)) {
    const std::string k = lower(p.key);
    if (gdal_keyword(k)) {
      if (k == "tables") {
        std::size_t at = 0;
        while (at <= p.value.size()) {
          const auto comma = p.value.find(',', at);
          const std::string t = p.value.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
          if (!t.empty()) out.tables.push_back(t);
          if (comma == std::string::npos) break;
          at = comma + 1;
        }
      } else if (k == "active_schema") {
        out.active_schema = p.value;
      }
      continue;
    }
    if (k == "dbname") out.dbname = p.value;
    else if (k == "host") out.host = p.value;
    else if (k == "port") out.port = p.value;
    else if (k == "service") out.service = p.value;
    out.conninfo += (out.conninfo.empty() ? "" : " ") + p.key + "=" + quote_value(p.value);
  }
  return out;
}

GDALDataset* open_postgis_table(const std::string& spec) {
  const PgSpec pg = parse_pg_spec(spec);
  if (pg.tables.size() != 1)
    throw InputError({pg.shown, "", ""}, pg.tables.empty() ? "name the table to read with tables=SCHEMA.TABLE"
                                                          : "names several tables; a source is one table (tables=SCHEMA.TABLE)");
  ensure_gdal();
  const char* drivers[] = {"PostgreSQL", nullptr};
  CPLErrorReset();
  DatasetPtr ds(static_cast<GDALDataset*>(GDALOpenEx(spec.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, nullptr, nullptr)));
  if (!ds) throw InputError({pg.shown, "", ""}, "cannot connect to the " + database_name(pg) + ": " + gdal_message());
  auto fail = [&](const std::string& what) -> void { throw InputError({pg.shown, pg.tables[0], ""}, what); };
  // GDAL lists a table that is not there as an empty layer without geometry: asked here.
  const auto found = query_column(*ds, "SELECT to_regclass(" + sql_literal(pg.tables[0]) + ")::text", fail);
  if (found.empty() || found[0].empty() || ds->GetLayerCount() != 1)
    fail("no such table in the " + database_name(pg));
  return ds.release();
}

std::string database_name(const PgSpec& s) {
  std::string name = "database " + (s.dbname.empty() ? (s.service.empty() ? std::string("(libpq's default)") : "of service " + s.service) : s.dbname);
  if (!s.host.empty()) name += " on " + s.host + (s.port.empty() ? "" : ":" + s.port);
  else if (!s.port.empty()) name += " on port " + s.port;
  return name;
}

namespace {

// A libpq connection: results are written with libpq itself, in bulk (COPY), not row by row through
// GDAL's OGRFeature (about 10 us a row, half of a PostGIS-to-PostGIS run on Malta).
struct Conn {
  PGconn* c = nullptr;
  Conn() = default;
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;
  ~Conn() {
    if (c) PQfinish(c);
  }
};

// libpq's message, redacted, on one line.
std::string pq_message(const char* text) {
  std::string m = redacted(text ? text : "");
  for (char& ch : m)
    if (ch == '\n' || ch == '\t') ch = ' ';
  while (!m.empty() && m.back() == ' ') m.pop_back();
  return m;
}

// The database `pg` names, connected; throws OutputError naming the database when it cannot be
// reached or refuses the login.
void connect(const PgSpec& pg, Conn& conn) {
  conn.c = PQconnectdb(pg.conninfo.c_str());
  if (!conn.c || PQstatus(conn.c) != CONNECTION_OK)
    throw OutputError(pg.shown, "cannot connect to the " + database_name(pg) + ": " +
                                    (conn.c ? pq_message(PQerrorMessage(conn.c)) : std::string("out of memory")));
  PQsetNoticeProcessor(conn.c, [](void*, const char*) {}, nullptr);  // "schema exists, skipping" and the like
  PQsetClientEncoding(conn.c, "UTF8");
}

// The same for an output spec: UsageError for one naming tables=.
void connect_output(const PgSpec& pg, Conn& conn) {
  if (!pg.tables.empty())
    throw UsageError(pg.shown + ": tables= names the tables a source reads; results are written as tables of active_schema=SCHEMA");
  connect(pg, conn);
}

// Runs `sql`; the first column of its rows ("" for NULL). Calls fail(message) when it fails.
template <class Fail>
std::vector<std::string> pq_exec(PGconn* c, const std::string& sql, Fail&& fail) {
  PGresult* r = PQexec(c, sql.c_str());
  const ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    const std::string m = pq_message(r ? PQresultErrorMessage(r) : PQerrorMessage(c));
    PQclear(r);
    fail(m.empty() ? pq_message(PQerrorMessage(c)) : m);
  }
  std::vector<std::string> values;
  if (st == PGRES_TUPLES_OK && PQnfields(r) > 0)
    for (int i = 0; i < PQntuples(r); ++i) values.emplace_back(PQgetisnull(r, i, 0) ? "" : PQgetvalue(r, i, 0));
  PQclear(r);
  return values;
}

const char* type_name(OGRwkbGeometryType t) {
  switch (t) {
    case wkbPoint: return "Point";
    case wkbMultiPoint: return "MultiPoint";
    case wkbLineString: return "LineString";
    case wkbMultiLineString: return "MultiLineString";
    case wkbPolygon: return "Polygon";
    case wkbMultiPolygon: return "MultiPolygon";
    default: return "Geometry";
  }
}

const char* column_type(FieldType t) {
  return t == FieldType::integer ? "bigint" : t == FieldType::real ? "double precision" : "character varying";
}

// One COPY text-format value: \N for NULL; tab, newline, carriage return and backslash escaped.
void append_text(std::string& out, const std::string& s) {
  for (char ch : s) {
    switch (ch) {
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: out += ch;
    }
  }
}

void append_cell(std::string& out, const Cell& c) {
  char buf[32];
  if (const auto* s = std::get_if<std::string>(&c)) {
    append_text(out, *s);
  } else if (const auto* i = std::get_if<long long>(&c)) {
    out.append(buf, std::to_chars(buf, buf + sizeof buf, *i).ptr);
  } else if (const auto* d = std::get_if<double>(&c); d && std::isfinite(*d)) {
    out.append(buf, std::to_chars(buf, buf + sizeof buf, *d).ptr);  // shortest text that reads back the same double
  } else {
    out += "\\N";
  }
}

// A geometry as PostGIS's hex EWKB (little endian, with the SRID): exact, unlike WKT.
std::string ewkb_hex(const OGRGeometry& g, int srid) {
  std::vector<unsigned char> wkb(static_cast<std::size_t>(g.WkbSize()));
  g.exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
  std::uint32_t type = 0;
  std::memcpy(&type, wkb.data() + 1, 4);
  type |= 0x20000000u;  // EWKB: an SRID follows the type
  const auto id = static_cast<std::uint32_t>(srid);
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string hex;
  hex.reserve(2 * (wkb.size() + 4));
  auto put = [&](const unsigned char* p, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) hex += kHex[p[i] >> 4], hex += kHex[p[i] & 15];
  };
  unsigned char head[9];
  head[0] = wkb[0];
  std::memcpy(head + 1, &type, 4);
  std::memcpy(head + 5, &id, 4);
  put(head, 9);
  put(wkb.data() + 5, wkb.size() - 5);
  return hex;
}

// The rows of `t` into the table `rel` (created with its fields, then geom) by one COPY.
template <class Fail>
void copy_rows(PGconn* c, const std::string& rel, const Table& t, OGRwkbGeometryType type, int srid,
               OGRCoordinateTransformation* to_out, const std::string& shown, Fail&& fail) {
  std::string columns;
  for (const auto& f : t.fields) columns += (columns.empty() ? "" : ", ") + sql_ident(f.name);
  if (t.has_geometry) columns += (columns.empty() ? "" : ", ") + std::string("geom");
  PGresult* r = PQexec(c, ("COPY " + rel + " (" + columns + ") FROM STDIN").c_str());
  if (!r || PQresultStatus(r) != PGRES_COPY_IN) {
    const std::string m = pq_message(r ? PQresultErrorMessage(r) : PQerrorMessage(c));
    PQclear(r);
    fail(m);
  }
  PQclear(r);
  // The reach layer repeats each origin's point once per category (coverage each compound's outline):
  // each geometry is encoded once while the cache holds under 64 MiB.
  std::unordered_map<std::string_view, std::string> encoded;
  std::size_t encoded_bytes = 0;
  std::string buf;
  auto flush = [&] {
    if (PQputCopyData(c, buf.data(), static_cast<int>(buf.size())) != 1) fail(pq_message(PQerrorMessage(c)));
    buf.clear();
  };
  for (std::size_t row = 0; row < t.rows.size(); ++row) {
    for (std::size_t i = 0; i < t.fields.size(); ++i) {
      if (i) buf += '\t';
      append_cell(buf, t.rows[row][i]);
    }
    if (t.has_geometry) {
      if (!t.fields.empty()) buf += '\t';
      const std::string& wkt = t.wkt[row];
      if (wkt.empty()) {
        buf += "\\N";
      } else {
        auto it = encoded.find(wkt);
        if (it == encoded.end()) {
          if (encoded_bytes >= (64u << 20)) encoded.clear(), encoded_bytes = 0;
          it = encoded.emplace(wkt, ewkb_hex(*output_geometry(wkt, type, to_out, shown, t.name, row), srid)).first;
          encoded_bytes += wkt.size() + it->second.size();
        }
        buf += it->second;
      }
    }
    buf += '\n';
    if (buf.size() >= (1u << 20)) flush();
  }
  if (!buf.empty()) flush();
  if (PQputCopyEnd(c, nullptr) != 1) fail(pq_message(PQerrorMessage(c)));
  std::string error;
  while (PGresult* res = PQgetResult(c)) {
    if (PQresultStatus(res) != PGRES_COMMAND_OK && error.empty()) error = pq_message(PQresultErrorMessage(res));
    PQclear(res);
  }
  if (!error.empty()) fail(error);
}

// What write_postgis wrote, by the spec it was given (job_state records it).
std::mutex written_mutex;
std::map<std::string, std::vector<std::string>>& written_by_spec() {
  static std::map<std::string, std::vector<std::string>> written;
  return written;
}

}  // namespace

std::vector<std::string> tables_written(const std::string& spec) {
  const std::lock_guard lock(written_mutex);
  const auto it = written_by_spec().find(spec);
  return it == written_by_spec().end() ? std::vector<std::string>{} : it->second;
}

std::string table_spec(const std::string& spec, const std::string& table) {
  return "PG:" + parse_pg_spec(spec).conninfo + " tables=" + quote_value(table);
}

std::vector<std::optional<std::string>> table_states(const std::string& spec, const std::vector<std::string>& tables) {
  const PgSpec pg = parse_pg_spec(spec);
  Conn conn;
  connect(pg, conn);
  auto fail = [&](const std::string& what) -> void { throw OutputError(pg.shown, "the " + database_name(pg) + ": " + what); };
  std::vector<std::optional<std::string>> out;
  for (const std::string& table : tables) {
    const auto [schema, name] = schema_table(table);
    const std::string rel = sql_ident(schema) + "." + sql_ident(name);
    const auto oid = pq_exec(conn.c, "SELECT to_regclass(" + sql_literal(rel) + ")::oid::bigint", fail);
    if (oid.empty() || oid[0].empty()) {
      out.emplace_back();
      continue;
    }
    const auto v = pq_exec(conn.c, "SELECT count(*) || ':' || coalesce(sum(xmin::text::bigint), 0) FROM " + rel, fail);
    out.emplace_back(oid[0] + ":" + v.at(0));
  }
  return out;
}

void check_postgis_writable(const std::string& spec) {
  Conn conn;
  connect_output(parse_pg_spec(spec), conn);
}

void write_postgis(const std::string& spec, const std::vector<const Table*>& tables, bool replace,
                   const WriteOptions& options) {
  const PgSpec pg = parse_pg_spec(spec);
  const std::string& shown = pg.shown;
  const std::string db = database_name(pg);
  const std::string schema = pg.active_schema.empty() ? "public" : pg.active_schema;
  // An output never replaces an input: a table the run reads is never one it writes.
  for (const auto& [in, what] : current_context().inputs) {
    if (!is_postgis(in)) continue;
    const PgSpec source = parse_pg_spec(in);
    if (!same_database(source, pg)) continue;
    for (const std::string& t : source.tables)
      for (const Table* out : tables)
        if (schema_table(t) == std::pair{lower(schema), lower(out->name)})
          throw UsageError(shown + ": the result table " + schema + "." + out->name + " is the input " +
                           (what.empty() ? "" : what + " ") + source.shown +
                           "; an output never replaces an input (write it to another schema)");
  }
  ensure_gdal();
  OGRSpatialReference out_srs;
  if (out_srs.importFromEPSG(options.out_epsg) != OGRERR_NONE)
    throw UsageError(FieldText{"{out_crs}: unknown CRS EPSG:" + std::to_string(options.out_epsg), {"out_crs"}});
  out_srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> to_out;
  if (options.out_epsg != 4326) {
    OGRSpatialReference wgs84;
    wgs84.importFromEPSG(4326);
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    to_out.reset(OGRCreateCoordinateTransformation(&wgs84, &out_srs));
    if (!to_out) throw UsageError(FieldText{"{out_crs}: no transformation from WGS84 to EPSG:" + std::to_string(options.out_epsg), {"out_crs"}});
  }

  Conn conn;
  connect_output(pg, conn);
  PGconn* c = conn.c;
  bool in_transaction = false;
  auto fail = [&](const std::string& what) -> void {
    throw OutputError(shown, "writing to the " + db + " failed, nothing was written (the transaction is rolled back): " + what);
  };
  try {
    pq_exec(c, "BEGIN", [&](const std::string& m) { fail("cannot start a transaction: " + m); });
    in_transaction = true;
    pq_exec(c, "CREATE SCHEMA IF NOT EXISTS " + sql_ident(schema), fail);
    std::string names;
    for (const Table* t : tables) names += (names.empty() ? "" : ", ") + sql_literal(t->name);
    const std::vector<std::string> existing = pq_exec(
        c, "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = " +
               sql_literal(schema) + " AND c.relname IN (" + names + ") ORDER BY 1", fail);
    if (!existing.empty() && !replace) {
      std::string list;
      for (const auto& e : existing) list += (list.empty() ? "" : ", ") + schema + "." + e;
      throw OutputError(shown, "the " + db + " has the result tables " + list +
                                   " already (use --overwrite or --update to replace them)");
    }
    const std::string catalog = pq_exec(c, "SELECT current_database()", fail).at(0);
    // The SRID PostGIS knows the output CRS by, as GDAL looks it up.
    const std::vector<std::string> srids = pq_exec(
        c, "SELECT srid FROM public.spatial_ref_sys WHERE upper(auth_name) = 'EPSG' AND auth_srid = " +
               std::to_string(options.out_epsg) + " ORDER BY srid LIMIT 1", fail);
    if (srids.empty()) fail("EPSG:" + std::to_string(options.out_epsg) + " is not in public.spatial_ref_sys (is PostGIS installed?)");
    const int srid = std::stoi(srids[0]);
    std::vector<const Table*> written;
    for (const Table* t : tables) {
      const OGRwkbGeometryType type = t->has_geometry ? common_type(*t) : wkbNone;
      std::string description = t->description;
      if (!options.provenance.empty()) description += (description.empty() ? "" : "\n") + options.provenance;
      description = redacted(description);
      const std::string rel = sql_ident(schema) + "." + sql_ident(t->name);
      // The table GDAL's PostgreSQL driver made (FID=fid, GEOMETRY_NAME=geom, SPATIAL_INDEX=GIST,
      // PRECISION=NO, LAUNDER=NO): serial key fid, the fields, geom with its type and SRID, a GiST
      // index named as GDAL names it; a replaced table is dropped first, as GDAL's OVERWRITE does.
      if (std::find(existing.begin(), existing.end(), t->name) != existing.end())
        pq_exec(c, "DROP TABLE " + rel + " CASCADE", fail);
      std::string create = "CREATE TABLE " + rel + " (fid SERIAL PRIMARY KEY";
      for (const auto& f : t->fields) create += ", " + sql_ident(f.name) + " " + column_type(f.type);
      if (t->has_geometry) create += ", geom geometry(" + std::string(type_name(type)) + "," + std::to_string(srid) + ")";
      pq_exec(c, create + ")", [&](const std::string& m) { fail("cannot create the table " + schema + "." + t->name + ": " + m); });
      copy_rows(c, rel, *t, type, srid, to_out.get(), shown,
                [&](const std::string& m) { fail("table " + schema + "." + t->name + ": " + m); });
      if (t->has_geometry)
        pq_exec(c, "CREATE INDEX " + sql_ident(t->name + "_geom_geom_idx") + " ON " + rel + " USING GIST (geom)", fail);
      if (!description.empty()) pq_exec(c, "COMMENT ON TABLE " + rel + " IS " + sql_literal(description), fail);
      written.push_back(t);
    }
    // Styles: the replaced tables' rows go, the new ones come, the first style of a layer its default.
    std::vector<const LayerStyle*> kept;
    for (const LayerStyle& s : options.styles)
      for (const Table* t : written)
        if (t->name == s.layer && t->has_geometry) kept.push_back(&s);
    if (!kept.empty() || !existing.empty()) {
      pq_exec(c, kLayerStyles, fail);
      pq_exec(c, "DELETE FROM public.layer_styles WHERE f_table_catalog = " + sql_literal(catalog) +
                     " AND f_table_schema = " + sql_literal(schema) + " AND f_table_name IN (" + names + ")", fail);
    }
    std::vector<std::string> has_default;
    for (const LayerStyle* s : kept) {
      const bool first = std::find(has_default.begin(), has_default.end(), s->layer) == has_default.end();
      if (first) has_default.push_back(s->layer);
      pq_exec(c,
              "INSERT INTO public.layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, "
              "stylename, styleqml, stylesld, useasdefault, description, owner, ui, type) VALUES (" +
                  sql_literal(catalog) + ", " + sql_literal(schema) + ", " + sql_literal(s->layer) + ", 'geom', " +
                  sql_literal(s->name) + ", XMLPARSE(DOCUMENT " + sql_literal(s->qml) + "), XMLPARSE(DOCUMENT " +
                  sql_literal(s->sld) + "), " + (first ? "true" : "false") + ", " + sql_literal(redacted(s->description)) +
                  ", CURRENT_USER, NULL, NULL)",
              fail);
    }
    in_transaction = false;
    pq_exec(c, "COMMIT", [&](const std::string& m) { fail("cannot commit: " + m); });
    std::vector<std::string> names_written;
    for (const Table* t : written) names_written.push_back(schema + "." + t->name);
    const std::lock_guard lock(written_mutex);
    written_by_spec()[spec] = std::move(names_written);
  } catch (...) {
    if (in_transaction && PQstatus(c) == CONNECTION_OK) PQclear(PQexec(c, "ROLLBACK"));  // the first failure is reported
    throw;
  }
}

std::string pg_table_digest(const std::string& spec) {
  if (!is_postgis(spec)) return "";
  const PgSpec pg = parse_pg_spec(spec);
  if (pg.tables.size() != 1) return "";
  ensure_gdal();
  const std::string open_spec = "PG:" + pg.conninfo + " tables=" + quote_value(pg.tables[0]);
  const char* drivers[] = {"PostgreSQL", nullptr};
  CPLErrorReset();
  DatasetPtr ds(static_cast<GDALDataset*>(GDALOpenEx(open_spec.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, nullptr, nullptr)));
  if (!ds) throw InputError({pg.shown, "", ""}, "cannot connect to the " + database_name(pg) + ": " + gdal_message());
  const auto [schema, table] = schema_table(pg.tables[0]);
  const std::string rel = sql_ident(schema) + "." + sql_ident(table);
  auto fail = [&](const std::string& what) -> void { throw InputError({pg.shown, pg.tables[0], ""}, what); };
  // Every row as text, sorted, so that neither the physical order nor a VACUUM changes the digest.
  const auto v = query_column(*ds, "SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '') FROM " + rel + " t", fail);
  return v.empty() ? "" : v[0];
}

}  // namespace lc::io
