#include "cmd_synth.hpp"

#include <cstdint>
#include <memory>
#include <string>

#include "access/catalog.hpp"
#include "commands.hpp"
#include "core/log.hpp"
#include "data_paths.hpp"
#include "synth/folder.hpp"
#include "synth/wuhai.hpp"

namespace lc::tools {

namespace {

struct SynthCmdOptions {
  std::string out, catalog;
  std::uint64_t seed = synth::SynthOptions{}.seed;
  bool overwrite = false;
};

void run_synth_wuhai(const SynthCmdOptions& o) {
  const synth::WrittenWuhai w =
      synth::write_wuhai(o.out, access::load_catalog(o.catalog.empty() ? default_catalog() : o.catalog), o.seed, o.overwrite);
  std::string counts;
  for (const auto& t : w.tables) counts += (counts.empty() ? "" : ", ") + t.name + " " + std::to_string(t.rows.size());
  log::info("SYNTHETIC Wuhai (seed " + std::to_string(o.seed) + ", generated in " + std::to_string(static_cast<int>(w.generate_ms)) +
            " ms): " + counts);
  log::info("wrote " + w.gpkg + " and " + w.readme);
}

struct MetropolisCmdOptions {
  std::string out, catalog;
  std::uint64_t cells = 0;
  std::uint64_t seed = synth::MetropolisOptions{}.seed;
  bool overwrite = false;
};

void run_synth_metropolis(const MetropolisCmdOptions& o) {
  const synth::WrittenMetropolis w = synth::write_metropolis(
      o.out, access::load_catalog(o.catalog.empty() ? default_catalog() : o.catalog), o.cells, o.seed, o.overwrite);
  const synth::Metropolis& m = w.city;
  log::info("SYNTHETIC metropolis (seed " + std::to_string(o.seed) + "): " + std::to_string(m.side) + " x " +
            std::to_string(m.side) + " nodes and cells, " + std::to_string(m.layers[1].rows.size()) + " facilities");
  log::info("wrote " + w.gpkg + ", " + w.raster + " and " + w.readme);
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
