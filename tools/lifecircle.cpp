// tools: the lifecircle command line. Each subcommand lives in its own cmd_*.cpp; this file owns
// the one place where errors become exit codes (0 ok, 2 bad arguments, 3 bad input data,
// 4 output failure, 1 anything unexpected).
#include <CLI/CLI.hpp>

#include <csignal>
#include <cstdio>
#include <sstream>

#include "build_version.hpp"
#include "cli_errors.hpp"
#include "cmd_run.hpp"
#include "commands.hpp"
#include "outputs.hpp"
#include "core/error.hpp"
#include "core/context.hpp"
#include "core/redact.hpp"
#include "io/vector_reader.hpp"

int main(int argc, char** argv) {
  // Past a file size limit (ulimit -f) the kernel would kill the process with SIGXFSZ before any
  // message; ignored, the write fails with EFBIG instead, the writers (io/atomic_file,
  // io/table_writer) report it as an output error naming the file, and the earlier output stays.
  std::signal(SIGXFSZ, SIG_IGN);
  lc::tools::remember_command_line(argc, argv);
  CLI::App app{"lifecircle: fifteen-minute community life-circle analysis"};
  app.require_subcommand(1);
  app.set_version_flag("--version", lc::tools::version_text());
  app.fallthrough();  // -q/--quiet may follow the subcommand too
  bool quiet = false;
  app.add_flag("-q,--quiet", quiet, "Only warnings and errors");
  lc::Context context;  // standard error; each command's own threads come from its options
  const lc::ContextScope scope(context);
  const lc::io::GdalErrorScope gdal_errors;  // read back and reported with context, never printed
  app.parse_complete_callback([&] {
    context.level = quiet ? lc::LogLevel::quiet : lc::LogLevel::normal;
    lc::tools::guard_inputs(app, true);  // before anything is read or written
  });
  lc::tools::add_task_commands(app);
  lc::tools::setup_run(app);
  try {
    app.parse(argc, argv);
    return 0;
  } catch (const CLI::ParseError& e) {
    // CLI11's own messages echo the words it could not place ("password=..." of an unquoted PG:
    // string, a value that does not convert): printed only once redacted, as every other message.
    std::ostringstream out, err;
    const int code = app.exit(e, out, err);
    std::fputs(lc::redacted(out.str()).c_str(), stdout);
    std::fputs(lc::redacted(err.str()).c_str(), stderr);
    return code == 0 ? 0 : static_cast<int>(lc::ErrorKind::usage);
  } catch (const lc::Error& e) {
    std::fprintf(stderr, "lifecircle: error: %s\n", lc::tools::cli_message(e).c_str());
    return e.exit_code();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "lifecircle: internal error: %s\n", e.what());
    return 1;
  }
}
