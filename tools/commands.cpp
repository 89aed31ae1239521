#include "commands.hpp"

#include "cmd_checklist.hpp"
#include "cmd_compare.hpp"
#include "cmd_convert.hpp"
#include "cmd_coverage.hpp"
#include "cmd_isochrones.hpp"
#include "cmd_reach.hpp"
#include "cmd_site.hpp"
#include "cmd_synth.hpp"

namespace lc::tools {

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
