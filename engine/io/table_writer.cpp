#include "io/table_writer.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string_view>

#include "core/error.hpp"
#include "io/atomic_file.hpp"
#include "io/gpkg_rows.hpp"
#include "io/gpkg_update.hpp"
#include "io/postgis.hpp"
#include "io/sqlite.hpp"
#include "io/vector_reader.hpp"

namespace lc::io {

namespace fs = std::filesystem;

namespace {

std::string driver_for(const std::string& path) {
  const std::string ext = fs::path(path).extension().string();
  if (ext == ".gpkg") return "GPKG";
  if (ext == ".geojson" || ext == ".json") return "GeoJSON";
  if (ext == ".fgb") return "FlatGeobuf";
  if (ext == ".csv") return "CSV";
  throw UsageError(path + ": unknown output format '" + ext + "' (use .gpkg, .geojson, .fgb or .csv)");
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

OGRSpatialReference srs_of(int epsg) {
  OGRSpatialReference srs;
  if (srs.importFromEPSG(epsg) != OGRERR_NONE)
    throw UsageError(FieldText{"{out_crs}: unknown CRS EPSG:" + std::to_string(epsg), {"out_crs"}});
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);  // x = lon / easting whatever the authority says
  return srs;
}

// The one geometry type every row shares (Polygon with MultiPolygon makes MultiPolygon, and so
// on), so that GIS software knows a layer's kind without reading it; mixed kinds stay Unknown.
OGRwkbGeometryType multi_of(OGRwkbGeometryType g) {
  return OGR_GT_IsSubClassOf(g, wkbGeometryCollection) ? g : OGR_GT_GetCollection(g);
}

OGRwkbGeometryType type_of_word(std::string_view word) {
  for (const auto& [name, code] : {std::pair{"POINT", wkbPoint}, {"MULTIPOINT", wkbMultiPoint},
                                    {"LINESTRING", wkbLineString}, {"MULTILINESTRING", wkbMultiLineString},
                                    {"POLYGON", wkbPolygon}, {"MULTIPOLYGON", wkbMultiPolygon}})
    if (word == name) return code;
  return wkbUnknown;
}

OGRwkbGeometryType common_type(const Table& t) {
  OGRwkbGeometryType type = wkbNone;
  for (const std::string& w : t.wkt) {
    if (w.empty()) continue;
    const std::string_view word = std::string_view(w).substr(0, w.find_first_of(" ("));
    const OGRwkbGeometryType g = type_of_word(word);
    if (g == wkbUnknown) return wkbUnknown;
    if (type == wkbNone || type == g) type = g;
    else if (multi_of(type) == multi_of(g)) type = multi_of(g);
    else return wkbUnknown;
  }
  return type == wkbNone ? wkbUnknown : type;
}

struct LayerOut {
  OGRSpatialReference* srs;
  OGRCoordinateTransformation* to_out;  // null when the output CRS is WGS84
  std::string description;
};

OGRLayer* create_layer(GDALDataset& ds, const Table& t, OGRwkbGeometryType type, const std::string& path,
                       const LayerOut& out, bool gpkg) {
  char** options = nullptr;
  if (!out.description.empty()) options = CSLSetNameValue(options, "DESCRIPTION", out.description.c_str());
  if (gpkg && t.has_geometry) options = CSLSetNameValue(options, "SPATIAL_INDEX", "NO");  // packed later: gpkg_rtree
  OGRLayer* layer = ds.CreateLayer(t.name.c_str(), t.has_geometry ? out.srs : nullptr, type, options);
  CSLDestroy(options);
  if (!layer) throw OutputError(path, "cannot create layer " + t.name + ": " + CPLGetLastErrorMsg());
  for (const auto& f : t.fields) {
    OGRFieldDefn d(f.name.c_str(), ogr_type(f.type));
    if (layer->CreateField(&d) != OGRERR_NONE) throw OutputError(path, "cannot create field " + f.name);
  }
  return layer;
}

// A GeoPackage layer is created here and filled in bulk once GDAL has closed the file (gpkg_rows).
GpkgFill gpkg_layer(GDALDataset& ds, const Table& t, const std::string& path, const LayerOut& out,
                    std::optional<OGRwkbGeometryType> given = std::nullopt) {
  const OGRwkbGeometryType type = t.has_geometry ? given.value_or(common_type(t)) : wkbNone;
  OGRLayer* layer = create_layer(ds, t, type, path, out, true);
  GpkgFill fill{&t, {}, t.has_geometry ? layer->GetGeometryColumn() : "", layer->GetFIDColumn(), type, out.to_out};
  for (int i = 0; i < layer->GetLayerDefn()->GetFieldCount(); ++i)
    fill.columns.push_back(layer->GetLayerDefn()->GetFieldDefn(i)->GetNameRef());
  return fill;
}

// The table's rows as features of `layer` (made by create_layer from the same fields).
void write_features(OGRLayer& layer, const Table& t, OGRwkbGeometryType type, const std::string& path,
                    OGRCoordinateTransformation* to_out) {
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    OGRFeature feature(layer.GetLayerDefn());
    for (std::size_t i = 0; i < t.fields.size(); ++i) set_cell(feature, static_cast<int>(i), t.rows[r][i]);
    if (t.has_geometry && !t.wkt[r].empty())
      feature.SetGeometryDirectly(output_geometry(t.wkt[r], type, to_out, path, t.name, r).release());
    if (layer.CreateFeature(&feature) != OGRERR_NONE)
      throw OutputError(path, "layer " + t.name + ": cannot write row " + std::to_string(r) + ": " + CPLGetLastErrorMsg());
  }
}

// Other formats, and GeoPackages with WriteOptions::gdal_rows: feature by feature through GDAL
// (which then indexes a GeoPackage layer itself).
void write_layer(GDALDataset& ds, const Table& t, const std::string& path, const LayerOut& out) {
  const OGRwkbGeometryType type = t.has_geometry ? common_type(t) : wkbNone;
  OGRLayer* layer = create_layer(ds, t, type, path, out, false);
  if (ds.TestCapability(ODsCTransactions)) ds.StartTransaction();
  write_features(*layer, t, type, path, out.to_out);
  if (ds.TestCapability(ODsCTransactions) && ds.CommitTransaction() != OGRERR_NONE)
    throw OutputError(path, "layer " + t.name + ": cannot commit: " + CPLGetLastErrorMsg());
}

void add_styles(OGRLayer& styles, GDALDataset& ds, const std::vector<const LayerStyle*>& kept, const std::string& path,
                const std::string& date);

// The layer_styles table exactly as QGIS creates it when a style is saved to a GeoPackage
// (QgsOgrProviderUtils::saveStyle): QGIS looks a layer's default style up there by
// f_table_schema = '', f_table_name and f_geometry_column, the default first.
void write_layer_styles(GDALDataset& ds, const std::vector<const Table*>& tables, const std::vector<LayerStyle>& styles,
                        const std::string& path, const std::string& date) {
  std::vector<const LayerStyle*> kept;
  for (const LayerStyle& s : styles)
    for (const Table* t : tables)
      if (t->name == s.layer) kept.push_back(&s);
  if (kept.empty()) return;
  // An updated GeoPackage may have the table already (ours, or the one QGIS made): rows are added.
  if (OGRLayer* existing = ds.GetLayerByName("layer_styles")) return add_styles(*existing, ds, kept, path, date);
  char** options = CSLSetNameValue(nullptr, "FID", "id");
  OGRLayer* layer = ds.CreateLayer("layer_styles", nullptr, wkbNone, options);
  CSLDestroy(options);
  if (!layer) throw OutputError(path, std::string("cannot create layer_styles: ") + CPLGetLastErrorMsg());
  struct Column {
    const char* name;
    OGRFieldType type;
    int width;
  };
  const Column columns[] = {{"f_table_catalog", OFTString, 256}, {"f_table_schema", OFTString, 256},
                            {"f_table_name", OFTString, 256},    {"f_geometry_column", OFTString, 256},
                            {"styleName", OFTString, 30},        {"styleQML", OFTString, 0},
                            {"styleSLD", OFTString, 0},          {"useAsDefault", OFTInteger, 0},
                            {"description", OFTString, 0},       {"owner", OFTString, 30},
                            {"ui", OFTString, 30},               {"update_time", OFTDateTime, 0}};
  for (const Column& c : columns) {
    OGRFieldDefn d(c.name, c.type);
    d.SetWidth(c.width);
    if (c.type == OFTInteger) d.SetSubType(OFSTBoolean);
    if (c.type == OFTDateTime) d.SetDefault("CURRENT_TIMESTAMP");
    if (layer->CreateField(&d) != OGRERR_NONE) throw OutputError(path, std::string("cannot create layer_styles.") + c.name);
  }
  add_styles(*layer, ds, kept, path, date);
}

void add_styles(OGRLayer& styles, GDALDataset& ds, const std::vector<const LayerStyle*>& kept, const std::string& path,
                const std::string& date) {
  OGRLayer* layer = &styles;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0;
  float second = 0;
  std::sscanf(date.c_str(), "%d-%d-%dT%d:%d:%f", &year, &month, &day, &hour, &minute, &second);
  std::vector<std::string> has_default;
  for (const LayerStyle* s : kept) {
    OGRLayer* target = ds.GetLayerByName(s->layer.c_str());
    const bool first = std::find(has_default.begin(), has_default.end(), s->layer) == has_default.end();
    if (first) has_default.push_back(s->layer);
    OGRFeature f(layer->GetLayerDefn());
    f.SetField("f_table_catalog", "");
    f.SetField("f_table_schema", "");
    f.SetField("f_table_name", s->layer.c_str());
    f.SetField("f_geometry_column", target ? target->GetGeometryColumn() : "");
    f.SetField("styleName", s->name.c_str());
    f.SetField("styleQML", s->qml.c_str());
    f.SetField("styleSLD", s->sld.c_str());
    f.SetField("useAsDefault", first ? 1 : 0);
    f.SetField("description", s->description.c_str());
    f.SetField("owner", "");
    f.SetField(f.GetFieldIndex("update_time"), year, month, day, hour, minute, second, 100);
    if (layer->CreateFeature(&f) != OGRERR_NONE)
      throw OutputError(path, "cannot write the style of " + s->layer + ": " + CPLGetLastErrorMsg());
  }
}

// Fixes the GeoPackage's timestamps for the duration of a write, so that the same input gives the
// same bytes; a caller's own OGR_CURRENT_DATE is kept.
class FixedDate {
 public:
  FixedDate() {
    const char* set = CPLGetConfigOption("OGR_CURRENT_DATE", nullptr);
    date_ = set ? set : "2000-01-01T00:00:00.000Z";
    if (!set) CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", date_.c_str()), owned_ = true;
  }
  ~FixedDate() {
    if (owned_) CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", nullptr);
  }
  FixedDate(const FixedDate&) = delete;
  FixedDate& operator=(const FixedDate&) = delete;
  const std::string& date() const { return date_; }

 private:
  std::string date_;
  bool owned_ = false;
};

// An update in place: the layers about to be written are dropped first (GDAL removes their tables,
// R-trees, triggers and GeoPackage bookkeeping), and so are their styles.
void drop_layers(GDALDataset& ds, const std::vector<const Table*>& tables, const std::string& path) {
  std::string names;
  for (const Table* t : tables) {
    for (int i = 0; i < ds.GetLayerCount(); ++i)
      if (EQUAL(ds.GetLayer(i)->GetName(), t->name.c_str())) {
        if (ds.DeleteLayer(i) != OGRERR_NONE)
          throw OutputError(path, "cannot replace layer " + t->name + ": " + CPLGetLastErrorMsg());
        break;
      }
    std::string quoted = "'";
    for (char c : t->name)
      quoted += c == '\'' ? std::string("''") : std::string(1, static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    names += (names.empty() ? "" : ", ") + quoted + "'";
  }
  if (!ds.GetLayerByName("layer_styles") || names.empty()) return;
  CPLErrorReset();
  ds.ExecuteSQL(("DELETE FROM layer_styles WHERE lower(f_table_name) IN (" + names + ")").c_str(), nullptr, nullptr);
  if (CPLGetLastErrorType() >= CE_Failure)
    throw OutputError(path, std::string("cannot remove the replaced layers' styles: ") + CPLGetLastErrorMsg());
}

std::unique_ptr<GDALDataset> open_for_update(const std::string& file, const std::string& path) {
  const char* drivers[] = {"GPKG", nullptr};
  std::unique_ptr<GDALDataset> ds(
      GDALDataset::Open(file.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, drivers, nullptr, nullptr));
  if (!ds) throw OutputError(path, std::string("cannot be updated: not a GeoPackage: ") + CPLGetLastErrorMsg());
  return ds;
}

const LayerStyle* default_style(const std::vector<LayerStyle>& styles, const std::string& layer) {
  for (const LayerStyle& s : styles)
    if (s.layer == layer) return &s;
  return nullptr;
}

// GDAL picks the format by the driver, and some drivers look at the extension: the temporary
// file keeps it, hidden beside the target.
std::string temp_path_for(const std::string& path) {
  const fs::path p(path);
  std::string name = ".";
  name += p.stem().string();
  name += ".tmp-" + std::to_string(getpid());
  name += p.extension().string();
  return (p.parent_path() / name).string();
}

// GDAL lists a GeoPackage's layers in the order of gpkg_contents. The bulk writer's layers are
// registered when GDAL closes the file, after layer_styles and any layer the file had; a stream's
// layers are made first, and GDAL's own writer registers each layer as it is written. The rows are
// put in one order: the layers not in `names` (layer_styles, an updated file's other layers) as
// they were, then those of `names` in that order.
void order_contents(const sqlite::Db& db, const std::vector<std::string>& names) {
  db.exec("CREATE TEMP TABLE lc_order (name TEXT PRIMARY KEY, position INTEGER)");
  {
    sqlite::Statement add(db, "INSERT INTO lc_order VALUES (lower(?), ?)");
    for (std::size_t i = 0; i < names.size(); ++i) {
      sqlite3_bind_text(add.get(), 1, names[i].c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64(add.get(), 2, static_cast<sqlite3_int64>(i));
      add.run();
    }
  }
  for (const char* table : {"gpkg_contents", "gpkg_geometry_columns", "gpkg_ogr_contents"}) {
    const std::string t = sqlite::quoted(table);
    db.exec("CREATE TEMP TABLE lc_rows AS SELECT * FROM main." + t + " ORDER BY coalesce((SELECT position FROM lc_order "
            "WHERE name = lower(table_name)), -1), rowid; DELETE FROM main." + t + "; INSERT INTO main." + t +
            " SELECT * FROM lc_rows; DROP TABLE lc_rows");
  }
  db.exec("DROP TABLE lc_order");
}


// GDAL's own writer leaves the feature count of a layer it wrote no feature to unknown (NULL in
// gpkg_ogr_contents); the bulk writer counts every layer, so the counts are filled in.
void count_unknown_features(const sqlite::Db& db) {
  std::vector<std::string> tables;
  {
    sqlite::Statement q(db, "SELECT table_name FROM gpkg_ogr_contents WHERE feature_count IS NULL");
    while (q.step()) tables.push_back(reinterpret_cast<const char*>(sqlite3_column_text(q.get(), 0)));
  }
  for (const std::string& t : tables) {
    sqlite::Statement set(db, "UPDATE gpkg_ogr_contents SET feature_count = (SELECT count(*) FROM " + sqlite::quoted(t) +
                                  ") WHERE table_name = ?");
    sqlite3_bind_text(set.get(), 1, t.c_str(), -1, SQLITE_TRANSIENT);
    set.run();
  }
}

}  // namespace

std::string format_cell(const Cell& c) {
  if (std::holds_alternative<std::string>(c)) return std::get<std::string>(c);
  if (std::holds_alternative<long long>(c)) return std::to_string(std::get<long long>(c));
  if (std::holds_alternative<double>(c)) {
    const double v = std::get<double>(c);
    if (!std::isfinite(v)) return "";
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    if (std::abs(v) >= 1e5) std::snprintf(buf, sizeof buf, "%.1f", v);  // no exponents for people counts
    return buf;
  }
  return "";
}

bool gdal_rows_by_default() {
  const char* writer = std::getenv("LIFECIRCLE_GPKG_WRITER");
  return writer && std::string_view(writer) == "gdal";
}

std::string sidecar_qml_path(const std::string& path) {
  return fs::path(path).replace_extension(".qml").string();
}

void write_tables(const std::string& path, const std::vector<const Table*>& tables, bool overwrite,
                  const WriteOptions& options) {
  if (is_postgis(path)) return write_postgis(path, tables, overwrite || options.update, options);
  const std::string driver_name = driver_for(path);
  if (tables.size() > 1 && driver_name != "GPKG")
    throw UsageError(path + ": several layers need a GeoPackage (.gpkg)");
  if (options.update && driver_name != "GPKG")
    throw UsageError(path + ": only a GeoPackage (.gpkg) takes results as added layers");
  check_writable(path, overwrite, options.update);
  const bool in_place = options.update && fs::exists(path);
  if (in_place) {
    std::vector<std::string> names;
    for (const Table* t : tables) names.push_back(t->name);
    check_update_keeps_inputs(path, names);
  }
  // The updated file is written beside the one a symlink points to, so that the link still does.
  const std::string target = in_place ? fs::canonical(path).string() : path;
  ensure_gdal();
  OGRSpatialReference out_srs = srs_of(options.out_epsg);
  std::unique_ptr<OGRCoordinateTransformation> to_out;
  if (options.out_epsg != 4326) {
    const OGRSpatialReference wgs84 = srs_of(4326);
    to_out.reset(OGRCreateCoordinateTransformation(&wgs84, &out_srs));
    if (!to_out) throw UsageError(FieldText{"{out_crs}: no transformation from WGS84 to EPSG:" + std::to_string(options.out_epsg), {"out_crs"}});
  }
  // Single-layer files carry their default style beside them, written as atomically as the data.
  const LayerStyle* sidecar = driver_name == "GeoJSON" || driver_name == "FlatGeobuf"
                                  ? (tables.size() == 1 ? default_style(options.styles, tables[0]->name) : nullptr)
                                  : nullptr;
  std::unique_ptr<AtomicFile> qml;
  if (sidecar) {
    qml = std::make_unique<AtomicFile>(sidecar_qml_path(path), overwrite);
    qml->write(sidecar->qml);
  }
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driver_name.c_str());
  if (!driver) throw OutputError(path, "GDAL has no " + driver_name + " driver");
  remove_stale_temps(target);
  const std::string temp = temp_path_for(target);
  fs::remove(temp);
  std::optional<GpkgSnapshot> snapshot;
  try {
    CPLErrorReset();
    const FixedDate date;
    if (in_place) snapshot.emplace(target, temp, path);
    std::unique_ptr<GDALDataset> ds(in_place ? open_for_update(temp, path).release()
                                             : driver->Create(temp.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) throw OutputError(path, std::string("cannot create: ") + CPLGetLastErrorMsg());
    if (in_place) drop_layers(*ds, tables, path);
    std::vector<GpkgFill> gpkg;
    for (const Table* t : tables) {
      std::string description = t->description;
      if (!options.provenance.empty()) description += (description.empty() ? "" : "\n") + options.provenance;
      const LayerOut out{&out_srs, to_out.get(), description};
      if (driver_name == "GPKG" && !options.gdal_rows) gpkg.push_back(gpkg_layer(*ds, *t, path, out));
      else write_layer(*ds, *t, path, out);
    }
    if (driver_name == "GPKG") write_layer_styles(*ds, tables, options.styles, path, date.date());
    ds->FlushCache();
    ds.reset();  // closing writes the file out; a failure then (full disk) is only reported
    if (CPLGetLastErrorType() >= CE_Failure)
      throw OutputError(path, std::string("cannot finish writing: ") + CPLGetLastErrorMsg());
    if (!gpkg.empty()) fill_gpkg(temp, path, gpkg);
    if (driver_name == "GPKG" && options.gdal_rows) {
      const sqlite::Db db(temp, path);
      std::vector<std::string> names;
      for (const Table* t : tables) names.push_back(t->name);
      order_contents(db, names);
      count_unknown_features(db);
    }
    sync_file(temp, path);
    if (snapshot) {
      snapshot->replace_with(temp);
    } else {
      std::error_code ec;
      fs::rename(temp, path, ec);
      if (ec) throw OutputError(path, "cannot move the finished file into place: " + ec.message());
    }
  } catch (...) {
    for (const char* side : {"", "-journal", "-wal", "-shm"}) {  // SQLite's beside a GeoPackage
      std::error_code ec;
      fs::remove(temp + side, ec);
    }
    try {
      throw;
    } catch (const OutputError& e) {  // GDAL's message rarely says that the disk or a limit is full
      std::string what = e.what();
      if (what.rfind(path + ": ", 0) == 0) what.erase(0, path.size() + 2);
      throw OutputError(path, what + space_hint(path));
    }
  }
  if (qml) qml->commit();
}

namespace {

std::string describe(const Table& t, const WriteOptions& options) {
  std::string description = t.description;
  if (!options.provenance.empty()) description += (description.empty() ? "" : "\n") + options.provenance;
  return description;
}

// GDAL's and SQLite's messages rarely say that the disk or a limit is full.
OutputError with_hint(const std::string& path, const OutputError& e) {
  std::string what = e.what();
  if (what.rfind(path + ": ", 0) == 0) what.erase(0, path.size() + 2);
  return OutputError(path, what + space_hint(path));
}

void remove_temp(const std::string& temp) {
  for (const char* side : {"", "-journal", "-wal", "-shm"}) {  // SQLite's beside a GeoPackage
    std::error_code ec;
    fs::remove(temp + side, ec);
  }
}

}  // namespace

struct GpkgStream::Impl {
  std::string path, temp;
  WriteOptions options;
  OGRSpatialReference out_srs;
  std::unique_ptr<OGRCoordinateTransformation> to_out;
  std::vector<Table> schemas;  // the streamed layers, no rows
  std::unique_ptr<sqlite::Db> db;
  std::vector<std::unique_ptr<GpkgLayerRows>> rows;  // parallel to schemas
  PointCache points;  // the RowBlocks' points, shared by the layers
  // WriteOptions::gdal_rows: the file stays open in GDAL, rows go in as features (one transaction
  // until finish), GDAL indexes them.
  std::unique_ptr<GDALDataset> ds;
  std::vector<OGRLayer*> layers;  // parallel to schemas
  std::vector<OGRwkbGeometryType> types;
  bool done = false;

  void close() {  // what the file has open, before it is removed or renamed
    rows.clear();
    db.reset();
    layers.clear();
    ds.reset();
  }
  void append_features(std::size_t i, const Table& rows);
};

void GpkgStream::Impl::append_features(std::size_t i, const Table& t) {
  const FixedDate date;
  CPLErrorReset();
  write_features(*layers[i], t, types[i], path, to_out.get());
}

GpkgStream::GpkgStream(const std::string& path, const std::vector<StreamedLayer>& layers, bool overwrite,
                       const WriteOptions& options)
    : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  if (driver_for(path) != "GPKG") throw UsageError(path + ": only a GeoPackage (.gpkg) is written while it is computed");
  if (options.update) throw UsageError(path + ": a streamed GeoPackage is always a new file");
  check_writable(path, overwrite);
  m.path = path;
  m.options = options;
  ensure_gdal();
  m.out_srs = srs_of(options.out_epsg);
  if (options.out_epsg != 4326) {
    const OGRSpatialReference wgs84 = srs_of(4326);
    m.to_out.reset(OGRCreateCoordinateTransformation(&wgs84, &m.out_srs));
    if (!m.to_out) throw UsageError(FieldText{"{out_crs}: no transformation from WGS84 to EPSG:" + std::to_string(options.out_epsg), {"out_crs"}});
  }
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
  if (!driver) throw OutputError(path, "GDAL has no GPKG driver");
  remove_stale_temps(path);
  m.temp = temp_path_for(path);
  fs::remove(m.temp);
  for (const StreamedLayer& l : layers) {
    Table t{l.schema->name, l.schema->description, l.schema->fields, l.schema->has_geometry, {}, {}};
    m.schemas.push_back(std::move(t));
  }
  try {
    CPLErrorReset();
    std::vector<GpkgFill> fills;
    if (options.gdal_rows) {
      const FixedDate date;
      m.ds.reset(driver->Create(m.temp.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
      if (!m.ds) throw OutputError(path, std::string("cannot create: ") + CPLGetLastErrorMsg());
      for (std::size_t i = 0; i < layers.size(); ++i) {
        const LayerOut out{&m.out_srs, m.to_out.get(), describe(m.schemas[i], options)};
        m.types.push_back(m.schemas[i].has_geometry ? type_of_word(layers[i].geometry) : wkbNone);
        m.layers.push_back(create_layer(*m.ds, m.schemas[i], m.types[i], path, out, false));
      }
      if (m.ds->StartTransaction() != OGRERR_NONE) throw OutputError(path, std::string("cannot start writing: ") + CPLGetLastErrorMsg());
      return;
    }
    {
      const FixedDate date;
      std::unique_ptr<GDALDataset> ds(driver->Create(m.temp.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
      if (!ds) throw OutputError(path, std::string("cannot create: ") + CPLGetLastErrorMsg());
      for (std::size_t i = 0; i < layers.size(); ++i) {
        const LayerOut out{&m.out_srs, m.to_out.get(), describe(m.schemas[i], options)};
        const OGRwkbGeometryType type = type_of_word(layers[i].geometry);
        fills.push_back(gpkg_layer(*ds, m.schemas[i], path, out, type));
      }
      ds->FlushCache();
      ds.reset();
      if (CPLGetLastErrorType() >= CE_Failure)
        throw OutputError(path, std::string("cannot finish writing: ") + CPLGetLastErrorMsg());
    }
    m.db = std::make_unique<sqlite::Db>(m.temp, path);
    m.db->exec("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -65536; BEGIN");
    for (const GpkgFill& f : fills) m.rows.push_back(std::make_unique<GpkgLayerRows>(*m.db, f, path));
  } catch (const OutputError& e) {
    m.close();
    remove_temp(m.temp);
    throw with_hint(path, e);
  } catch (...) {
    m.close();
    remove_temp(m.temp);
    throw;
  }
}

GpkgStream::~GpkgStream() {
  if (impl_->done) return;
  impl_->close();
  remove_temp(impl_->temp);
}

void GpkgStream::append(const Table& rows) {
  Impl& m = *impl_;
  for (std::size_t i = 0; i < m.schemas.size(); ++i)
    if (m.schemas[i].name == rows.name) {
      if (rows.fields.size() != m.schemas[i].fields.size())
        throw std::logic_error("GpkgStream: rows of " + rows.name + " do not have the layer's fields");
      try {
        if (m.ds) return m.append_features(i, rows);
        return m.rows[i]->append(rows);
      } catch (const OutputError& e) {
        throw with_hint(m.path, e);  // the temporary file goes with the stream
      }
    }
  throw std::logic_error("GpkgStream: no streamed layer " + rows.name);
}

void GpkgStream::append(const RowBlock& rows) {
  Impl& m = *impl_;
  for (std::size_t i = 0; i < m.schemas.size(); ++i)
    if (m.schemas[i].name == rows.name) {
      if (rows.width != m.schemas[i].fields.size())
        throw std::logic_error("GpkgStream: rows of " + rows.name + " do not have the layer's fields");
      try {
        if (m.ds) {
          Table t{rows.name, "", m.schemas[i].fields, m.schemas[i].has_geometry, {}, {}};
          append_rows(t, rows);
          return m.append_features(i, t);
        }
        return m.rows[i]->append(rows, m.points);
      } catch (const OutputError& e) {
        throw with_hint(m.path, e);  // the temporary file goes with the stream
      }
    }
  throw std::logic_error("GpkgStream: no streamed layer " + rows.name);
}

void GpkgStream::finish(const std::vector<const Table*>& tables, const std::vector<LayerStyle>& styles) {
  Impl& m = *impl_;
  const std::string& path = m.path;
  try {
    for (auto& r : m.rows) r->finish();
    if (m.db) m.db->exec("COMMIT");
    m.rows.clear();
    m.db.reset();
    auto streamed = [&](const Table* t) {
      return std::any_of(m.schemas.begin(), m.schemas.end(), [&](const Table& s) { return s.name == t->name; });
    };
    std::vector<GpkgFill> fills;
    {
      CPLErrorReset();
      const FixedDate date;
      if (m.ds && m.ds->CommitTransaction() != OGRERR_NONE)
        throw OutputError(path, std::string("cannot commit: ") + CPLGetLastErrorMsg());
      std::unique_ptr<GDALDataset> ds = m.ds ? std::move(m.ds) : open_for_update(m.temp, path);
      m.layers.clear();
      for (const Table* t : tables) {
        if (streamed(t)) continue;
        const LayerOut out{&m.out_srs, m.to_out.get(), describe(*t, m.options)};
        if (m.options.gdal_rows) write_layer(*ds, *t, path, out);
        else fills.push_back(gpkg_layer(*ds, *t, path, out));
      }
      write_layer_styles(*ds, tables, styles, path, date.date());
      ds->FlushCache();
      ds.reset();
      if (CPLGetLastErrorType() >= CE_Failure)
        throw OutputError(path, std::string("cannot finish writing: ") + CPLGetLastErrorMsg());
    }
    if (!fills.empty()) fill_gpkg(m.temp, path, fills);
    {
      const sqlite::Db db(m.temp, path);
      std::vector<std::string> names;
      for (const Table* t : tables) names.push_back(t->name);
      order_contents(db, names);
      if (m.options.gdal_rows) count_unknown_features(db);
    }
    sync_file(m.temp, path);
    std::error_code ec;
    fs::rename(m.temp, path, ec);
    if (ec) throw OutputError(path, "cannot move the finished file into place: " + ec.message());
    m.done = true;
  } catch (const OutputError& e) {
    m.close();
    remove_temp(m.temp);
    m.done = true;
    throw with_hint(path, e);
  }
}

namespace {

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

}  // namespace

void write_csv(const std::string& path, const Table& t, bool overwrite) {
  AtomicFile out(path, overwrite);
  std::string line;
  for (std::size_t i = 0; i < t.fields.size(); ++i) line += (i ? "," : "") + csv_field(t.fields[i].name);
  out.write(line + "\n");
  for (const auto& row : t.rows) {
    line.clear();
    for (std::size_t i = 0; i < row.size(); ++i) line += (i ? "," : "") + csv_field(format_cell(row[i]));
    out.write(line + "\n");
  }
  out.commit();
}

}  // namespace lc::io
