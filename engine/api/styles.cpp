// The public layer_styles (include/lifecircle/styles.hpp): public tables back into the engine's
// io::Table, styled by lc::report as the command line's outputs are.
#include <lifecircle/styles.hpp>

#include <cpl_conv.h>
#include <ogr_api.h>

#include <memory>

#include "io/table.hpp"
#include "report/styles.hpp"

namespace lifecircle {
namespace {

// The WKT of ISO WKB (the report only reads the kind of the first geometry).
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

lc::io::Table engine_table(const Table& t) {
  lc::io::Table out;
  out.name = t.name;
  out.description = t.description;
  out.has_geometry = t.has_geometry;
  for (const Column& c : t.columns)
    out.fields.push_back({c.name, c.type == ColumnType::real      ? lc::io::FieldType::real
                                  : c.type == ColumnType::integer ? lc::io::FieldType::integer
                                                                  : lc::io::FieldType::text});
  const std::size_t n = t.rows();
  out.rows.resize(n);
  for (std::size_t r = 0; r < n; ++r) {
    auto& row = out.rows[r];
    row.reserve(t.columns.size());
    for (const Column& c : t.columns) {
      if (c.null[r]) row.emplace_back();
      else if (c.type == ColumnType::real) row.emplace_back(c.real[r]);
      else if (c.type == ColumnType::integer) row.emplace_back(static_cast<long long>(c.integer[r]));
      else row.emplace_back(c.text[r]);
    }
  }
  if (t.has_geometry) {
    out.wkt.assign(n, std::string());
    for (std::size_t r = 0; r < n && r < t.wkb.size(); ++r)
      if (!t.wkb[r].empty() && !(out.wkt[r] = wkt_of(t.wkb[r])).empty()) break;
  }
  return out;
}

}  // namespace

std::vector<LayerStyle> layer_styles(const std::vector<const Table*>& tables) {
  std::vector<LayerStyle> out;
  for (const Table* t : tables) {
    if (!t || !t->has_geometry) continue;
    const lc::io::Table e = engine_table(*t);
    bool first = true;
    for (auto& s : lc::report::layer_styles({&e})) {
      out.push_back({std::move(s.layer), std::move(s.name), std::move(s.qml), std::move(s.sld), std::move(s.description), first});
      first = false;
    }
  }
  return out;
}

}  // namespace lifecircle
