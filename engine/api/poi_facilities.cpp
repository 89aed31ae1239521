#include "api/poi_facilities.hpp"

#include "core/log.hpp"
#include "io/poi_table.hpp"

namespace lc::api {

namespace {
constexpr std::size_t kExamples = 3;  // unmatched POIs named in the warning
}

CategorizedFacilities facilities_from_amap(const std::string& path, const access::Catalog& catalog,
                                           io::ChineseDatum datum) {
  std::vector<std::string> warnings;
  const std::vector<io::PoiRecord> pois = io::read_amap_pois(path, datum, &warnings);
  for (const auto& w : warnings) log::warn(w);

  CategorizedFacilities out;
  out.points.source = path;
  std::size_t unmatched = 0;
  std::string examples;
  for (const io::PoiRecord& p : pois) {
    const std::vector<std::string> ids = access::categories_for_amap(catalog, p.typecode, p.name);
    if (ids.empty()) {
      if (unmatched++ < kExamples)
        examples += (examples.empty() ? "" : ", ") + ("'" + p.name + "' (" +
                    (p.typecode.empty() ? std::string("no typecode") : "typecode " + p.typecode) +
                    ", line " + std::to_string(p.line) + ")");
      continue;
    }
    const auto i = static_cast<std::uint32_t>(out.points.ids.size());
    out.points.ids.push_back(p.id);
    out.points.categories.push_back("");
    out.points.lonlat.push_back(p.location);
    out.points.capacity.push_back(1.0);  // Amap tables carry no capacity
    for (const std::string& c : ids) out.members[c].push_back(i);
  }
  if (unmatched > 0)
    log::warn(path + ": " + std::to_string(unmatched) + " of " + std::to_string(pois.size()) +
              " POIs match no category of " + catalog.path + " and are left out, e.g. " + examples +
              (unmatched > kExamples ? ", ..." : ""));
  log::info(path + ": " + std::to_string(out.points.ids.size()) + " POIs in " +
            std::to_string(out.members.size()) + " categories");
  return out;
}

}  // namespace lc::api
