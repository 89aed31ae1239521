#include "walk_options.hpp"

#include "core/error.hpp"
#include "core/log.hpp"

namespace lc::tools {

void add_categories_option(CLI::App& cmd, std::vector<std::string>& ids) {
  cmd.add_option("--categories", ids,
                 "Only these category ids, e.g. convenience_store,pharmacy; each is computed even without facilities "
                 "(an id neither in the catalog nor among the facilities is an error)")
      ->delimiter(',');
}

std::set<std::string> known_categories(const access::Catalog* catalog,
                                       const std::map<std::string, std::vector<std::uint32_t>>& members) {
  std::set<std::string> known;
  if (catalog)
    for (const auto& c : catalog->categories) known.insert(c.id);
  for (const auto& [id, m] : members) known.insert(id);
  return known;
}

void check_known_categories(const std::string& option, const std::vector<std::string>& wanted,
                            const std::set<std::string>& known) {
  std::string unknown;
  std::size_t n = 0;
  for (const auto& id : wanted)
    if (!known.count(id)) unknown += (n++ ? ", '" : "'") + id + "'";
  if (n == 0) return;
  std::string list;
  for (const auto& id : known) list += (list.empty() ? "" : ", ") + id;
  throw UsageError(option + ": unknown categor" + (n == 1 ? "y " : "ies ") + unknown + "; known: " +
                   (list.empty() ? "none (no catalog and no facilities)" : list));
}

void select_categories(const std::vector<std::string>& wanted, const std::set<std::string>& known,
                       std::map<std::string, std::vector<std::uint32_t>>& members, const std::string& facilities) {
  if (wanted.empty()) return;
  check_known_categories("--categories", wanted, known);
  std::map<std::string, std::vector<std::uint32_t>> chosen;
  for (const auto& id : wanted) {
    auto it = members.find(id);
    if (it == members.end()) log::warn("category " + id + ": no facilities in " + facilities);
    chosen[id] = it == members.end() ? std::vector<std::uint32_t>{} : it->second;
  }
  members = std::move(chosen);
}

}  // namespace lc::tools
