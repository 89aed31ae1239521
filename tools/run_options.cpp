#include "run_options.hpp"

#include <CLI/CLI.hpp>

#include "api/memory_budget.hpp"

namespace lc::tools {

void add_max_memory_option(CLI::App& cmd, std::string& max_memory) {
  cmd.add_option("--max-memory", max_memory,
                 "Refuse the run before any stage whose estimated peak memory exceeds SIZE (512M, 2G); "
                 "default: 80% of the machine's memory")
      ->check(CLI::Validator(
          [](std::string& value) -> std::string {
            try {
              api::parse_memory_size(value);
              return {};
            } catch (const UsageError& e) {
              return e.detail;  // CLI11 puts the option's name in front
            }
          },
          "SIZE"))
      ->group(kRunGroup);
}

void add_threads_option(CLI::App& cmd, unsigned& threads) {
  cmd.add_option("--threads", threads, "Worker threads (default: all cores)")->group(kRunGroup);
}

}  // namespace lc::tools
