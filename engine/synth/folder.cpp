// lc::synth: the synthetic cities written to a folder (folder.hpp).
#include "synth/folder.hpp"

#include <chrono>
#include <filesystem>

#include "core/error.hpp"
#include "io/atomic_file.hpp"
#include "io/table_writer.hpp"
#include "synth/wuhai.hpp"

namespace lc::synth {

namespace {

namespace fs = std::filesystem;

std::string in_folder(const std::string& dir, const char* name) {
  if (!fs::is_directory(dir)) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw OutputError(dir, "cannot create folder: " + ec.message());
  }
  return (fs::path(dir) / name).string();
}

void write_layers(const std::string& gpkg, const std::vector<io::Table>& tables, bool overwrite) {
  std::vector<const io::Table*> ptrs;
  for (const auto& t : tables) ptrs.push_back(&t);
  io::write_tables(gpkg, ptrs, overwrite);
}

void write_text(const std::string& path, const std::string& text, bool overwrite) {
  io::AtomicFile file(path, overwrite);
  file.write(text);
  file.commit();
}

}  // namespace

WrittenWuhai write_wuhai(const std::string& dir, const access::Catalog& catalog, std::uint64_t seed, bool overwrite) {
  WrittenWuhai w;
  w.gpkg = in_folder(dir, "wuhai.gpkg");
  w.readme = in_folder(dir, "README.md");
  io::check_writable(w.gpkg, overwrite);
  io::check_writable(w.readme, overwrite);
  const auto t0 = std::chrono::steady_clock::now();
  w.tables = synth_wuhai(catalog, {seed});
  w.generate_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  write_layers(w.gpkg, w.tables, overwrite);
  write_text(w.readme, wuhai_readme(w.tables, catalog, seed), overwrite);
  return w;
}

WrittenMetropolis write_metropolis(const std::string& dir, const access::Catalog& catalog, std::uint64_t cells,
                                   std::uint64_t seed, bool overwrite) {
  WrittenMetropolis w;
  w.gpkg = in_folder(dir, "metropolis.gpkg");
  w.raster = in_folder(dir, "population.tif");
  w.readme = in_folder(dir, "README.md");
  for (const std::string& f : {w.gpkg, w.raster, w.readme}) io::check_writable(f, overwrite);
  w.city = synth_metropolis(catalog, {cells, seed});
  write_layers(w.gpkg, w.city.layers, overwrite);
  write_population_raster(w.city, w.raster, overwrite);
  write_text(w.readme, metropolis_readme(w.city, catalog, cells, seed), overwrite);
  return w;
}

}  // namespace lc::synth
