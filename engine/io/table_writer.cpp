#include "io/table_writer.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "core/error.hpp"
#include "io/atomic_file.hpp"
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

void write_layer(GDALDataset& ds, const Table& t, const std::string& path) {
  OGRSpatialReference wgs84;
  wgs84.importFromEPSG(4326);
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  char** options = nullptr;
  if (!t.description.empty()) options = CSLSetNameValue(options, "DESCRIPTION", t.description.c_str());
  OGRLayer* layer = ds.CreateLayer(t.name.c_str(), t.has_geometry ? &wgs84 : nullptr,
                                   t.has_geometry ? wkbUnknown : wkbNone, options);
  CSLDestroy(options);
  if (!layer) throw OutputError(path, "cannot create layer " + t.name + ": " + CPLGetLastErrorMsg());
  for (const auto& f : t.fields) {
    OGRFieldDefn d(f.name.c_str(), ogr_type(f.type));
    if (layer->CreateField(&d) != OGRERR_NONE) throw OutputError(path, "cannot create field " + f.name);
  }
  if (ds.TestCapability(ODsCTransactions)) ds.StartTransaction();
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    OGRFeature feature(layer->GetLayerDefn());
    for (std::size_t i = 0; i < t.fields.size(); ++i) set_cell(feature, static_cast<int>(i), t.rows[r][i]);
    if (t.has_geometry && !t.wkt[r].empty()) {
      OGRGeometry* g = nullptr;
      if (OGRGeometryFactory::createFromWkt(t.wkt[r].c_str(), &wgs84, &g) != OGRERR_NONE)
        throw OutputError(path, "layer " + t.name + ": bad geometry in row " + std::to_string(r));
      feature.SetGeometryDirectly(g);
    }
    if (layer->CreateFeature(&feature) != OGRERR_NONE)
      throw OutputError(path, "layer " + t.name + ": cannot write row " + std::to_string(r) + ": " + CPLGetLastErrorMsg());
  }
  if (ds.TestCapability(ODsCTransactions) && ds.CommitTransaction() != OGRERR_NONE)
    throw OutputError(path, "layer " + t.name + ": cannot commit: " + CPLGetLastErrorMsg());
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

void write_tables(const std::string& path, const std::vector<const Table*>& tables, bool overwrite) {
  const std::string driver_name = driver_for(path);
  if (tables.size() > 1 && driver_name != "GPKG")
    throw UsageError(path + ": several layers need a GeoPackage (.gpkg)");
  check_writable(path, overwrite);
  ensure_gdal();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driver_name.c_str());
  if (!driver) throw OutputError(path, "GDAL has no " + driver_name + " driver");
  remove_stale_temps(path);
  const std::string temp = temp_path_for(path);
  fs::remove(temp);
  try {
    CPLErrorReset();
    std::unique_ptr<GDALDataset> ds(driver->Create(temp.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) throw OutputError(path, std::string("cannot create: ") + CPLGetLastErrorMsg());
    for (const Table* t : tables) write_layer(*ds, *t, path);
    ds->FlushCache();
    ds.reset();  // closing writes the file out; a failure then (full disk) is only reported
    if (CPLGetLastErrorType() >= CE_Failure)
      throw OutputError(path, std::string("cannot finish writing: ") + CPLGetLastErrorMsg());
    sync_file(temp, path);
    std::error_code ec;
    fs::rename(temp, path, ec);
    if (ec) throw OutputError(path, "cannot move the finished file into place: " + ec.message());
  } catch (...) {
    for (const char* side : {"", "-journal", "-wal", "-shm"}) {  // SQLite's beside a GeoPackage
      std::error_code ec;
      fs::remove(temp + side, ec);
    }
    try {
      throw;
    } catch (const OutputError& e) {  // GDAL's message rarely says that the disk or a limit is full
      throw Error(ErrorKind::output, e.what() + space_hint(path));
    }
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
