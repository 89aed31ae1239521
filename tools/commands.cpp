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

void add_task_commands(CLI::App& app, const WorkSplit* split) {
  setup_reach(app);
  setup_coverage(app, split);
  setup_site(app);
  setup_compare(app);
  setup_isochrones(app);
  setup_checklist(app);
  setup_convert(app);
  setup_synth(app);
}

}  // namespace lc::tools
