#include "cmd_synth.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "commands.hpp"
#include "access/catalog.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "data_paths.hpp"
#include "io/atomic_file.hpp"
#include "io/table_writer.hpp"
#include "synth/metropolis.hpp"
#include "synth/wuhai.hpp"

namespace lc::tools {

namespace {

struct SynthCmdOptions {
  std::string out, catalog;
  std::uint64_t seed = synth::SynthOptions{}.seed;
  bool overwrite = false;
};

void run_synth_wuhai(const SynthCmdOptions& o) {
  namespace fs = std::filesystem;
  if (!fs::is_directory(o.out)) {
    std::error_code ec;
    fs::create_directories(o.out, ec);
    if (ec) throw OutputError(o.out, "cannot create folder: " + ec.message());
  }
  const std::string gpkg = (fs::path(o.out) / "wuhai.gpkg").string();
  const std::string md = (fs::path(o.out) / "README.md").string();
  io::check_writable(gpkg, o.overwrite);
  io::check_writable(md, o.overwrite);
  const access::Catalog catalog = access::load_catalog(o.catalog.empty() ? default_catalog() : o.catalog);
  const auto t0 = std::chrono::steady_clock::now();
  const std::vector<io::Table> tables = synth::synth_wuhai(catalog, {o.seed});
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  std::vector<const io::Table*> ptrs;
  for (const auto& t : tables) ptrs.push_back(&t);
  io::write_tables(gpkg, ptrs, o.overwrite);
  io::AtomicFile readme_file(md, o.overwrite);
  readme_file.write(synth::wuhai_readme(tables, catalog, o.seed));
  readme_file.commit();
  std::string counts;
  for (const auto& t : tables) counts += (counts.empty() ? "" : ", ") + t.name + " " + std::to_string(t.rows.size());
  log::info("SYNTHETIC Wuhai (seed " + std::to_string(o.seed) + ", generated in " + std::to_string(static_cast<int>(ms)) +
            " ms): " + counts);
  log::info("wrote " + gpkg + " and " + md);
}

struct MetropolisCmdOptions {
  std::string out, catalog;
  std::uint64_t cells = 0;
  std::uint64_t seed = synth::MetropolisOptions{}.seed;
  bool overwrite = false;
};

void run_synth_metropolis(const MetropolisCmdOptions& o) {
  namespace fs = std::filesystem;
  if (!fs::is_directory(o.out)) {
    std::error_code ec;
    fs::create_directories(o.out, ec);
    if (ec) throw OutputError(o.out, "cannot create folder: " + ec.message());
  }
  const std::string gpkg = (fs::path(o.out) / "metropolis.gpkg").string();
  const std::string tif = (fs::path(o.out) / "population.tif").string();
  const std::string md = (fs::path(o.out) / "README.md").string();
  for (const std::string& f : {gpkg, tif, md}) io::check_writable(f, o.overwrite);
  const access::Catalog catalog = access::load_catalog(o.catalog.empty() ? default_catalog() : o.catalog);
  const synth::Metropolis m = synth::synth_metropolis(catalog, {o.cells, o.seed});
  std::vector<const io::Table*> ptrs;
  for (const auto& t : m.layers) ptrs.push_back(&t);
  io::write_tables(gpkg, ptrs, o.overwrite);
  synth::write_population_raster(m, tif, o.overwrite);
  io::AtomicFile readme_file(md, o.overwrite);
  readme_file.write(synth::metropolis_readme(m, catalog, o.cells, o.seed));
  readme_file.commit();
  log::info("SYNTHETIC metropolis (seed " + std::to_string(o.seed) + "): " + std::to_string(m.side) + " x " +
            std::to_string(m.side) + " nodes and cells, " + std::to_string(m.layers[1].rows.size()) + " facilities");
  log::info("wrote " + gpkg + ", " + tif + " and " + md);
}

}  // namespace

void setup_synth(CLI::App& app, CommandActions& actions) {
  auto opt = std::make_shared<SynthCmdOptions>();
  CLI::App* cmd = app.add_subcommand("synth", "Generate synthetic cities (clearly marked as not real data)");
  cmd->require_subcommand(1);
  CLI::App* wuhai = cmd->add_subcommand("wuhai", "A synthetic Wuhai: districts, river, streets, compounds, gates, facilities");
  wuhai->add_option("--out", opt->out, "Folder for wuhai.gpkg and README.md (created if missing)")->required();
  wuhai->add_option("--seed", opt->seed, "Random seed; the same seed gives the same data")->capture_default_str();
  wuhai->add_option("--catalog", opt->catalog, "Category catalog: the categories whose facilities are invented")
      ->default_str(default_catalog());
  wuhai->add_flag("--overwrite", opt->overwrite, "Replace existing files");
  actions.on_run(*wuhai, [opt] { run_synth_wuhai(*opt); });
  auto mo = std::make_shared<MetropolisCmdOptions>();
  CLI::App* metro = cmd->add_subcommand(
      "metropolis", "A synthetic metropolis for scale runs: a 100 m street lattice, a population raster, cells/400 facilities per category");
  metro->add_option("--cells", mo->cells, "About this many raster cells and street nodes (the lattice side is round(sqrt(N)))")->required();
  metro->add_option("--out", mo->out, "Folder for metropolis.gpkg, population.tif and README.md (created if missing)")->required();
  metro->add_option("--seed", mo->seed, "Random seed; the same seed gives the same data")->capture_default_str();
  metro->add_option("--catalog", mo->catalog, "Category catalog: the categories whose facilities are invented")
      ->default_str(default_catalog());
  metro->add_flag("--overwrite", mo->overwrite, "Replace existing files");
  actions.on_run(*metro, [mo] { run_synth_metropolis(*mo); });
}

}  // namespace lc::tools
