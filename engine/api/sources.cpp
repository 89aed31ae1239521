#include "api/sources.hpp"

#include <lifecircle/error.hpp>

#include <cpl_conv.h>
#include <ogr_api.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>
#include <map>

#include "core/context.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "io/chinese_coords.hpp"
#include "io/convert_file.hpp"
#include "io/crs.hpp"
#include "io/osm_reader.hpp"
#include "io/table_writer.hpp"
#include "io/vector_reader.hpp"

#include <dlfcn.h>

#ifndef LIFECIRCLE_SOURCE_DATA_DIR
#define LIFECIRCLE_SOURCE_DATA_DIR "data"
#endif
#ifndef LIFECIRCLE_LIB_TO_DATA
#define LIFECIRCLE_LIB_TO_DATA "../share/lifecircle"
#endif

namespace lc::api {

io::ChineseDatum engine_datum(lifecircle::Datum d) {
  switch (d) {
    case lifecircle::Datum::gcj02: return io::ChineseDatum::gcj02;
    case lifecircle::Datum::bd09: return io::ChineseDatum::bd09;
    case lifecircle::Datum::wgs84: break;
  }
  return io::ChineseDatum::wgs84;
}

namespace {

void undo_datum(io::ChineseDatum d, std::vector<LonLat>& pts) {
  if (d == io::ChineseDatum::wgs84) return;
  for (auto& p : pts) p = io::convert(p, d, io::ChineseDatum::wgs84);
}

std::string ring_wkt(const std::vector<lifecircle::LonLat>& ring) {
  std::string s = "(";
  for (std::size_t i = 0; i <= ring.size(); ++i) {
    const auto& p = ring[i % ring.size()];  // closed whether or not the caller closed it
    if (i == ring.size() && ring.size() > 1 && ring.front().lon == ring.back().lon && ring.front().lat == ring.back().lat) break;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s%.10f %.10f", i ? ", " : "", p.lon, p.lat);
    s += buf;
  }
  return s + ")";
}

}  // namespace

lifecircle::Network network_of(const lifecircle::NetworkSource& s, const std::optional<lifecircle::Network>& built) {
  if (built) return *built;
  NetworkSource src{s.path, io::is_osm_path(s.path), {}, {s.merge_tolerance_m, s.node_crossings}};
  src.datum = engine_datum(s.datum);
  src.class_field = s.class_field;
  src.dem = s.dem;
  src.profile = network::walk_profile(s.walk_profile);
  io::VectorLayer streets;
  if (s.path.empty()) {
    if (s.streets.empty()) throw UsageError(Field{"network"}, "no file and no streets given");
    streets.file = src.spec = "streets";
    for (std::size_t i = 0; i < s.streets.size(); ++i) {
      io::VectorFeature f{std::to_string(i), {{}}, "", {}, {s.streets[i].street_class}};
      for (const auto& p : s.streets[i].points) f.parts[0].push_back({p.lon, p.lat});
      if (f.parts[0].size() < 2) throw InputError({"streets", "", "street " + std::to_string(i)}, "has fewer than two points");
      streets.features.push_back(std::move(f));
    }
    src.osm = false;
    src.streets = &streets;
  }
  auto impl = std::make_shared<lifecircle::Network::Impl>();
  impl->net = load_network(src, s.epsg);
  impl->source = src.spec;
  return lifecircle::Network(std::move(impl));
}

CategorizedFacilities facilities_of(const lifecircle::FacilitySource& s, const access::Catalog& catalog) {
  CategorizedFacilities fac;
  if (!s.path.empty()) {
    fac = load_catalog_facilities(s.path, catalog, s.category_field, s.id_field, s.capacity_field);
    undo_datum(engine_datum(s.datum), fac.points.lonlat);
    return fac;
  }
  fac.points.source = "facilities";
  for (const auto& f : s.points) {
    const auto i = static_cast<std::uint32_t>(fac.points.ids.size());
    if (!(f.capacity > 0)) throw InputError({"facilities", "", "facility " + f.id}, "capacity is not a positive number");
    fac.points.ids.push_back(f.id);
    fac.points.categories.push_back(f.categories.size() == 1 ? f.categories[0] : "");
    fac.points.lonlat.push_back({f.at.lon, f.at.lat});
    fac.points.capacity.push_back(f.capacity);
    for (const auto& c : f.categories) fac.members[c].push_back(i);
  }
  undo_datum(engine_datum(s.datum), fac.points.lonlat);
  return fac;
}

OriginRequest origin_request(const lifecircle::OriginSource& s) {
  OriginRequest r;
  r.spec = s.path;
  r.type = s.type;
  r.fields = {s.fields.id, s.fields.population, s.fields.elderly_share, s.fields.households, s.fields.persons_per_household};
  r.entrances = s.entrances;
  r.grid_boundary = s.grid_boundary;
  r.grid_shape = s.grid_shape;
  r.grid_cell_m = s.grid_cell_m;
  return r;
}

lifecircle::OriginSource origin_source(const OriginRequest& q, lifecircle::Datum datum) {
  lifecircle::OriginSource r;
  r.path = q.spec;
  r.type = q.type;
  r.fields = {q.fields.id, q.fields.population, q.fields.elderly_share, q.fields.households, q.fields.persons_per_household};
  r.entrances = q.entrances;
  r.grid_cell_m = q.grid_cell_m;
  r.grid_shape = q.grid_shape;
  r.grid_boundary = q.grid_boundary;
  r.datum = datum;
  return r;
}

namespace {

lifecircle::Datum public_datum(io::ChineseDatum d) {
  return d == io::ChineseDatum::gcj02 ? lifecircle::Datum::gcj02
         : d == io::ChineseDatum::bd09 ? lifecircle::Datum::bd09
                                        : lifecircle::Datum::wgs84;
}

[[noreturn]] void input_crs_error(const std::string& item, const std::string& what) {
  throw UsageError(lifecircle::FieldText{"{input_crs} " + item + ": " + what, {"input_crs"}});
}

}  // namespace

void apply_input_crs(lifecircle::CoverageRequest& r, const std::vector<std::string>& declared) {
  const std::map<std::string, std::string> specs = {
      {"network", r.network.path}, {"facilities", r.facilities.path}, {"origins", r.origins.path},
      {"units", r.units.path}, {"entrances", r.origins.entrances}, {"grid-boundary", r.origins.grid_boundary}};
  std::map<std::string, lifecircle::Datum> datum;
  for (const auto& item : declared) {
    const auto eq = item.find('=');
    const std::string layer = item.substr(0, eq), value = eq == std::string::npos ? "" : item.substr(eq + 1);
    auto it = specs.find(layer);
    if (eq == std::string::npos || it == specs.end())
      input_crs_error(item, "expected LAYER=gcj02|bd09|EPSG:N with LAYER one of network, facilities, origins, units, "
                            "entrances, grid-boundary");
    if (it->second.empty()) input_crs_error(item, "no " + layer + " layer was given");
    if (value.rfind("EPSG:", 0) == 0 || value.rfind("epsg:", 0) == 0) {
      current_context().input_epsg[io::parse_layer_ref(it->second).file] = io::parse_epsg(value);
      continue;
    }
    const lifecircle::Datum d = public_datum(io::parse_chinese_datum(value));
    const lifecircle::Datum origins = datum.count("origins") ? datum["origins"] : lifecircle::Datum::wgs84;
    if ((layer == "entrances" || layer == "grid-boundary") && d != origins)
      input_crs_error(item, "entrances and the grid boundary must share the origins' datum (say origins=" + value + " too)");
    if (layer == "network" && io::is_osm_path(r.network.path)) input_crs_error("network=" + value, "OSM data is always WGS84");
    datum[layer] = d;
  }
  const auto of = [&](const char* layer) { return datum.count(layer) ? datum[layer] : lifecircle::Datum::wgs84; };
  r.network.datum = of("network");
  r.facilities.datum = r.plan_facilities.datum = of("facilities");
  r.origins.datum = of("origins");
  r.units.datum = of("units");
}

access::OriginSet origins_of(const lifecircle::OriginSource& s, const io::Projector& metric) {
  access::OriginSet set;
  if (!s.path.empty()) {
    set = load_origin_set(origin_request(s), metric);
  } else {
    set.source = "origins";
    for (const auto& o : s.points) {
      if (!(o.population >= 0)) throw InputError({"origins", "", "origin " + o.id}, "population is not a number >= 0");
      const LonLat at{o.at.lon, o.at.lat};
      set.origins.push_back({o.id, o.population, o.elderly_share, o.community, {at}, at, ""});
    }
  }
  const io::ChineseDatum d = engine_datum(s.datum);
  if (d != io::ChineseDatum::wgs84)
    for (auto& o : set.origins) {
      undo_datum(d, o.access);
      o.centre = io::convert(o.centre, d, io::ChineseDatum::wgs84);
      if (!o.wkt.empty()) o.wkt = io::convert_wkt(o.wkt, d, io::ChineseDatum::wgs84);
    }
  return set;
}

std::vector<access::Unit> units_of(const lifecircle::UnitSource& s) {
  std::vector<access::Unit> units;
  if (!s.path.empty()) {
    units = access::load_units(s.path, s.name_field);
  } else {
    for (const auto& u : s.polygons) {
      if (u.name.empty()) throw InputError({"units", "", ""}, "a unit has no name");
      std::string wkt = "POLYGON (";
      for (std::size_t r = 0; r < u.rings.size(); ++r) {
        if (u.rings[r].size() < 3) throw InputError({"units", "", "unit " + u.name}, "a ring has fewer than three points");
        wkt += (r ? ", " : "") + ring_wkt(u.rings[r]);
      }
      if (u.rings.empty()) throw InputError({"units", "", "unit " + u.name}, "has no ring");
      units.push_back({u.name, wkt + ")"});
    }
  }
  if (const auto d = engine_datum(s.datum); d != io::ChineseDatum::wgs84)
    for (auto& u : units) u.wkt = io::convert_wkt(u.wkt, d, io::ChineseDatum::wgs84);
  return units;
}

access::Catalog catalog_of(const std::string& path) {
  return access::load_catalog(path.empty() ? lifecircle::Catalog::default_path() : path);
}

lifecircle::Table public_table(const io::Table& t) {
  lifecircle::Table out;
  out.name = t.name;
  out.description = t.description;
  out.has_geometry = t.has_geometry;
  for (const auto& f : t.fields) {
    lifecircle::Column c;
    c.name = f.name;
    c.type = f.type == io::FieldType::real      ? lifecircle::ColumnType::real
             : f.type == io::FieldType::integer ? lifecircle::ColumnType::integer
                                                : lifecircle::ColumnType::text;
    out.columns.push_back(std::move(c));
  }
  for (const auto& row : t.rows)
    for (std::size_t i = 0; i < out.columns.size(); ++i) {
      lifecircle::Column& c = out.columns[i];
      const io::Cell& cell = i < row.size() ? row[i] : io::Cell{};
      const bool null = std::holds_alternative<std::monostate>(cell);
      c.null.push_back(null);
      switch (c.type) {
        case lifecircle::ColumnType::real:
          c.real.push_back(std::holds_alternative<double>(cell)      ? std::get<double>(cell)
                           : std::holds_alternative<long long>(cell) ? static_cast<double>(std::get<long long>(cell))
                                                                     : 0.0);
          break;
        case lifecircle::ColumnType::integer:
          c.integer.push_back(std::holds_alternative<long long>(cell) ? std::get<long long>(cell)
                              : std::holds_alternative<double>(cell)  ? static_cast<std::int64_t>(std::get<double>(cell))
                                                                      : 0);
          break;
        case lifecircle::ColumnType::text:
          c.text.push_back(std::holds_alternative<std::string>(cell) ? std::get<std::string>(cell) : io::format_cell(cell));
          break;
      }
    }
  if (t.has_geometry)
    for (const auto& wkt : t.wkt) {
      std::string bytes;
      if (!wkt.empty()) {
        char* text = const_cast<char*>(wkt.c_str());
        OGRGeometryH g = nullptr;
        if (OGR_G_CreateFromWkt(&text, nullptr, &g) == OGRERR_NONE && g) {
          bytes.resize(static_cast<std::size_t>(OGR_G_WkbSize(g)));
          OGR_G_ExportToIsoWkb(g, wkbNDR, reinterpret_cast<unsigned char*>(bytes.data()));
          OGR_G_DestroyGeometry(g);
        }
      }
      out.wkb.push_back(std::move(bytes));
    }
  return out;
}

namespace {

// The WKT of ISO WKB ("" when it does not parse).
std::string wkt_of(const std::string& wkb) {
  OGRGeometryH g = nullptr;
  if (OGR_G_CreateFromWkb(reinterpret_cast<const unsigned char*>(wkb.data()), nullptr, &g,
                          static_cast<int>(wkb.size())) != OGRERR_NONE || !g)
    return {};
  char* text = nullptr;
  std::string out;
  if (OGR_G_ExportToIsoWkt(g, &text) == OGRERR_NONE && text) out = text;
  CPLFree(text);
  OGR_G_DestroyGeometry(g);
  return out;
}

}  // namespace

io::Table engine_table(const lifecircle::Table& t, bool every_geometry) {
  io::Table out;
  out.name = t.name;
  out.description = t.description;
  out.has_geometry = t.has_geometry;
  for (const lifecircle::Column& c : t.columns)
    out.fields.push_back({c.name, c.type == lifecircle::ColumnType::real      ? io::FieldType::real
                                  : c.type == lifecircle::ColumnType::integer ? io::FieldType::integer
                                                                              : io::FieldType::text});
  const std::size_t n = t.rows();
  out.rows.resize(n);
  for (std::size_t r = 0; r < n; ++r) {
    auto& row = out.rows[r];
    row.reserve(t.columns.size());
    for (const lifecircle::Column& c : t.columns) {
      if (c.null[r]) row.emplace_back();
      else if (c.type == lifecircle::ColumnType::real) row.emplace_back(c.real[r]);
      else if (c.type == lifecircle::ColumnType::integer) row.emplace_back(static_cast<long long>(c.integer[r]));
      else row.emplace_back(c.text[r]);
    }
  }
  if (t.has_geometry) {
    out.wkt.assign(n, std::string());
    for (std::size_t r = 0; r < n && r < t.wkb.size(); ++r)
      if (!t.wkb[r].empty() && !(out.wkt[r] = wkt_of(t.wkb[r])).empty() && !every_geometry) break;
  }
  return out;
}

std::string data_path(const std::string& relative) {
  if (const char* env = std::getenv("LIFECIRCLE_DATA")) return std::string(env) + "/" + relative;
  // Installed: the data folder beside the shared library this code was loaded from.
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&data_path), &info) != 0 && info.dli_fname) {
    const std::filesystem::path installed =
        std::filesystem::path(info.dli_fname).parent_path() / LIFECIRCLE_LIB_TO_DATA / relative;
    std::error_code ec;
    if (std::filesystem::exists(installed, ec)) return installed.lexically_normal().string();
  }
  return LIFECIRCLE_SOURCE_DATA_DIR "/" + relative;
}

std::string group_name(access::Population p) { return std::string(access::to_string(p)); }

}  // namespace lc::api

namespace lifecircle {

const Column* Table::column(const std::string& wanted) const {
  for (const auto& c : columns)
    if (c.name == wanted) return &c;
  return nullptr;
}

std::size_t Network::nodes() const { return impl_->net.graph.node_count(); }
std::size_t Network::edges() const { return impl_->net.graph.edge_count(); }
std::size_t Network::components() const { return impl_->net.graph.component_size.size(); }
int Network::epsg() const { return impl_->net.projector->epsg(); }
const std::string& Network::source() const { return impl_->source; }

std::string Catalog::default_path() { return lc::api::data_path("geo/categories.toml"); }

Catalog Catalog::load(const std::string& path) {
  auto impl = std::make_shared<Impl>();
  impl->catalog = lc::api::catalog_of(path);
  return Catalog(std::move(impl));
}

const std::string& Catalog::path() const { return impl_->catalog.path; }

std::vector<CategoryInfo> Catalog::categories() const {
  std::vector<CategoryInfo> out;
  for (const auto& c : impl_->catalog.categories) {
    const double v = lc::access::effective_speed_mps(impl_->catalog, c);
    out.push_back({c.id, c.name_en.empty() ? c.name_zh : c.name_en, c.level, lc::api::group_name(c.population),
                   lc::access::threshold_seconds(c, v), v, c.name_zh, c.name_en});
  }
  return out;
}

}  // namespace lifecircle
