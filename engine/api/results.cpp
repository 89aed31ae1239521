// api: results written by the path's format (results.hpp).
#include "api/results.hpp"

#include <lifecircle/error.hpp>

#include "access/gap_areas.hpp"
#include "core/error.hpp"
#include "io/crs.hpp"
#include "report/styles.hpp"

namespace lc::api {

namespace {

io::WriteOptions write_options(const ResultOptions& o) {
  io::WriteOptions w;
  w.out_epsg = out_epsg(o.out_crs);
  w.update = o.update;
  w.provenance = o.provenance;
  return w;
}

}  // namespace

int out_epsg(const std::string& out_crs) {
  if (out_crs.empty()) return 4326;
  try {
    return io::parse_epsg(out_crs);
  } catch (const UsageError&) {
    throw UsageError(lifecircle::FieldText{"{out_crs}: expected EPSG:N, got '" + out_crs + "'", {"out_crs"}});
  }
}

void write_result(const std::string& path, const std::vector<const io::Table*>& tables, const ResultOptions& options) {
  if (path.ends_with(".csv")) {
    if (options.update) throw UsageError(path + ": only a GeoPackage (.gpkg) takes results as added layers");
    if (tables.size() != 1) throw UsageError(path + ": several layers need a GeoPackage (.gpkg)");
    io::write_csv(path, *tables[0], options.overwrite);  // a table: lon/lat columns, no geometry, no CRS
    return;
  }
  io::WriteOptions w = write_options(options);
  w.styles = report::layer_styles(tables);
  io::write_tables(path, tables, options.overwrite, w);
}

std::vector<std::string> write_result_folder(const std::string& dir, const std::vector<const io::Table*>& tables,
                                             const ResultOptions& options) {
  std::vector<std::string> written;
  ResultOptions each = options;
  each.update = false;
  for (const io::Table* table : tables) {
    const io::Table& t = *table;
    const bool outlined = access::is_outlined(t);
    const io::Table flat = outlined ? io::Table{t.name, t.description, t.fields, false, t.rows, {}} : io::Table{};
    const io::Table& w = outlined ? flat : t;
    written.push_back(dir + "/" + t.name + (w.has_geometry ? ".geojson" : ".csv"));
    write_result(written.back(), {&w}, each);
  }
  return written;
}

std::unique_ptr<io::GpkgStream> open_result_stream(const std::string& path, const std::vector<const io::Table*>& streamed,
                                                   const ResultOptions& options) {
  std::vector<io::StreamedLayer> layers;
  for (const io::Table* t : streamed) layers.push_back({t, "POINT"});
  return std::make_unique<io::GpkgStream>(path, layers, options.overwrite, write_options(options));
}

void finish_result_stream(io::GpkgStream& stream, const std::vector<const io::Table*>& tables,
                          const std::vector<const io::Table*>& style_tables) {
  stream.finish(tables, report::layer_styles(style_tables));
}

}  // namespace lc::api
