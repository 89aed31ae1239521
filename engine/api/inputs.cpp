#include "api/inputs.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <cstdlib>

#include "core/error.hpp"
#include "core/log.hpp"
#include "core/text.hpp"
#include "io/osm_reader.hpp"
#include "io/vector_reader.hpp"
#include "network/builder.hpp"
#include "network/from_osm.hpp"
#include "network/slope.hpp"

namespace lc::api {

std::string builtin_osm_category(const TagList& tags) {
  const char* shop = find_tag(tags, "shop");
  const char* amenity = find_tag(tags, "amenity");
  const std::string s = shop ? shop : "", a = amenity ? amenity : "";
  if (s == "convenience" || s == "supermarket") return "convenience";
  if (a == "clinic" || a == "doctors" || a == "hospital") return "clinic";
  if (a == "pharmacy") return "pharmacy";
  if (a == "social_facility" && tag_is(tags, "social_facility:for", "senior")) return "elder_care";
  return "";
}

namespace {

// Capacity must be a positive number; an empty value counts as 1 (unknown), with a warning.
double capacity_of(const io::VectorLayer& layer, const io::VectorFeature& f, const std::string& text,
                   const std::string& field) {
  if (text.empty()) {
    log::warn(describe({layer.file, layer.layer, "feature " + f.id}) + "no " + field + "; capacity taken as 1");
    return 1.0;
  }
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || *end != '\0' || !(v > 0) || !std::isfinite(v))
    throw InputError({layer.file, layer.layer, "feature " + f.id}, field + " '" + text + "' is not a positive number");
  return v;
}

std::string osm_id(const io::OsmPoi& p) { return std::string(1, p.kind) + std::to_string(p.id); }

PointSet from_osm_pois(const std::string& path, const io::TagFilter& keep,
                       const std::function<std::string(const TagList&)>& category) {
  const io::OsmData osm = io::read_osm(path, nullptr, keep);
  PointSet out{path, {}, {}, {}, {}};
  for (const auto& p : osm.pois) {
    out.capacity.push_back(1.0);
    out.ids.push_back(osm_id(p));
    out.categories.push_back(category(p.tags));
    out.lonlat.push_back(p.location);
  }
  return out;
}

PointSet from_vector(const std::string& spec, const std::string& category_field,
                     const std::string& id_field, const std::string& capacity_field = "") {
  io::ReadRequest req{io::GeomKind::points, id_field, {}};
  if (!category_field.empty()) req.fields.push_back(category_field);
  if (!capacity_field.empty()) req.fields.push_back(capacity_field);
  const io::VectorLayer layer = io::read_vector(io::parse_layer_ref(spec), req);
  for (const auto& w : layer.warnings) log::warn(w);
  PointSet out{spec, {}, {}, {}, {}};
  for (const auto& f : layer.features) {
    out.ids.push_back(f.id);
    out.categories.push_back(category_field.empty() ? "all" : f.values[0]);
    out.lonlat.push_back(f.parts[0][0]);
    out.capacity.push_back(capacity_field.empty() ? 1.0 : capacity_of(layer, f, f.values.back(), capacity_field));
  }
  return out;
}

}  // namespace

// Ids name rows in every output: two features with one id would make them ambiguous.
void check_unique_ids(const PointSet& pts) {
  std::map<std::string, std::size_t> first;
  for (std::size_t i = 0; i < pts.ids.size(); ++i) {
    auto [it, fresh] = first.emplace(pts.ids[i], i);
    if (!fresh)
      throw InputError({pts.source, "", ""}, "id '" + pts.ids[i] + "' is used by features #" +
                                                 std::to_string(it->second + 1) + " and #" + std::to_string(i + 1) +
                                                 " (in layer order)");
  }
  if (pts.ids.empty()) log::warn("no features in " + pts.source);
}

PointSet load_facilities(const std::string& spec, const std::string& category_field,
                         const std::string& id_field, const std::string& capacity_field) {
  if (!io::is_osm_path(spec)) {
    PointSet pts = from_vector(spec, category_field, id_field, capacity_field);
    check_unique_ids(pts);
    return pts;
  }
  if (!category_field.empty() || !id_field.empty())
    throw UsageError("facilities (" + spec + "): a category field and an id field do not apply to OSM data, "
                     "whose categories come from tags and ids are OSM ids");
  return from_osm_pois(
      spec, [](const TagList& t) { return !builtin_osm_category(t).empty(); }, builtin_osm_category);
}

PointSet load_origins(const std::string& spec, const std::string& id_field) {
  if (!io::is_osm_path(spec)) {
    PointSet pts = from_vector(spec, "", id_field);
    check_unique_ids(pts);
    return pts;
  }
  // From an OSM file every building is a home candidate, at a point inside it.
  return from_osm_pois(
      spec, [](const TagList& t) { return find_tag(t, "building") != nullptr; },
      [](const TagList&) { return std::string("all"); });
}

std::vector<Point> project(const io::Projector& p, const std::vector<LonLat>& pts) {
  std::vector<Point> out;
  out.reserve(pts.size());
  for (const auto& ll : pts) out.push_back(p.forward(ll));
  return out;
}

namespace {

BBox extent(const std::vector<LonLat>& pts) {
  BBox b;
  for (const auto& p : pts) b.add(p.lon, p.lat);
  return b;
}

// The field holding the street class: the one named, or else the usual names of OSM-derived
// (highway, Geofabrik's fclass) and synthetic (class) line layers; "" when the layer has none.
std::string class_field_of(const io::LayerRef& ref, const std::string& named) {
  if (!named.empty()) return named;
  const auto fields = io::layer_fields(ref);
  for (const char* usual : {"highway", "fclass", "class"})
    for (const auto& f : fields)
      if (same_name(f, usual)) return f;
  return "";
}

}  // namespace

LoadedNetwork load_network(const NetworkSource& src, std::optional<int> epsg) {
  LoadedNetwork out;
  network::NetworkInput input;
  if (src.osm) {
    const auto profile = src.profile;
    const io::OsmData osm = io::read_osm(src.spec, [&](const TagList& t) { return network::network_way(t, profile); }, nullptr);
    std::vector<LonLat> all;  // the ways walked (not the outlines of residential land)
    for (const auto& w : osm.ways)
      if (!network::residential_land(w.tags) || network::walk_access(w.tags, profile).walkable)
        all.insert(all.end(), w.coords.begin(), w.coords.end());
    if (all.empty()) throw InputError({src.spec, "", ""}, "has no walkable ways");
    out.projector = std::make_unique<io::Projector>(epsg ? *epsg : io::utm_epsg_for(extent(all)));
    input = network::input_from_osm(osm, *out.projector, profile);
    out.source_ways = osm.ways.size();
  } else {
    std::string class_field = "class";  // given streets carry their class as their one value
    io::VectorLayer layer;
    if (src.streets) {
      layer = *src.streets;
    } else {
      const io::LayerRef ref = io::parse_layer_ref(src.spec);
      class_field = class_field_of(ref, src.class_field);
      io::ReadRequest request{io::GeomKind::lines, "", {}};
      if (!class_field.empty()) request.fields.push_back(class_field);
      layer = io::read_vector(ref, request);
    }
    for (const auto& w : layer.warnings) log::warn(w);
    std::vector<LonLat> all;
    io::VectorLayer lines = layer;
    if (src.datum != io::ChineseDatum::wgs84)
      for (auto& f : lines.features)
        for (auto& part : f.parts)
          for (auto& p : part) p = io::convert(p, src.datum, io::ChineseDatum::wgs84);
    for (const auto& f : lines.features)
      for (const auto& part : f.parts) all.insert(all.end(), part.begin(), part.end());
    if (all.empty()) throw InputError({layer.file, layer.layer, ""}, "has no lines");
    out.projector = std::make_unique<io::Projector>(epsg ? *epsg : io::utm_epsg_for(extent(all)));
    network::LineOptions options = src.lines;
    if (!class_field.empty()) options.class_value = 0;
    input = network::input_from_lines(lines, *out.projector, options);
    out.source_ways = layer.features.size();
  }
  out.graph = network::build_graph(input);
  if (out.graph.edge_count() == 0) throw InputError({src.spec, "", ""}, "has no walkable edges");
  if (!src.dem.empty()) {
    BBox box;
    for (const auto& p : out.graph.geom_xy) box.add(p.x, p.y);
    const io::Dem dem(src.dem, out.projector->epsg(), box);
    const auto st = network::apply_dem(out.graph, dem, network::dem_spacing_m(dem));
    log::info("slope from " + src.dem + ": " + std::to_string(st.edges) + " edges read every " +
              std::to_string(static_cast<int>(std::lround(st.spacing_m))) + " m (steepest piece " +
              std::to_string(static_cast<int>(std::lround(st.max_rise * 100))) + "%)");
    if (st.partly_flat > 0)
      log::warn(src.dem + ": " + std::to_string(st.partly_flat) +
                " edges lie partly outside the DEM or on nodata cells and are walked flat there");
  }
  return out;
}

}  // namespace lc::api
