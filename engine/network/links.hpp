// lc::network walking links a scenario adds (a new crossing, a gate opened in a compound wall),
// given as lines: each end joins the nearest network node within a snap distance, and the
// scenario graph is the base graph with every node id and edge id kept and the links appended as
// new edges (CSR rebuilt). Points snapped to the base graph keep their anchors on it.
#pragma once

#include <string>
#include <vector>

#include "core/units.hpp"
#include "io/geo.hpp"
#include "network/graph.hpp"

namespace lc::network {

struct LinkLine {
  std::string id;          // feature id, for messages
  std::vector<Point> xy;   // metric CRS, at least two points
};

struct LinkedGraph {
  Graph graph;                // base + links
  std::vector<EdgeId> added;  // the links' edge ids, in input order
};

// Throws InputError naming `source` and the feature when an end has no node within `max_snap`,
// a line has fewer than two points or both ends join the same node.
LinkedGraph add_links(const Graph& base, const std::vector<LinkLine>& lines, Metres max_snap,
                      const std::string& source);

}  // namespace lc::network
