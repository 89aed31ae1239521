// The command line's side of PostGIS (issue 17) that needs no server: every --help names the PG:
// form where an option takes it, and CLI11's own parse errors (which echo the words they could not
// place) never print a password. tests/pg/pg_check.sh runs the rest against a real cluster.
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "support/run_cli.hpp"
#include "support/test_support.hpp"

namespace lc {
namespace {

// The line of `help` that describes `flag` ("  --network TEXT REQUIRED  Street network: ..."); CLI11
// prints an option and its description on one line.
std::string help_line(const std::string& help, const std::string& flag) {
  std::size_t at = 0;
  while ((at = help.find(flag, at)) != std::string::npos) {
    const std::size_t start = help.rfind('\n', at) + 1;
    const bool first_word = help.find_first_not_of(' ', start) == at;
    const std::size_t end = help.find('\n', at);
    const char after = at + flag.size() < help.size() ? help[at + flag.size()] : '\n';
    if (first_word && (after == ' ' || after == ',' || after == '\n')) return help.substr(start, end - start);
    at += flag.size();
  }
  return "";
}

TEST(PostgisCli, HelpNamesThePgFormOfEveryVectorInputAndOutput) {
  // The vector inputs read through io/vector_reader (which opens PG: sources) and the outputs
  // io::write_tables sends to io/postgis, command by command (docs/exports.md, "PostGIS").
  const std::vector<std::pair<std::string, std::vector<std::string>>> inputs = {
      {"reach", {"--network", "--facilities", "--origins"}},
      {"coverage", {"--network", "--facilities", "--origins", "--entrances", "--grid-boundary", "--units", "--plan-facilities"}},
      {"site", {"--network", "--facilities", "--origins", "--entrances", "--grid-boundary", "--units", "--candidates"}},
      {"compare", {"--network", "--facilities", "--origins", "--entrances", "--grid-boundary", "--units", "--add-facilities", "--add-links"}},
      {"isochrones", {"--network", "--facilities"}},
  };
  for (const auto& [command, flags] : inputs) {
    const auto r = test::run_cli(command + " --help");
    ASSERT_EQ(r.code, 0) << r.out;
    for (const std::string& flag : flags) {
      const std::string line = help_line(r.out, flag);
      ASSERT_FALSE(line.empty()) << command << " --help has no " << flag << ":\n" << r.out;
      EXPECT_NE(line.find("PG:... tables=SCHEMA.TABLE"), std::string::npos) << command << ": " << line;
    }
    const std::string out = help_line(r.out, "--out");
    EXPECT_NE(out.find("PG:... active_schema=SCHEMA"), std::string::npos) << command << ": " << out;
  }
}

TEST(PostgisCli, ParseErrorsNeverPrintThePassword) {
  test::TempDir dir;
  const std::string secret = "s3cret-Pw";
  const std::string pg = "PG:host=127.0.0.1 port=1 dbname=plan user=u password=" + secret;
  // Each is refused by CLI11 before anything connects (exit 2), and CLI11 echoes what it refuses.
  const std::vector<std::string> cases = {
      // unquoted: "password=..." and "tables=..." are words CLI11 cannot place
      "reach --network PG:dbname=plan password=" + secret + " tables=city.streets --facilities f.gpkg --origins o.gpkg --out r.csv",
      // a flag that does not exist next to a connection string
      "reach --network '" + pg + " tables=city.streets' --facilities f.gpkg --origins o.gpkg --out r.csv --no-such-flag '" + pg + "'",
      // a connection string where a number belongs: CLI11 quotes the value it could not convert
      "coverage --network n.gpkg --facilities f.gpkg --origins o.gpkg --k '" + pg + "'",
      // a required option missing, with the connection string given
      "site --network '" + pg + " tables=city.streets' --facilities '" + pg + " tables=city.f'",
  };
  for (const std::string& args : cases) {
    const auto r = test::run_cli(args);
    EXPECT_EQ(r.code, 2) << args << "\n" << r.out;
    EXPECT_EQ(r.out.find(secret), std::string::npos) << "the password is printed:\n" << r.out;
  }
  // The first three do echo the connection string (the password in it before this fix), redacted.
  for (std::size_t i = 0; i < 3; ++i) {
    const auto r = test::run_cli(cases[i]);
    EXPECT_NE(r.out.find("password=***"), std::string::npos) << cases[i] << "\n" << r.out;
  }
  // A job task whose options CLI11 refuses: the job's message names the task and its line, without the
  // password (the job runner's messages go through the one redacting catch site).
  const std::string job = dir.file("job.toml");
  std::ofstream(job) << "schema = 1\nname = \"pg\"\nout = \"out\"\n\n[[task]]\nname = \"a\"\ncommand = \"reach\"\n"
                     << "network = \"" << pg << " tables=city.streets\"\nfacilities = \"f.gpkg\"\norigins = \"o.gpkg\"\n"
                     << "out = \"r.csv\"\nk = \"" << pg << "\"\n";
  const auto r = test::run_cli("run --dry-run " + job);
  EXPECT_EQ(r.code, 3) << r.out;  // a job file that does not check is bad input
  EXPECT_NE(r.out.find("task 'a'"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find(secret), std::string::npos) << "the password is printed:\n" << r.out;
}

}  // namespace
}  // namespace lc
