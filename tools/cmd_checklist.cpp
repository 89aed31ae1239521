#include "cmd_checklist.hpp"

#include <cstdio>
#include <memory>

#include "commands.hpp"
#include "access/catalog.hpp"
#include "core/log.hpp"
#include "data_paths.hpp"
#include "plan/checklist.hpp"

namespace lc::tools {

namespace {

struct ChecklistOptions {
  std::string file;
  std::string catalog;
  bool json = false;
};

std::vector<std::string> category_ids(const std::string& catalog_path) {
  std::vector<std::string> ids;
  for (const auto& c : access::load_catalog(catalog_path).categories) ids.push_back(c.id);
  return ids;
}

plan::Checklist load(const ChecklistOptions& o) {
  const std::string catalog = o.catalog.empty() ? default_catalog() : o.catalog;
  const auto ids = category_ids(catalog);
  return plan::load_checklist(o.file.empty() ? default_checklist() : o.file, ids);
}

void print_text(const plan::Checklist& c) {
  std::printf("%s (published %04d-%02d-%02d)\n", c.title.c_str(), c.published.year, c.published.month,
              c.published.day);
  for (const auto& circle : c.circles) {
    std::printf("\n%d %s: %zu tasks\n", circle.id, circle.name.c_str(), circle.tasks.size());
    for (const auto& t : circle.tasks) {
      std::string units;
      for (const auto& u : t.units) units += (units.empty() ? "" : "、") + u;
      std::printf("  %2d %s\n     %s | %04d-%02d-%02d | %zu measures\n", t.id, t.title.c_str(), units.c_str(),
                  t.deadline.year, t.deadline.month, t.deadline.day, t.measures.size());
    }
  }
  std::printf("\nDeclared vs transcribed:\n");
  for (const auto& cmp : plan::reconcile(c)) std::printf("  %s\n", cmp.note.c_str());
}

}  // namespace

void setup_checklist(CLI::App& app, CommandActions& actions) {
  auto opt = std::make_shared<ChecklistOptions>();
  CLI::App* cmd = app.add_subcommand("checklist", "The life-circle checklist as data");
  cmd->require_subcommand(1);
  CLI::App* show = cmd->add_subcommand("show", "Print the checklist (default: Wuhai 2023)");
  show->add_flag("--json", opt->json, "The whole model as JSON");
  show->add_option("--file", opt->file, "Another checklist file in the same schema")->default_str(default_checklist());
  show->add_option("--catalog", opt->catalog, "Category catalog for the measures' category ids")->default_str(default_catalog());
  actions.on_run(*show, [opt] {
    const plan::Checklist c = load(*opt);
    if (opt->json) std::printf("%s\n", plan::to_json(c).c_str());
    else print_text(c);
  });
  CLI::App* validate = cmd->add_subcommand("validate", "Check a checklist file against the schema");
  validate->add_option("FILE", opt->file, "Checklist TOML")->required();
  validate->add_option("--catalog", opt->catalog, "Category catalog for the measures' category ids")->default_str(default_catalog());
  actions.on_run(*validate, [opt] {
    const plan::Checklist c = load(*opt);
    std::printf("%s: valid: %zu circles, %zu tasks, %zu measures\n", opt->file.c_str(), c.circles.size(),
                c.task_count(), c.measure_count());
    for (const auto& cmp : plan::reconcile(c))
      if (!cmp.agrees) log::warn(cmp.note);
  });
}

}  // namespace lc::tools
