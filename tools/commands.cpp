#include "commands.hpp"

#include <cctype>

#include "cmd_checklist.hpp"
#include "cmd_compare.hpp"
#include "cmd_convert.hpp"
#include "cmd_coverage.hpp"
#include "cmd_isochrones.hpp"
#include "cmd_reach.hpp"
#include "cmd_site.hpp"
#include "cmd_synth.hpp"

namespace lc::tools {

std::string task_key(const CLI::Option& opt) {
  if (!opt.get_lnames().empty()) return opt.get_lnames().front();
  std::string name = opt.get_name(true);
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name == "in" ? "input" : name == "out" ? "output" : name;
}

CLI::Option* task_option(CLI::App& cmd, const std::string& key) {
  for (CLI::Option* opt : cmd.get_options())
    if ((opt->get_positional() || !opt->get_lnames().empty()) && task_key(*opt) == key) return opt;
  return nullptr;
}

std::string shown_key(const CLI::Option& opt) {
  return opt.get_lnames().empty() ? task_key(opt) + " (" + opt.get_name(true) + ")" : opt.get_name();
}

CommandActions add_task_commands(CLI::App& app, const WorkSplit* split) {
  CommandActions actions;
  setup_reach(app, actions);
  setup_coverage(app, actions, split);
  setup_site(app, actions);
  setup_compare(app, actions);
  setup_isochrones(app, actions);
  setup_checklist(app, actions);
  setup_convert(app, actions);
  setup_synth(app, actions);
  return actions;
}

}  // namespace lc::tools
