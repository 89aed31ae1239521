#include "io/postgis.hpp"

#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <memory>

#include "core/context.hpp"
#include "core/error.hpp"
#include "io/gpkg_rows.hpp"
#include "io/table.hpp"
#include "io/table_writer.hpp"
#include "io/vector_reader.hpp"

namespace lc::io {

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

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

// GDAL's and libpq's message, redacted, on one line.
std::string gdal_message() {
  std::string m = redacted(CPLGetLastErrorMsg());
  for (char& c : m)
    if (c == '\n') c = ' ';
  while (!m.empty() && m.back() == ' ') m.pop_back();
  const std::string noise = "PQconnectdb failed. ";
  if (m.rfind(noise, 0) == 0) m.erase(0, noise.size());
  return m;
}

struct DatasetCloser {
  void operator()(GDALDataset* ds) const { GDALClose(ds); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

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

template <class Fail>
void execute(GDALDataset& ds, const std::string& sql, Fail&& fail) {
  CPLErrorReset();
  if (OGRLayer* result = ds.ExecuteSQL(sql.c_str(), nullptr, nullptr)) ds.ReleaseResultSet(result);
  if (CPLGetLastErrorType() >= CE_Failure) fail(gdal_message());
}

OGRFieldType ogr_type(FieldType t) {
  return t == FieldType::integer ? OFTInteger64 : t == FieldType::real ? OFTReal : OFTString;
}

void set_cell(OGRFeature& f, int i, const Cell& c) {
  if (std::holds_alternative<std::string>(c)) f.SetField(i, std::get<std::string>(c).c_str());
  else if (std::holds_alternative<long long>(c)) f.SetField(i, static_cast<GIntBig>(std::get<long long>(c)));
  else if (std::holds_alternative<double>(c) && std::isfinite(std::get<double>(c))) f.SetField(i, std::get<double>(c));
  else f.SetFieldNull(i);
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

// The database of an output spec, open for writing through GDAL with the schema active; throws
// OutputError naming the database when it cannot be reached or refuses the login.
DatasetPtr open_output(const PgSpec& pg, const std::string& schema) {
  if (!pg.tables.empty())
    throw UsageError(pg.shown + ": tables= names the tables a source reads; results are written as tables of active_schema=SCHEMA");
  ensure_gdal();
  const std::string open_spec = "PG:" + pg.conninfo + " active_schema=" + quote_value(schema);
  const char* drivers[] = {"PostgreSQL", nullptr};
  CPLErrorReset();
  DatasetPtr ds(static_cast<GDALDataset*>(
      GDALOpenEx(open_spec.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, drivers, nullptr, nullptr)));
  if (!ds) throw OutputError(pg.shown, "cannot connect to the " + database_name(pg) + ": " + gdal_message());
  return ds;
}

}  // namespace

void check_postgis_writable(const std::string& spec) {
  const PgSpec pg = parse_pg_spec(spec);
  open_output(pg, pg.active_schema.empty() ? "public" : pg.active_schema);
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
    throw UsageError("--out-crs: unknown CRS EPSG:" + std::to_string(options.out_epsg));
  out_srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> to_out;
  if (options.out_epsg != 4326) {
    OGRSpatialReference wgs84;
    wgs84.importFromEPSG(4326);
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    to_out.reset(OGRCreateCoordinateTransformation(&wgs84, &out_srs));
    if (!to_out) throw UsageError("--out-crs: no transformation from WGS84 to EPSG:" + std::to_string(options.out_epsg));
  }

  // GDAL is given what libpq takes and the schema; a missing schema is made in the transaction.
  DatasetPtr ds = open_output(pg, schema);
  bool in_transaction = false;
  auto fail = [&](const std::string& what) -> void {
    throw OutputError(shown, "writing to the " + db + " failed, nothing was written (the transaction is rolled back): " + what);
  };
  try {
    if (ds->StartTransaction() != OGRERR_NONE) fail("cannot start a transaction: " + gdal_message());
    in_transaction = true;
    execute(*ds, "CREATE SCHEMA IF NOT EXISTS " + sql_ident(schema), fail);
    std::string names;
    for (const Table* t : tables) names += (names.empty() ? "" : ", ") + sql_literal(t->name);
    const std::vector<std::string> existing = query_column(
        *ds, "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = " +
                 sql_literal(schema) + " AND c.relname IN (" + names + ") ORDER BY 1", fail);
    if (!existing.empty() && !replace) {
      std::string list;
      for (const auto& e : existing) list += (list.empty() ? "" : ", ") + schema + "." + e;
      throw OutputError(shown, "the " + db + " has the result tables " + list +
                                   " already (use --overwrite or --update to replace them)");
    }
    const std::string catalog = query_column(*ds, "SELECT current_database()", fail).at(0);
    std::vector<std::pair<const Table*, std::string>> written;  // table, geometry column
    for (const Table* t : tables) {
      const OGRwkbGeometryType type = t->has_geometry ? common_type(*t) : wkbNone;
      std::string description = t->description;
      if (!options.provenance.empty()) description += (description.empty() ? "" : "\n") + options.provenance;
      description = redacted(description);
      // GDAL drops a replaced table itself (OVERWRITE), in the transaction, with its index and sequence.
      const bool exists = std::find(existing.begin(), existing.end(), t->name) != existing.end();
      char** lco = nullptr;
      lco = CSLSetNameValue(lco, "SCHEMA", schema.c_str());
      lco = CSLSetNameValue(lco, "FID", "fid");
      lco = CSLSetNameValue(lco, "LAUNDER", "NO");
      lco = CSLSetNameValue(lco, "PRECISION", "NO");
      if (exists) lco = CSLSetNameValue(lco, "OVERWRITE", "YES");
      if (t->has_geometry) {
        lco = CSLSetNameValue(lco, "GEOMETRY_NAME", "geom");
        lco = CSLSetNameValue(lco, "SPATIAL_INDEX", "GIST");
      }
      if (!description.empty()) lco = CSLSetNameValue(lco, "DESCRIPTION", description.c_str());
      CPLErrorReset();
      OGRLayer* layer = ds->CreateLayer(t->name.c_str(), t->has_geometry ? &out_srs : nullptr, type, lco);
      CSLDestroy(lco);
      if (!layer) fail("cannot create the table " + schema + "." + t->name + ": " + gdal_message());
      for (const auto& f : t->fields) {
        OGRFieldDefn d(f.name.c_str(), ogr_type(f.type));
        if (layer->CreateField(&d) != OGRERR_NONE)
          fail("cannot create the column " + f.name + " of " + schema + "." + t->name + ": " + gdal_message());
      }
      for (std::size_t r = 0; r < t->rows.size(); ++r) {
        OGRFeature feature(layer->GetLayerDefn());
        for (std::size_t i = 0; i < t->fields.size(); ++i) set_cell(feature, static_cast<int>(i), t->rows[r][i]);
        if (t->has_geometry && !t->wkt[r].empty())
          feature.SetGeometryDirectly(output_geometry(t->wkt[r], type, to_out.get(), shown, t->name, r).release());
        if (layer->CreateFeature(&feature) != OGRERR_NONE)
          fail("table " + schema + "." + t->name + ", row " + std::to_string(r) + ": " + gdal_message());
      }
      if (layer->SyncToDisk() != OGRERR_NONE || CPLGetLastErrorType() >= CE_Failure)
        fail("table " + schema + "." + t->name + ": " + gdal_message());
      written.push_back({t, t->has_geometry ? std::string(layer->GetGeometryColumn()) : std::string()});
    }
    // Styles: the replaced tables' rows go, the new ones come, the first style of a layer its default.
    std::vector<const LayerStyle*> kept;
    for (const LayerStyle& s : options.styles)
      for (const auto& [t, geom] : written)
        if (t->name == s.layer && !geom.empty()) kept.push_back(&s);
    if (!kept.empty() || !existing.empty()) {
      execute(*ds, kLayerStyles, fail);
      execute(*ds, "DELETE FROM public.layer_styles WHERE f_table_catalog = " + sql_literal(catalog) +
                       " AND f_table_schema = " + sql_literal(schema) + " AND f_table_name IN (" + names + ")", fail);
    }
    std::vector<std::string> has_default;
    for (const LayerStyle* s : kept) {
      const auto it = std::find_if(written.begin(), written.end(), [&](const auto& w) { return w.first->name == s->layer; });
      const bool first = std::find(has_default.begin(), has_default.end(), s->layer) == has_default.end();
      if (first) has_default.push_back(s->layer);
      execute(*ds,
              "INSERT INTO public.layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, "
              "stylename, styleqml, stylesld, useasdefault, description, owner, ui, type) VALUES (" +
                  sql_literal(catalog) + ", " + sql_literal(schema) + ", " + sql_literal(s->layer) + ", " +
                  sql_literal(it->second) + ", " + sql_literal(s->name) + ", XMLPARSE(DOCUMENT " + sql_literal(s->qml) +
                  "), XMLPARSE(DOCUMENT " + sql_literal(s->sld) + "), " + (first ? "true" : "false") + ", " +
                  sql_literal(redacted(s->description)) + ", CURRENT_USER, NULL, NULL)",
              fail);
    }
    CPLErrorReset();
    in_transaction = false;
    if (ds->CommitTransaction() != OGRERR_NONE || CPLGetLastErrorType() >= CE_Failure)
      fail("cannot commit: " + gdal_message());
    ds.reset();
  } catch (...) {
    if (in_transaction) {
      const CPLErrorStateBackuper keep;  // the first failure is the one reported
      ds->RollbackTransaction();
    }
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
