// lc::io GeoPackage rows written in bulk (see gpkg_rows.hpp).
#include "io/gpkg_rows.hpp"

#include <ogrsf_frmts.h>

#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <string_view>

#include "core/error.hpp"
#include "io/gpkg_rtree.hpp"
#include "io/sqlite.hpp"

namespace lc::io {

namespace {

using sqlite::quoted;
using sqlite::Statement;

template <class T>
void put_le(std::vector<unsigned char>& out, T v) {
  unsigned char bytes[sizeof(T)];
  std::memcpy(bytes, &v, sizeof(T));
  static_assert(std::endian::native == std::endian::little, "GeoPackage blobs are written little-endian");
  out.insert(out.end(), bytes, bytes + sizeof(T));
}

// A GeoPackage geometry blob (GeoPackage 1.2, 2.1.3.1): "GP", version 0, flags (little-endian,
// which envelope), the SRS id, the envelope, then the geometry as ISO WKB. Points carry no
// envelope, as GDAL writes them.
void encode(std::vector<unsigned char>& blob, const OGRGeometry& g, int srs_id, const OGREnvelope& env) {
  const bool point = wkbFlatten(g.getGeometryType()) == wkbPoint;
  blob.assign({'G', 'P', 0, static_cast<unsigned char>(point ? 0x01 : 0x03)});
  put_le(blob, static_cast<std::int32_t>(srs_id));
  if (!point)
    for (double v : {env.MinX, env.MaxX, env.MinY, env.MaxY}) put_le(blob, v);
  const std::size_t at = blob.size();
  blob.resize(at + g.WkbSize());
  g.exportToWkb(wkbNDR, blob.data() + at, wkbVariantIso);
}

void bind_cell(sqlite3_stmt* s, int at, const Cell& c) {
  if (const auto* text = std::get_if<std::string>(&c)) sqlite3_bind_text(s, at, text->data(), static_cast<int>(text->size()), SQLITE_STATIC);
  else if (const auto* n = std::get_if<long long>(&c)) sqlite3_bind_int64(s, at, *n);
  else if (const auto* v = std::get_if<double>(&c); v && std::isfinite(*v)) sqlite3_bind_double(s, at, *v);
  else sqlite3_bind_null(s, at);
}

bool has_table(const sqlite::Db& db, const std::string& name) {
  Statement q(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
  sqlite3_bind_text(q.get(), 1, name.c_str(), -1, SQLITE_TRANSIENT);
  return q.step();
}

int srs_id_of(const sqlite::Db& db, const std::string& table) {
  Statement q(db, "SELECT srs_id FROM gpkg_geometry_columns WHERE table_name = ?");
  sqlite3_bind_text(q.get(), 1, table.c_str(), -1, SQLITE_TRANSIENT);
  if (!q.step()) throw OutputError(db.shown(), "layer " + table + ": GDAL registered no geometry column");
  return sqlite3_column_int(q.get(), 0);
}

// GDAL's triggers on a layer's table other than the R-tree's (its feature count, kept in
// gpkg_ogr_contents), as GDAL wrote them: dropped for the bulk insert, where each would run an
// UPDATE per row (most of the insert's time), and created again unchanged afterwards.
std::vector<std::string> take_triggers(const sqlite::Db& db, const std::string& table) {
  Statement q(db, "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? ORDER BY name");
  sqlite3_bind_text(q.get(), 1, table.c_str(), -1, SQLITE_TRANSIENT);
  std::vector<std::string> names, sql;
  while (q.step()) {
    names.push_back(reinterpret_cast<const char*>(sqlite3_column_text(q.get(), 0)));
    sql.push_back(reinterpret_cast<const char*>(sqlite3_column_text(q.get(), 1)));
  }
  for (const std::string& name : names) db.exec("DROP TRIGGER " + quoted(name));
  return sql;
}

struct Placed {
  std::size_t k;  // the row within its batch
  OGREnvelope envelope;
};

// Binds rows [b, b + n) of the layer to the batch statement; `blobs` holds the geometries until
// it runs. Returns the rows that have a geometry.
std::vector<Placed> bind_batch(Statement& insert, const GpkgFill& l, int srs_id, std::size_t b, std::size_t n,
                               std::vector<std::vector<unsigned char>>& blobs, const std::string& path) {
  const Table& t = *l.table;
  const bool geometry = !l.geom_column.empty();
  const int width = static_cast<int>(l.columns.size()) + (geometry ? 1 : 0);
  std::vector<Placed> placed;
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t r = b + k;
    const int at = static_cast<int>(k) * width + 1;
    for (std::size_t i = 0; i < t.fields.size(); ++i)
      bind_cell(insert.get(), at + (geometry ? 1 : 0) + static_cast<int>(i), t.rows[r][i]);
    if (!geometry) continue;
    std::unique_ptr<OGRGeometry> g;
    if (!t.wkt[r].empty()) g = output_geometry(t.wkt[r], l.type, l.to_out, path, t.name, r);
    if (!g || g->IsEmpty()) {
      sqlite3_bind_null(insert.get(), at);
      continue;
    }
    OGREnvelope env;
    g->getEnvelope(&env);
    encode(blobs[k], *g, srs_id, env);
    sqlite3_bind_blob(insert.get(), at, blobs[k].data(), static_cast<int>(blobs[k].size()), SQLITE_STATIC);
    placed.push_back({k, env});
  }
  return placed;
}

// What GDAL would have kept up to date row by row: the feature count and the layer's extent.
void set_count_and_extent(const sqlite::Db& db, const std::string& table, std::size_t rows,
                          const std::optional<OGREnvelope>& extent) {
  if (has_table(db, "gpkg_ogr_contents")) {
    Statement count(db, "UPDATE gpkg_ogr_contents SET feature_count = ? WHERE lower(table_name) = lower(?)");
    sqlite3_bind_int64(count.get(), 1, static_cast<sqlite3_int64>(rows));
    sqlite3_bind_text(count.get(), 2, table.c_str(), -1, SQLITE_TRANSIENT);
    count.run();
  }
  if (!extent) return;
  Statement set(db, "UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ? WHERE table_name = ?");
  int at = 1;
  for (double v : {extent->MinX, extent->MinY, extent->MaxX, extent->MaxY}) sqlite3_bind_double(set.get(), at++, v);
  sqlite3_bind_text(set.get(), 5, table.c_str(), -1, SQLITE_TRANSIENT);
  set.run();
}

// "POINT (x y)" as the tools write it, read without OGR's general WKT parser (a quarter of
// writing a layer of points); both read the numbers correctly rounded, so the point is the same.
OGRGeometry* plain_point(const std::string& wkt) {
  constexpr std::string_view head = "POINT (";
  if (wkt.size() < head.size() + 4 || wkt.compare(0, head.size(), head) != 0 || wkt.back() != ')') return nullptr;
  const char* end = wkt.data() + wkt.size() - 1;
  double x = 0, y = 0;
  auto [after_x, ex] = std::from_chars(wkt.data() + head.size(), end, x);
  if (ex != std::errc() || after_x == end || *after_x != ' ') return nullptr;
  auto [after_y, ey] = std::from_chars(after_x + 1, end, y);
  if (ey != std::errc() || after_y != end) return nullptr;
  return new OGRPoint(x, y);
}

}  // namespace

std::unique_ptr<OGRGeometry> output_geometry(const std::string& wkt, OGRwkbGeometryType type,
                                             OGRCoordinateTransformation* to_out, const std::string& path,
                                             const std::string& layer, std::size_t row) {
  OGRGeometry* parsed = plain_point(wkt);
  if (!parsed && OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &parsed) != OGRERR_NONE)
    throw OutputError(path, "layer " + layer + ": bad geometry in row " + std::to_string(row));
  std::unique_ptr<OGRGeometry> g(type == wkbUnknown ? parsed : OGRGeometryFactory::forceTo(parsed, type));
  if (to_out && g->transform(to_out) != OGRERR_NONE)
    throw OutputError(path, "layer " + layer + ": row " + std::to_string(row) + " cannot be projected into the output CRS");
  return g;
}

GpkgLayerRows::GpkgLayerRows(const sqlite::Db& db, const GpkgFill& layer, std::string path)
    : db_(db), layer_(layer), path_(std::move(path)) {
  const std::string& name = layer_.table->name;
  triggers_ = take_triggers(db, name);
  if (!layer_.geom_column.empty()) {
    columns_.push_back(layer_.geom_column);
    srs_id_ = srs_id_of(db, name);
    rtree_ = std::make_unique<RtreePacker>(db, "rtree_" + name + "_" + layer_.geom_column);
  }
  columns_.insert(columns_.end(), layer_.columns.begin(), layer_.columns.end());
}

GpkgLayerRows::~GpkgLayerRows() = default;

void GpkgLayerRows::append(const Table& rows) {
  GpkgFill l = layer_;
  l.table = &rows;
  std::vector<std::vector<unsigned char>> blobs(kBatch);
  std::vector<Placed> placed;
  std::vector<RtreeEntry> boxes;
  sqlite::insert_batches(
      db_, layer_.table->name, columns_, rows.rows.size(), kBatch,
      [&](Statement& insert, std::size_t first, std::size_t n) { placed = bind_batch(insert, l, srs_id_, first, n, blobs, path_); },
      [&](std::size_t, std::size_t n) {
        // A fresh table numbers the rows of one INSERT consecutively.
        const std::int64_t first_fid = sqlite3_last_insert_rowid(db_.get()) - static_cast<std::int64_t>(n) + 1;
        for (const auto& [k, env] : placed) {
          boxes.push_back({first_fid + static_cast<std::int64_t>(k), env.MinX, env.MaxX, env.MinY, env.MaxY});
          if (!extent_) extent_ = env;
          extent_->Merge(env);
        }
      });
  rows_ += rows.rows.size();
  if (rtree_) rtree_->add(boxes);
}

void GpkgLayerRows::finish() {
  set_count_and_extent(db_, layer_.table->name, rows_, extent_);
  for (const std::string& sql : triggers_) db_.exec(sql);
  if (!rtree_) return;
  rtree_->finish();
  add_rtree_triggers(db_, layer_.table->name, layer_.geom_column, layer_.fid_column);
}

void fill_gpkg(const std::string& file, const std::string& path, const std::vector<GpkgFill>& layers) {
  const sqlite::Db db(file, path);
  // The file is a temporary one, synced and renamed by the caller once complete; a 64 MiB page
  // cache keeps the table's and the R-tree's pages from being written out and read back midway.
  db.exec("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -65536; BEGIN");
  for (const GpkgFill& l : layers) {
    GpkgLayerRows rows(db, l, path);
    rows.append(*l.table);
    rows.finish();
  }
  db.exec("COMMIT");
}

}  // namespace lc::io
