#include "io/osm_reader.hpp"

#include <osmium/handler.hpp>
#include <osmium/handler/node_locations_for_ways.hpp>
#include <osmium/index/map/flex_mem.hpp>
#include <osmium/io/any_input.hpp>
#include <osmium/visitor.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string_view>
#include <utility>

#include "core/error.hpp"

namespace lc::io {

namespace {

using Index = osmium::index::map::FlexMem<osmium::unsigned_object_id_type, osmium::Location>;
using LocationHandler = osmium::handler::NodeLocationsForWays<Index>;

TagList to_tags(const osmium::TagList& tags) {
  TagList out;
  out.reserve(tags.size());
  for (const auto& t : tags) out.emplace_back(t.key(), t.value());
  return out;
}

// Mean of a closed ring's vertices is a poor "point on surface" for L-shaped buildings; the area
// centroid is better and stays inside for the convex-ish shapes POIs have. Falls back to the
// vertex mean for degenerate rings.
LonLat ring_centroid(const std::vector<LonLat>& ring) {
  double a = 0, cx = 0, cy = 0;
  const LonLat o = ring.front();  // shift for numeric stability
  for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
    const double x0 = ring[i].lon - o.lon, y0 = ring[i].lat - o.lat;
    const double x1 = ring[i + 1].lon - o.lon, y1 = ring[i + 1].lat - o.lat;
    const double c = x0 * y1 - x1 * y0;
    a += c;
    cx += (x0 + x1) * c;
    cy += (y0 + y1) * c;
  }
  if (std::abs(a) < 1e-18) {
    LonLat m{0, 0};
    const auto n = static_cast<double>(ring.size());
    for (const auto& p : ring) m.lon += p.lon / n, m.lat += p.lat / n;
    return m;
  }
  return {o.lon + cx / (3 * a), o.lat + cy / (3 * a)};
}

CrossingKind crossing_kind(const osmium::TagList& tags) {
  const char* hw = tags["highway"];
  const char* crossing = tags["crossing"];
  const char* signals = tags["crossing:signals"];
  if ((crossing && std::string_view(crossing) == "traffic_signals") || (signals && std::string_view(signals) == "yes"))
    return CrossingKind::signals;
  // crossing=no: no crossing here (nothing to wait for); the way through stays as mapped.
  if (crossing && std::string_view(crossing) == "no") return CrossingKind::none;
  if ((hw && std::string_view(hw) == "crossing") || crossing) return CrossingKind::plain;
  return CrossingKind::none;
}

class Collector : public osmium::handler::Handler {
 public:
  Collector(const TagFilter& want_way, const TagFilter& want_poi, OsmData& out)
      : want_way_(want_way), want_poi_(want_poi), out_(out) {}

  void node(const osmium::Node& n) {
    if (n.tags().empty()) return;
    if (const CrossingKind k = crossing_kind(n.tags()); k != CrossingKind::none) crossing_nodes_.push_back({n.id(), k});
    const char* hw = n.tags()["highway"];
    // kerb=* and wheelchair=* matter to the wheelchair profile (network/osm_profile.hpp).
    if (n.tags().has_key("barrier") || n.tags().has_key("kerb") || n.tags().has_key("wheelchair") ||
        (hw && std::string_view(hw) == "elevator"))
      barrier_nodes_.push_back({n.id(), to_tags(n.tags())});
    if (!want_poi_ || !n.location().valid()) return;
    TagList tags = to_tags(n.tags());
    if (!want_poi_(tags)) return;
    out_.pois.push_back({'n', n.id(), {n.location().lon(), n.location().lat()}, std::move(tags)});
  }

  void way(const osmium::Way& w) {
    if (w.tags().empty()) return;
    TagList tags = to_tags(w.tags());
    const bool as_way = want_way_ && want_way_(tags);
    const bool as_poi = want_poi_ && w.is_closed() && want_poi_(tags);
    if (!as_way && !as_poi) return;
    OsmWay way{w.id(), {}, {}, std::move(tags), {}, {}};
    for (const auto& nr : w.nodes()) {
      if (!nr.location().valid()) continue;
      way.node_ids.push_back(nr.ref());
      way.coords.push_back({nr.location().lon(), nr.location().lat()});
    }
    if (way.node_ids.size() != w.nodes().size()) ++out_.ways_missing_nodes;
    if (as_poi && way.coords.size() >= 4)
      out_.pois.push_back({'w', w.id(), ring_centroid(way.coords), way.tags});
    if (as_way && way.node_ids.size() >= 2) out_.ways.push_back(std::move(way));
  }

  // Crossing flags need every node seen first; PBF and XML from osmium order nodes before ways,
  // but we mark at the end so a file in any order is handled.
  void mark_crossings() {
    std::sort(crossing_nodes_.begin(), crossing_nodes_.end());
    std::sort(barrier_nodes_.begin(), barrier_nodes_.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::uint32_t> kept(barrier_nodes_.size(), kNoNodeTags);  // index in out_.node_tags
    for (auto& w : out_.ways) {
      w.crossing.assign(w.node_ids.size(), CrossingKind::none);
      w.node_tags.assign(w.node_ids.size(), kNoNodeTags);
      for (std::size_t i = 0; i < w.node_ids.size(); ++i) {
        const auto it = std::lower_bound(crossing_nodes_.begin(), crossing_nodes_.end(),
                                         std::pair{w.node_ids[i], CrossingKind::none});
        if (it != crossing_nodes_.end() && it->first == w.node_ids[i]) w.crossing[i] = it->second;
        const auto b = std::lower_bound(barrier_nodes_.begin(), barrier_nodes_.end(), w.node_ids[i],
                                        [](const auto& e, std::int64_t id) { return e.first < id; });
        if (b == barrier_nodes_.end() || b->first != w.node_ids[i]) continue;
        auto& k = kept[static_cast<std::size_t>(b - barrier_nodes_.begin())];
        if (k == kNoNodeTags) k = static_cast<std::uint32_t>(out_.node_tags.size()), out_.node_tags.push_back(b->second);
        w.node_tags[i] = k;
      }
    }
  }

 private:
  const TagFilter& want_way_;
  const TagFilter& want_poi_;
  OsmData& out_;
  std::vector<std::pair<std::int64_t, CrossingKind>> crossing_nodes_;
  std::vector<std::pair<std::int64_t, TagList>> barrier_nodes_;
};

}  // namespace

bool is_osm_path(const std::string& path) {
  auto ends = [&](std::string_view s) {
    return path.size() >= s.size() && path.compare(path.size() - s.size(), s.size(), s) == 0;
  };
  return ends(".osm.pbf") || ends(".pbf") || ends(".osm") || ends(".osm.bz2") || ends(".osm.gz");
}

OsmData read_osm(const std::string& path, const TagFilter& want_way, const TagFilter& want_poi) {
  if (!std::filesystem::is_regular_file(path))
    throw InputError({path, "", ""}, "no such file");
  OsmData out;
  try {
    osmium::io::Reader reader{path, osmium::osm_entity_bits::node | osmium::osm_entity_bits::way};
    Index index;
    LocationHandler locations{index};
    locations.ignore_errors();  // extracts clip ways; missing nodes are skipped, and counted
    Collector collector{want_way, want_poi, out};
    osmium::apply(reader, locations, collector);
    reader.close();
    collector.mark_crossings();
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw InputError({path, "", ""}, std::string("cannot read OSM data: ") + e.what());
  }
  return out;
}

}  // namespace lc::io
