// lc::io OSM reading (PBF or XML) with libosmium: ways that may carry walking, with their node
// ids and locations, and tagged points of interest (nodes and closed ways) chosen by the caller.
// What counts as walkable or as a facility is decided downstream (network profile, categories).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "io/geo.hpp"
#include "io/tags.hpp"

namespace lc::io {

// What a node tells a pedestrian about crossing a road there: nothing, a crossing
// (highway=crossing or any crossing=* tag but crossing=no), or a signalled one
// (crossing=traffic_signals or crossing:signals=yes).
enum class CrossingKind : std::uint8_t { none, plain, signals };

struct OsmWay {
  std::int64_t id = 0;
  std::vector<std::int64_t> node_ids;  // only nodes whose location is in the file
  std::vector<LonLat> coords;          // parallel to node_ids
  TagList tags;
  std::vector<CrossingKind> crossing;  // parallel to node_ids
  // Parallel to node_ids: the index of the node's tags in OsmData::node_tags when the node is a
  // barrier (barrier=*) or an elevator (highway=elevator), kNoNodeTags otherwise. What it means to
  // a walker is the profile's call.
  std::vector<std::uint32_t> node_tags;
};

inline constexpr std::uint32_t kNoNodeTags = 0xFFFFFFFFu;

struct OsmPoi {
  char kind = 'n';  // 'n' node, 'w' closed way (location: a point on its surface)
  std::int64_t id = 0;
  LonLat location;
  TagList tags;
};

struct OsmData {
  std::vector<OsmWay> ways;
  std::vector<OsmPoi> pois;
  std::size_t ways_missing_nodes = 0;  // ways clipped at the extract's edge
  std::vector<TagList> node_tags;      // the tags of barrier and elevator nodes on the ways (OsmWay::node_tags)
};

using TagFilter = std::function<bool(const TagList&)>;

// Reads `path`. `want_way` picks ways for the network (nullptr: none), `want_poi` picks tagged
// nodes and closed ways as points of interest (nullptr: none). Throws InputError naming the file.
OsmData read_osm(const std::string& path, const TagFilter& want_way, const TagFilter& want_poi);

bool is_osm_path(const std::string& path);

}  // namespace lc::io
