// tools: the lifecircle command line. Each subcommand lives in its own cmd_*.cpp; this file owns
// the one place where errors become exit codes (0 ok, 2 bad arguments, 3 bad input data,
// 4 output failure, 1 anything unexpected).
#include <CLI/CLI.hpp>

#include <cstdio>

#include "cmd_checklist.hpp"
#include "cmd_convert.hpp"
#include "cmd_coverage.hpp"
#include "cmd_isochrones.hpp"
#include "cmd_reach.hpp"
#include "cmd_site.hpp"
#include "cmd_synth.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "outputs.hpp"

int main(int argc, char** argv) {
  lc::tools::remember_command_line(argc, argv);
  CLI::App app{"lifecircle: fifteen-minute community life-circle analysis"};
  app.require_subcommand(1);
  app.fallthrough();  // -q/--quiet may follow the subcommand too
  bool quiet = false;
  app.add_flag("-q,--quiet", quiet, "Only warnings and errors");
  app.parse_complete_callback([&] { lc::log::set_level(quiet ? lc::log::Level::quiet : lc::log::Level::normal); });
  lc::tools::setup_reach(app);
  lc::tools::setup_coverage(app);
  lc::tools::setup_site(app);
  lc::tools::setup_isochrones(app);
  lc::tools::setup_checklist(app);
  lc::tools::setup_convert(app);
  lc::tools::setup_synth(app);
  try {
    app.parse(argc, argv);
    return 0;
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : static_cast<int>(lc::ErrorKind::usage);
  } catch (const lc::Error& e) {
    std::fprintf(stderr, "lifecircle: error: %s\n", e.what());
    return e.exit_code();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "lifecircle: internal error: %s\n", e.what());
    return 1;
  }
}
