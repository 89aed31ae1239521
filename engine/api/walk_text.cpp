#include "api/walk_text.hpp"

#include <algorithm>

#include "io/table_writer.hpp"

namespace lc::api {

namespace {

// The request fields a speed text may name, marked as in error messages (lifecircle::FieldText).
lifecircle::FieldText marked(std::string text) { return {std::move(text), {"speed", "network.walk_profile"}}; }

}  // namespace

lifecircle::FieldText speed_text(const std::optional<double>& speed, const access::Catalog& catalog) {
  const std::string in = catalog.season.empty() ? "" : " in " + catalog.season;
  if (!catalog.walk_profile.empty()) {
    const std::string rules = " ({network.walk_profile} " + catalog.walk_profile + ": no steps, raised kerbs or wheelchair=no)";
    const access::SpeedProfile* p = catalog.find_profile(catalog.walk_profile);
    const double v = speed ? *speed * p->season_factor : p->speed_mps;
    std::string how = speed ? "{speed} " + io::format_cell(*speed) + " m/s" : "the catalog's " + catalog.walk_profile + " profile";
    if (!catalog.season.empty()) how += " x " + io::format_cell(p->season_factor) + in;
    return marked(io::format_cell(v) + " m/s for every category (" + how + ")" + rules);
  }
  if (speed) {
    const double f = access::season_factor(catalog, "general");
    if (catalog.season.empty()) return marked(io::format_cell(*speed) + " m/s for every category ({speed})");
    return marked(io::format_cell(*speed * f) + " m/s for every category ({speed} " + io::format_cell(*speed) + " m/s x " +
                  io::format_cell(f) + ", the general profile's factor" + in + ")");
  }
  std::string profiles;
  for (const auto& p : catalog.speed_profiles) {
    // The profiles some category moves at (general: also categories outside the catalog); the
    // wheelchair profile only under a walk profile.
    const bool used = p.id == "general" || std::any_of(catalog.categories.begin(), catalog.categories.end(),
                                                       [&](const access::Category& c) { return c.speed_profile == p.id; });
    if (!used) continue;
    profiles += (profiles.empty() ? "" : ", ") + p.id + " " + io::format_cell(p.speed_mps) + " m/s";
    if (!catalog.season.empty())
      profiles += " (" + io::format_cell(p.speed_mps / p.season_factor) + " m/s x " + io::format_cell(p.season_factor) + ")";
  }
  return marked("the catalog's speed profiles" + in + " (" + profiles + ")");
}

void describe_speed(io::Table& table, const std::string& speed_text) {
  table.description += (table.description.empty() ? "" : " ") + std::string("Walking speed: ") + speed_text + ".";
}

}  // namespace lc::api
