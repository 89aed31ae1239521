#include "network/builder.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <queue>
#include <tuple>
#include <unordered_map>
#include <utility>

namespace lc::network {

namespace {

struct RawEdge {
  std::uint32_t a, b;  // provisional node ids
  double length;
  float factor, extra;
  std::int64_t source;
  std::uint16_t cls;
  Grade grade;
  std::vector<Point> geom;
  std::uint8_t oneway = 0;  // 1: walked a -> b only
};

double seg_length(Point p, Point q) { return std::hypot(q.x - p.x, q.y - p.y); }

std::vector<std::uint32_t> mark_nodes(const NetworkInput& in, std::uint32_t& count) {
  std::vector<std::uint8_t> uses(in.vertices.size(), 0);
  for (const auto& w : in.ways) {
    for (auto v : w.vertices) uses[v] = static_cast<std::uint8_t>(std::min(uses[v] + 1, 2));
    if (!w.vertices.empty()) uses[w.vertices.front()] = uses[w.vertices.back()] = 2;
  }
  std::vector<std::uint32_t> node_of(in.vertices.size(), kNone);
  count = 0;
  for (std::size_t v = 0; v < uses.size(); ++v)
    if (uses[v] >= 2) node_of[v] = count++;
  return node_of;
}

// A crossing at a graph node (docs/network.md, Time penalties): the ways that list a delay there
// (footpaths crossing a road) reach the node through a hub of their own, joined to it by a link
// of half the delay, and each of their edges touching the hub takes the other half. So every walk
// that uses such a footpath at the crossing (through it, from it onto the road, from one such
// footpath into another) pays the delay once, in whichever direction, and a walk along the road
// past it pays nothing. No assignment of delays to plain edges does all of that.
class CrossingHubs {
 public:
  CrossingHubs(const NetworkInput& in, std::uint32_t& node_count, std::vector<RawEdge>& out)
      : in_(in), count_(node_count), out_(out) {}
  // The node a way listing `delay` at vertex v (a node) ends at.
  std::uint32_t hub(std::uint32_t v, std::uint32_t node, float delay, const WayPiece& w) {
    const auto [it, fresh] = hub_of_.try_emplace(v, count_);
    if (fresh) {
      ++count_;
      xy_.push_back(in_.vertices[v]);
      // The link has no length: its time is the wait alone, whatever the slope.
      out_.push_back(RawEdge{it->second, node, 0.0, 1.0f, 0.5f * delay, w.source, w.cls, w.grade,
                             {in_.vertices[v], in_.vertices[v]}, 0});
    }
    return it->second;
  }
  const std::vector<Point>& xy() const { return xy_; }

 private:
  const NetworkInput& in_;
  std::uint32_t& count_;
  std::vector<RawEdge>& out_;
  std::unordered_map<std::uint32_t, std::uint32_t> hub_of_;  // vertex -> its hub node
  std::vector<Point> xy_;                                    // hub node - first hub -> place
};

// Splits one way at its node vertices. A vertex's delay (a crossing) goes whole to the edge the
// vertex lies inside when it folds into one (a footway crossing a road that is not walked); at a
// node the way meets the node's crossing hub instead (CrossingHubs), half the delay on each of
// its edges there.
void split_way(const NetworkInput& in, const WayPiece& w, const std::vector<std::uint32_t>& node_of,
               CrossingHubs& hubs, std::vector<RawEdge>& out) {
  auto delay = [&](std::size_t i) { return w.vertex_extra_s.empty() ? 0.0f : w.vertex_extra_s[i]; };
  auto end_at = [&](std::size_t i) {  // the node the way's edges meet at vertex i, and the half delay there
    const std::uint32_t v = w.vertices[i];
    const float d = delay(i);
    return d == 0.0f ? std::pair{node_of[v], 0.0f} : std::pair{hubs.hub(v, node_of[v], d, w), 0.5f * d};
  };
  const auto [first, first_half] = end_at(0);
  const std::uint8_t oneway = w.oneway ? 1 : 0;
  RawEdge cur{first, 0, 0.0, w.time_factor, w.extra_s + first_half, w.source, w.cls, w.grade,
              {in.vertices[w.vertices.front()]}, oneway};
  for (std::size_t i = 1; i < w.vertices.size(); ++i) {
    const Point p = in.vertices[w.vertices[i]];
    if (w.vertices[i] == w.vertices[i - 1]) continue;
    cur.length += seg_length(cur.geom.back(), p);
    cur.geom.push_back(p);
    if (node_of[w.vertices[i]] == kNone) {
      cur.extra += delay(i);
      continue;
    }
    const auto [n, half] = end_at(i);
    cur.b = n;
    cur.extra += half;
    if (cur.length > 0.0 || cur.a != cur.b) out.push_back(cur);
    cur = RawEdge{n, 0, 0.0, w.time_factor, w.extra_s + half, w.source, w.cls, w.grade, {p}, oneway};
  }
}

std::vector<std::uint32_t> hilbert_order(const std::vector<Point>& xy) {
  BBox box;
  for (const auto& p : xy) box.add(p.x, p.y);
  std::vector<std::uint64_t> key(xy.size());
  for (std::size_t i = 0; i < xy.size(); ++i) key[i] = hilbert_index(box, xy[i].x, xy[i].y);
  std::vector<std::uint32_t> order(xy.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return key[a] < key[b]; });
  return order;
}

// Gated compounds (docs/network.md): every vertex where a compound's ways meet the others gets a
// twin at the same place for the compound's ways, joined to it by a link of no length that is
// walked from the twin only. So a walk may go from the compound's ways to the others, never from
// the others onto the compound's: a walk starting outside never uses them, one starting inside
// walks them and leaves through the gates. The links come in vertex order (deterministic).
NetworkInput split_compound_gates(const NetworkInput& in) {
  NetworkInput out = in;
  std::vector<std::uint8_t> use(in.vertices.size(), 0);  // 1: the others' ways, 2: a compound's
  std::vector<const WayPiece*> first_compound(in.vertices.size(), nullptr);
  for (const auto& w : in.ways)
    for (const auto v : w.vertices) {
      use[v] = static_cast<std::uint8_t>(use[v] | (w.compound ? 2 : 1));
      if (w.compound && !first_compound[v]) first_compound[v] = &w;
    }
  std::vector<std::uint32_t> twin(in.vertices.size(), kNone);
  std::vector<WayPiece> links;
  for (std::uint32_t v = 0; v < in.vertices.size(); ++v) {
    if (use[v] != 3) continue;
    twin[v] = static_cast<std::uint32_t>(out.vertices.size());
    out.vertices.push_back(in.vertices[v]);
    WayPiece link;
    link.vertices = {twin[v], v};
    link.source = first_compound[v]->source, link.cls = first_compound[v]->cls;
    link.grade = Grade::none, link.oneway = true;
    links.push_back(std::move(link));
  }
  for (auto& w : out.ways)
    if (w.compound)
      for (auto& v : w.vertices)
        if (twin[v] != kNone) v = twin[v];
  for (auto& l : links) out.ways.push_back(std::move(l));
  return out;
}

}  // namespace

ClassIds::ClassIds(std::vector<std::string>& names) : names_(names) {
  if (names_.empty()) names_.push_back("");
  for (std::size_t i = 0; i < names_.size(); ++i) ids_.emplace(names_[i], static_cast<std::uint16_t>(i));
}

std::uint16_t ClassIds::id(const std::string& name, const Where& where) {
  if (const auto it = ids_.find(name); it != ids_.end()) return it->second;
  if (names_.size() > 0xFFFF)
    throw InputError(where, "has more than 65,535 distinct street classes ('" + name + "'): is the class field a class?");
  const auto id = static_cast<std::uint16_t>(names_.size());
  names_.push_back(name);
  ids_.emplace(name, id);
  return id;
}

void fill_csr(Graph& g) {
  const std::uint32_t n = g.node_count();
  g.first_out.assign(n + 1, 0);
  for (EdgeId e = 0; e < g.edge_count(); ++e) ++g.first_out[g.edge_u[e] + 1], ++g.first_out[g.edge_v[e] + 1];
  std::partial_sum(g.first_out.begin(), g.first_out.end(), g.first_out.begin());
  g.head.resize(g.first_out[n]);
  g.arc_edge.resize(g.first_out[n]);
  std::vector<std::uint32_t> fill(g.first_out.begin(), g.first_out.end() - 1);
  for (EdgeId e = 0; e < g.edge_count(); ++e) {
    const NodeId u = g.edge_u[e], v = g.edge_v[e];
    g.head[fill[u]] = v, g.arc_edge[fill[u]++] = e;
    g.head[fill[v]] = u, g.arc_edge[fill[v]++] = e;
  }
}

std::uint64_t hilbert_index(const BBox& box, double x, double y) {
  constexpr std::uint32_t side = 1u << 16;
  const double span = std::max({box.max_x - box.min_x, box.max_y - box.min_y, 1e-9});
  auto cell = [&](double v, double lo) {
    return std::min<std::uint32_t>(side - 1, static_cast<std::uint32_t>((v - lo) / span * (side - 1)));
  };
  std::uint32_t cx = cell(x, box.min_x), cy = cell(y, box.min_y);
  std::uint64_t d = 0;
  for (std::uint32_t s = side / 2; s > 0; s /= 2) {
    const std::uint32_t rx = (cx & s) ? 1 : 0, ry = (cy & s) ? 1 : 0;
    d += static_cast<std::uint64_t>(s) * s * ((3 * rx) ^ ry);
    if (ry == 0) {  // rotate the quadrant so the curve stays continuous
      if (rx == 1) cx = side - 1 - cx, cy = side - 1 - cy;
      std::swap(cx, cy);
    }
  }
  return d;
}

void label_components(Graph& g) {
  const std::uint32_t n = g.node_count();
  std::vector<std::uint32_t> comp(n, kNone), sizes, seed;
  std::vector<NodeId> stack;
  for (NodeId s = 0; s < n; ++s) {
    if (comp[s] != kNone) continue;
    const auto c = static_cast<std::uint32_t>(sizes.size());
    sizes.push_back(0), seed.push_back(s);
    comp[s] = c, stack.push_back(s);
    while (!stack.empty()) {
      const NodeId u = stack.back();
      stack.pop_back();
      ++sizes[c];
      for (auto a = g.first_out[u]; a < g.first_out[u + 1]; ++a)
        if (comp[g.head[a]] == kNone) comp[g.head[a]] = c, stack.push_back(g.head[a]);
    }
  }
  std::vector<std::uint32_t> order(sizes.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](auto a, auto b) {
    return sizes[a] != sizes[b] ? sizes[a] > sizes[b] : seed[a] < seed[b];
  });
  std::vector<std::uint32_t> rank(order.size());
  g.component_size.resize(order.size());
  for (std::uint32_t r = 0; r < order.size(); ++r) rank[order[r]] = r, g.component_size[r] = sizes[order[r]];
  g.component.resize(n);
  for (NodeId u = 0; u < n; ++u) g.component[u] = rank[comp[u]];
}

Graph build_graph(const NetworkInput& given) {
  const bool compounds = std::any_of(given.ways.begin(), given.ways.end(), [](const WayPiece& w) { return w.compound; });
  const NetworkInput split = compounds ? split_compound_gates(given) : NetworkInput{};
  const NetworkInput& in = compounds ? split : given;
  std::uint32_t n = 0;
  const auto node_of = mark_nodes(in, n);
  const std::uint32_t vertex_nodes = n;
  std::vector<RawEdge> raw;
  CrossingHubs hubs(in, n, raw);
  for (const auto& w : in.ways)
    if (w.vertices.size() >= 2) split_way(in, w, node_of, hubs, raw);

  std::vector<Point> xy(n);
  for (std::size_t v = 0; v < node_of.size(); ++v)
    if (node_of[v] != kNone) xy[node_of[v]] = in.vertices[v];
  std::copy(hubs.xy().begin(), hubs.xy().end(), xy.begin() + vertex_nodes);
  const auto order = hilbert_order(xy);
  std::vector<std::uint32_t> renum(n);
  Graph g;
  g.node_xy.resize(n);
  for (std::uint32_t i = 0; i < n; ++i) renum[order[i]] = i, g.node_xy[i] = xy[order[i]];

  for (auto& e : raw) {
    e.a = renum[e.a], e.b = renum[e.b];
    if (e.a > e.b) {
      std::swap(e.a, e.b), std::reverse(e.geom.begin(), e.geom.end());
      if (e.oneway) e.oneway = 2;  // now walked b -> a
    }
  }
  std::stable_sort(raw.begin(), raw.end(), [](const RawEdge& p, const RawEdge& q) {
    return std::tie(p.a, p.b, p.source) < std::tie(q.a, q.b, q.source);
  });
  g.class_names = in.class_names;
  g.geom_first.push_back(0);
  const bool graded = std::any_of(raw.begin(), raw.end(), [](const RawEdge& e) { return e.grade != Grade::ground; });
  const bool oneway = std::any_of(raw.begin(), raw.end(), [](const RawEdge& e) { return e.oneway != 0; });
  for (const auto& e : raw) {
    g.edge_u.push_back(e.a), g.edge_v.push_back(e.b), g.edge_length_m.push_back(e.length);
    g.edge_time_factor.push_back(e.factor), g.edge_extra_s.push_back(e.extra);
    g.edge_source.push_back(e.source), g.edge_class.push_back(e.cls);
    if (graded) g.edge_grade.push_back(static_cast<std::uint8_t>(e.grade));
    if (oneway) g.edge_oneway.push_back(e.oneway);
    g.geom_xy.insert(g.geom_xy.end(), e.geom.begin(), e.geom.end());
    g.geom_first.push_back(static_cast<std::uint32_t>(g.geom_xy.size()));
  }
  fill_csr(g);
  label_components(g);
  return g;
}

}  // namespace lc::network
