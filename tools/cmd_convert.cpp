#include "cmd_convert.hpp"

#include <memory>
#include <string>

#include "commands.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "io/convert_file.hpp"

namespace lc::tools {

namespace {

struct ConvertOptions {
  std::string from, to, in, out;
  bool overwrite = false;
};

void run_convert(const ConvertOptions& o) {
  const io::ChineseDatum from = io::parse_chinese_datum(o.from);  // UsageError on a bad name
  const io::ChineseDatum to = io::parse_chinese_datum(o.to);
  if (from == to)
    throw UsageError(std::string("--from and --to are both ") + io::to_string(from) + ": nothing to convert");
  io::convert_vector_file(o.in, o.out, from, to, o.overwrite);
  log::info(std::string("wrote ") + o.out + " (" + io::to_string(from) + " -> " + io::to_string(to) + ")");
}

}  // namespace

void setup_convert(CLI::App& app, CommandActions& actions) {
  auto opt = std::make_shared<ConvertOptions>();
  CLI::App* cmd = app.add_subcommand(
      "convert", "Convert a vector file between WGS84, GCJ-02 (Amap/Tencent) and BD-09 (Baidu) coordinates");
  cmd->add_option("--from", opt->from, "Coordinates of IN: wgs84, gcj02 or bd09")->required();
  cmd->add_option("--to", opt->to, "Coordinates of OUT: wgs84, gcj02 or bd09")->required();
  cmd->add_flag("--overwrite", opt->overwrite, "Replace an existing output file");
  cmd->add_option("IN", opt->in, "Input: any GDAL vector source in lon/lat (all layers are converted)")->required();
  cmd->add_option("OUT", opt->out, "Output; the format follows the extension (.gpkg, .geojson, .fgb, .shp, .csv...)")
      ->required();
  actions.on_run(*cmd, [opt] { run_convert(*opt); });
}

}  // namespace lc::tools
