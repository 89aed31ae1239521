// api: reach's results as tables and CSV text (reach_table.hpp).
#include "api/reach_table.hpp"

#include <cmath>
#include <cstdio>

#include <lifecircle/error.hpp>

#include "access/catalog.hpp"
#include "api/pipeline.hpp"
#include "io/atomic_file.hpp"
#include "io/table_writer.hpp"

namespace lc::api {

namespace {

std::string reach_fmt1(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// CSV field quoting for ids and categories that carry commas or quotes.
std::string reach_csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

double reach_tenth(double v) { return std::round(v * 10.0) / 10.0; }

}  // namespace

std::string reach_csv_header(unsigned k, const std::vector<double>& thresholds_min) {
  std::string h = "origin_id,category,nearest_s,nearest_id";
  for (unsigned i = 2; i <= k; ++i) h += ",k" + std::to_string(i) + "_s";
  for (double t : thresholds_min) h += ",count_" + io::minutes_label(t);
  return h + ",snap_m\n";
}

void write_reach_csv_rows(io::AtomicFile& out, unsigned k, const lifecircle::ReachResult& origins,
                          const lifecircle::ReachCategory& cat) {
  const std::size_t T = origins.thresholds_min.size();
  for (std::size_t i = 0; i < origins.origin_ids.size(); ++i) {
    const bool snapped = !std::isnan(origins.snap_m[i]);
    std::string row = reach_csv_field(origins.origin_ids[i]) + "," + reach_csv_field(cat.id);
    for (unsigned j = 0; j < k; ++j) {
      const double s = cat.nearest_s[i * k + j];
      row += "," + (std::isnan(s) ? std::string() : reach_fmt1(s));
      if (j == 0) row += "," + (std::isnan(s) ? std::string() : reach_csv_field(cat.nearest_id[i]));
    }
    for (std::size_t t = 0; t < T; ++t) row += "," + (snapped ? std::to_string(cat.counts[i * T + t]) : "");
    row += "," + (snapped ? reach_fmt1(origins.snap_m[i]) : "");
    out.write(row + "\n");
  }
}

// The same columns as the CSV, times rounded to 0.1 s as there, and the origin as a point.
io::Table reach_table(const lifecircle::ReachRequest& r, const std::string& catalog_path,
                      const std::function<std::string(const std::string&)>& field_name) {
  io::Table t{"reach", "", {{"origin_id"}, {"category"}, {"nearest_s", io::FieldType::real}, {"nearest_id"}}, true, {}, {}};
  for (unsigned i = 2; i <= r.k; ++i) t.fields.push_back({"k" + std::to_string(i) + "_s", io::FieldType::real});
  for (double m : r.thresholds_min) t.fields.push_back({"count_" + io::minutes_label(m), io::FieldType::integer});
  t.fields.push_back({"snap_m", io::FieldType::real});
  std::string minutes;
  for (double m : r.thresholds_min) minutes += (minutes.empty() ? "" : "/") + io::format_cell(m);
  // In a season the one speed walks at the general profile's factor, under --walk-profile at that
  // profile's speed and factor (api::reach_speed_mps).
  std::string speed = io::format_cell(r.speed_mps.value_or(1.0)) + " m/s";
  if (!r.network.walk_profile.empty()) {
    const auto c = access::with_walk_profile(
        access::with_season(access::load_catalog(catalog_path), r.season), r.network.walk_profile);
    const access::SpeedProfile* p = c.find_profile(r.network.walk_profile);
    std::string how = r.speed_mps ? "{speed} " + io::format_cell(*r.speed_mps) + " m/s" : "the catalog's " + r.network.walk_profile + " profile";
    if (!r.season.empty()) how += " x " + io::format_cell(p->season_factor) + " in " + r.season;
    speed = io::format_cell(r.speed_mps ? *r.speed_mps * p->season_factor : p->speed_mps) + " m/s (" + how + ")";
  } else if (!r.season.empty()) {
    const auto c = access::with_season(access::load_catalog(catalog_path), r.season);
    const double f = access::season_factor(c, "general");
    speed = io::format_cell(r.speed_mps.value_or(1.0) * f) + " m/s (" + speed + " x " + io::format_cell(f) +
            ", the general profile's factor in " + r.season + ")";
  }
  if (!r.network.walk_profile.empty())
    speed += " on the streets of the " + r.network.walk_profile + " profile (no steps, raised kerbs or wheelchair=no; {network.walk_profile})";
  const lifecircle::FieldText description{"Walking time from every origin to the nearest facilities of each category over the network at " +
                  speed + " (seconds, including the walks to and from the street; empty: none "
                  "reachable), the " + std::to_string(r.k) + " nearest distinct facilities, facilities within " + minutes +
                  " min, snap distance; origins and facilities farther than " + io::format_cell(r.max_snap_m) +
                  " m from a street are not snapped", {"speed", "network.walk_profile"}};
  t.description = field_name ? description.word(field_name) : description.plain();
  return t;
}

void add_reach_rows(io::Table& t, unsigned k, const lifecircle::ReachResult& origins, const lifecircle::ReachCategory& cat) {
  const std::size_t T = origins.thresholds_min.size();
  for (std::size_t i = 0; i < origins.origin_ids.size(); ++i) {
    const bool snapped = !std::isnan(origins.snap_m[i]);
    std::vector<io::Cell> row{origins.origin_ids[i], cat.id};
    for (unsigned j = 0; j < k; ++j) {
      const double s = cat.nearest_s[i * k + j];
      row.push_back(std::isnan(s) ? io::Cell{} : io::Cell{reach_tenth(s)});
      if (j == 0) row.push_back(std::isnan(s) ? io::Cell{} : io::Cell{cat.nearest_id[i]});
    }
    for (std::size_t c = 0; c < T; ++c)
      row.push_back(snapped ? io::Cell{static_cast<long long>(cat.counts[i * T + c])} : io::Cell{});
    row.push_back(snapped ? io::Cell{reach_tenth(origins.snap_m[i])} : io::Cell{});
    t.add(std::move(row), point_wkt({origins.origin_at[i].lon, origins.origin_at[i].lat}));
  }
}

}  // namespace lc::api
