#include "api/site_csv.hpp"

#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "core/error.hpp"
#include "io/poi_table.hpp"

namespace lc::api {

SiteSpec split_site_spec(const std::string& spec) {
  // "=" before any path character separates a category; a path may hold "=" further on.
  const auto eq = spec.find('=');
  if (eq != std::string::npos && eq > 0 && spec.find_first_of("/\\.") > eq) {
    if (eq + 1 == spec.size())
      throw UsageError(FieldText{"{report_sites} " + spec + ": no file after '='", {"report_sites"}});
    return {spec.substr(0, eq), spec.substr(eq + 1)};
  }
  return {"", spec};
}

SiteSpec parse_site_spec(const std::string& spec, const access::Catalog& catalog) {
  SiteSpec s = split_site_spec(spec);
  if (!s.category.empty()) return s;
  std::string stem = std::filesystem::path(spec).stem().string();
  for (const char* prefix : {"sites_", "sites-"})
    if (stem.rfind(prefix, 0) == 0 && stem.size() > 6) stem = stem.substr(6);
  if (!catalog.find(stem)) {
    const access::Category* only = nullptr;
    int matches = 0;
    for (const auto& c : catalog.categories)
      if (c.id.rfind(stem + "_", 0) == 0) only = &c, ++matches;
    if (matches == 1) stem = only->id;
  }
  return {stem, spec};
}

namespace {

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError({path, "", ""}, "cannot open the site file");
  std::ostringstream s;
  s << in.rdbuf();
  std::string text = s.str();
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
  return text;
}

std::optional<double> parse_number(const std::string& s) {
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

}  // namespace

io::Table read_site_csv(const SiteSpec& spec) {
  const auto records = io::split_csv(read_all(spec.path), spec.path);
  if (records.empty()) throw InputError({spec.path, "", ""}, "empty file: expected the header rank,site_id,district,x,y,...");
  using io::FieldType;
  io::Table t{spec.category, "proposed sites from " + spec.path,
              {{"rank", FieldType::integer}, {"site_id"}, {"district"}, {"x", FieldType::real}, {"y", FieldType::real},
               {"new_covered", FieldType::real}, {"cumulative_covered", FieldType::real},
               {"cumulative_coverage", FieldType::real}},
              false, {}, {}};
  std::vector<int> from(t.fields.size(), -1);  // column of the file for each field
  const auto& header = records[0].fields;
  for (std::size_t f = 0; f < t.fields.size(); ++f)
    for (std::size_t c = 0; c < header.size(); ++c)
      if (header[c] == t.fields[f].name) from[f] = static_cast<int>(c);
  for (std::size_t f : {0u, 3u, 4u})
    if (from[f] < 0)
      throw InputError({spec.path, "", "line 1"}, "no column '" + t.fields[f].name +
                                                      "' (lifecircle site writes rank,site_id,district,x,y,new_covered,...)");
  for (std::size_t r = 1; r < records.size(); ++r) {
    const auto& rec = records[r];
    const Where where{spec.path, "", "line " + std::to_string(rec.line)};
    std::vector<io::Cell> row;
    for (std::size_t f = 0; f < t.fields.size(); ++f) {
      const std::string value = from[f] >= 0 && static_cast<std::size_t>(from[f]) < rec.fields.size() ? rec.fields[from[f]] : "";
      if (t.fields[f].type == FieldType::text || (value.empty() && f != 0 && f != 3 && f != 4)) {
        row.push_back(t.fields[f].type == FieldType::text ? io::Cell{value} : io::Cell{});
        continue;
      }
      const auto v = parse_number(value);
      if (!v) throw InputError(where, "column " + t.fields[f].name + ": '" + value + "' is not a number");
      if (f == 0) row.push_back(static_cast<long long>(std::llround(*v)));
      else row.push_back(*v);
    }
    const double x = std::get<double>(row[3]), y = std::get<double>(row[4]);
    if (std::abs(x) > 180 || std::abs(y) > 90)
      throw InputError(where, "x,y = " + std::to_string(x) + "," + std::to_string(y) + " is not WGS84 lon/lat");
    t.add(std::move(row));
  }
  return t;
}

}  // namespace lc::api
