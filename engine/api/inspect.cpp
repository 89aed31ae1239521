// The public inspection calls (include/lifecircle/graph.hpp, checklist.hpp): a built network's
// graph as arrays, the checklist as its JSON document.
#include <lifecircle/checklist.hpp>
#include <lifecircle/graph.hpp>

#include "api/sources.hpp"
#include "plan/checklist.hpp"

namespace lifecircle {

GraphArrays graph_arrays(const Network& network) {
  const lc::api::LoadedNetwork& net = network.impl().net;
  const lc::network::Graph& g = net.graph;
  const auto lonlat = [&](lc::Point p) {
    const lc::LonLat q = net.projector->inverse(p);
    return LonLat{q.lon, q.lat};
  };
  GraphArrays a;
  a.node_at.reserve(g.node_count());
  for (const auto& p : g.node_xy) a.node_at.push_back(lonlat(p));
  a.node_component = g.component;
  a.edge_u.assign(g.edge_u.begin(), g.edge_u.end());
  a.edge_v.assign(g.edge_v.begin(), g.edge_v.end());
  a.edge_length_m = g.edge_length_m;
  a.edge_time_factor.assign(g.edge_time_factor.begin(), g.edge_time_factor.end());
  a.edge_extra_s.assign(g.edge_extra_s.begin(), g.edge_extra_s.end());
  if (g.edge_oneway.empty()) a.edge_oneway.assign(g.edge_count(), 0);
  else a.edge_oneway = g.edge_oneway;
  a.edge_source = g.edge_source;
  a.edge_class.reserve(g.edge_count());
  for (const auto c : g.edge_class) a.edge_class.push_back(c < g.class_names.size() ? g.class_names[c] : std::string());
  a.geometry_first = g.geom_first;
  a.geometry.reserve(g.geom_xy.size());
  for (const auto& p : g.geom_xy) a.geometry.push_back(lonlat(p));
  return a;
}

std::string default_checklist_path() { return lc::api::data_path("checklist/wuhai-2023.toml"); }

std::string checklist_json(const std::string& path, const std::string& catalog) {
  std::vector<std::string> ids;
  for (const auto& c : lc::api::catalog_of(catalog).categories) ids.push_back(c.id);
  return lc::plan::to_json(lc::plan::load_checklist(path.empty() ? default_checklist_path() : path, ids));
}

}  // namespace lifecircle
