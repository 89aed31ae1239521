// tools: the options that decide how a run runs, never what it writes (--threads, --max-memory):
// one group, which job fingerprints leave out, since results are identical whatever their values.
#pragma once

#include <string>

namespace CLI {
class App;
}

namespace lc::tools {

inline constexpr const char* kRunGroup = "Resources (do not change the results)";

// Registers --max-memory on a subcommand (in kRunGroup): the memory budget (api/memory_budget.hpp).
void add_max_memory_option(CLI::App& cmd, std::string& max_memory);

// Registers --threads on a subcommand (in kRunGroup).
void add_threads_option(CLI::App& cmd, unsigned& threads);

}  // namespace lc::tools
