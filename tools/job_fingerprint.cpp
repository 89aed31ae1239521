#include "job_fingerprint.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>

#include "build_version.hpp"
#include "io/postgis.hpp"
#include "run_options.hpp"

namespace lc::tools {

namespace {

using jobs::OptionValue;

bool is_help(const CLI::App& cmd, const CLI::Option* opt) { return opt == cmd.get_help_ptr() || opt == cmd.get_help_all_ptr(); }

// Values as the record keeps them: a PostgreSQL password never reaches a job record (and changing
// it changes no result).
OptionValue resolved(const CLI::Option& opt, bool redact) {
  if (opt.count() > 0) {
    std::vector<std::string> values = opt.results();
    if (redact)
      for (std::string& v : values) v = io::redacted(v);
    return {opt.get_name(), values};
  }
  const std::string d = opt.get_default_str();
  return {opt.get_name(), d.empty() ? std::vector<std::string>{} : std::vector<std::string>{d}};
}

// Every option of the task's command that decides its outputs, with its value: given, else its
// definition's default (captured when the task was bound). Options of kRunGroup (threads, memory
// limit) are left out: results are identical whatever their values, so changing them never
// reruns a finished task.
std::vector<OptionValue> resolved_options(const CLI::App& cmd, bool redact) {
  std::vector<OptionValue> out;
  for (const CLI::Option* opt : cmd.get_options())
    if (!is_help(cmd, opt) && opt->get_group() != kRunGroup) out.push_back(resolved(*opt, redact));
  std::sort(out.begin(), out.end(), [](const OptionValue& a, const OptionValue& b) { return a.name < b.name; });
  return out;
}

}  // namespace

jobs::Fingerprint fingerprint_of(const CLI::App& command, std::vector<std::pair<std::string, std::string>> upstream,
                                 const jobs::Fingerprint* before) {
  return jobs::fingerprint(git_describe(), resolved_options(command, true), resolved_options(command, false),
                           std::move(upstream), before);
}

}  // namespace lc::tools
