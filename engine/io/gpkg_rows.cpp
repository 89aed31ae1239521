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

// A point's blob as encode() writes an OGRPoint: no envelope, ISO WKB type 1, x then y.
void encode_point(std::vector<unsigned char>& blob, double x, double y, int srs_id) {
  blob.assign({'G', 'P', 0, 0x01});
  put_le(blob, static_cast<std::int32_t>(srs_id));
  blob.push_back(1);  // little-endian (wkbNDR)
  put_le(blob, static_cast<std::uint32_t>(1));
  put_le(blob, x);
  put_le(blob, y);
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

void bind_ref(sqlite3_stmt* s, int at, const CellRef& c) {
  if (const auto* text = std::get_if<std::string_view>(&c)) sqlite3_bind_text(s, at, text->data(), static_cast<int>(text->size()), SQLITE_STATIC);
  else if (const auto* n = std::get_if<long long>(&c)) sqlite3_bind_int64(s, at, *n);
  else if (const auto* v = std::get_if<double>(&c); v && std::isfinite(*v)) sqlite3_bind_double(s, at, *v);
  else sqlite3_bind_null(s, at);
}

// Binds rows [b, b + n) to the batch statement: bind_cells(row, first parameter) its fields,
// geometry(row, blob) its geometry into `blob` (its envelope; nullopt: none). `blobs` holds the
// geometries until the statement runs. Returns the rows that have a geometry.
template <class BindCells, class Geometry>
std::vector<Placed> bind_batch(Statement& insert, bool geometry_column, std::size_t fields, std::size_t b, std::size_t n,
                               std::vector<std::vector<unsigned char>>& blobs, BindCells bind_cells, Geometry geometry) {
  const int width = static_cast<int>(fields) + (geometry_column ? 1 : 0);
  std::vector<Placed> placed;
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t r = b + k;
    const int at = static_cast<int>(k) * width + 1;
    bind_cells(r, at + (geometry_column ? 1 : 0));
    if (!geometry_column) continue;
    const std::optional<OGREnvelope> env = geometry(r, blobs[k]);
    if (!env) {
      sqlite3_bind_null(insert.get(), at);
      continue;
    }
    sqlite3_bind_blob(insert.get(), at, blobs[k].data(), static_cast<int>(blobs[k].size()), SQLITE_STATIC);
    placed.push_back({k, *env});
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

template <class Bind>
void GpkgLayerRows::insert(std::size_t rows, Bind bind) {
  std::vector<Placed> placed;
  std::vector<RtreeEntry> boxes;
  sqlite::insert_batches(
      db_, layer_.table->name, columns_, rows, kBatch,
      [&](Statement& insert, std::size_t first, std::size_t n) { placed = bind(insert, first, n); },
      [&](std::size_t, std::size_t n) {
        // A fresh table numbers the rows of one INSERT consecutively.
        const std::int64_t first_fid = sqlite3_last_insert_rowid(db_.get()) - static_cast<std::int64_t>(n) + 1;
        for (const auto& [k, env] : placed) {
          boxes.push_back({first_fid + static_cast<std::int64_t>(k), env.MinX, env.MaxX, env.MinY, env.MaxY});
          if (!extent_) extent_ = env;
          extent_->Merge(env);
        }
      });
  rows_ += rows;
  if (rtree_) rtree_->add(boxes);
}

void GpkgLayerRows::append(const Table& rows) {
  std::vector<std::vector<unsigned char>> blobs(kBatch);
  const bool geometry = !layer_.geom_column.empty();
  insert(rows.rows.size(), [&](Statement& insert, std::size_t first, std::size_t n) {
    return bind_batch(
        insert, geometry, rows.fields.size(), first, n, blobs,
        [&](std::size_t r, int at) {
          for (std::size_t i = 0; i < rows.fields.size(); ++i) bind_cell(insert.get(), at + static_cast<int>(i), rows.rows[r][i]);
        },
        [&](std::size_t r, std::vector<unsigned char>& blob) -> std::optional<OGREnvelope> {
          if (rows.wkt[r].empty()) return std::nullopt;
          const auto g = output_geometry(rows.wkt[r], layer_.type, layer_.to_out, path_, rows.name, r);
          if (g->IsEmpty()) return std::nullopt;
          OGREnvelope env;
          g->getEnvelope(&env);
          encode(blob, *g, srs_id_, env);
          return env;
        });
  });
}

void GpkgLayerRows::append(const RowBlock& rows, PointCache& points) {
  if (rows.width != layer_.columns.size()) throw std::logic_error("GpkgLayerRows: rows of " + rows.name + " do not have the layer's fields");
  std::vector<std::vector<unsigned char>> blobs(kBatch);
  const bool geometry = !layer_.geom_column.empty();
  insert(rows.size(), [&](Statement& insert, std::size_t first, std::size_t n) {
    return bind_batch(
        insert, geometry, rows.width, first, n, blobs,
        [&](std::size_t r, int at) {
          const CellRef* row = rows.cells.data() + r * rows.width;
          for (std::size_t i = 0; i < rows.width; ++i) bind_ref(insert.get(), at + static_cast<int>(i), row[i]);
        },
        [&](std::size_t r, std::vector<unsigned char>& blob) -> std::optional<OGREnvelope> {
          const std::uint32_t o = rows.point[r];
          if (o == RowBlock::kNoPoint) return std::nullopt;
          const std::string& wkt = (*rows.points)[o];
          if (wkt.empty()) return std::nullopt;
          if (layer_.type == wkbPoint)
            if (const auto xy = points.point(rows.points, o, layer_.to_out, path_, rows.name, r)) {
              if (!*xy) return std::nullopt;  // an empty point: no geometry
              const auto [x, y] = **xy;
              encode_point(blob, x, y, srs_id_);
              OGREnvelope env;
              env.MinX = env.MaxX = x, env.MinY = env.MaxY = y;
              return env;
            }
          const auto g = output_geometry(wkt, layer_.type, layer_.to_out, path_, rows.name, r);
          if (g->IsEmpty()) return std::nullopt;
          OGREnvelope env;
          g->getEnvelope(&env);
          encode(blob, *g, srs_id_, env);
          return env;
        });
  });
}

std::optional<std::optional<std::pair<double, double>>> PointCache::point(const std::vector<std::string>* list, std::uint32_t i,
                                                                          OGRCoordinateTransformation* to_out, const std::string& path,
                                                                          const std::string& layer, std::size_t row) {
  if (list != list_ || to_out != to_out_) {  // another list or CRS: start over
    list_ = list, to_out_ = to_out;
    state_.assign(list->size(), kUnknown);
    xy_.assign(2 * list->size(), 0.0);
  }
  if (state_[i] == kUnknown) {
    const auto g = output_geometry((*list)[i], wkbPoint, to_out, path, layer, row);
    if (g->IsEmpty()) state_[i] = kNone;
    else if (wkbFlatten(g->getGeometryType()) != wkbPoint || g->Is3D() || g->IsMeasured()) state_[i] = kOther;
    else {
      const auto* p = g->toPoint();
      xy_[2 * i] = p->getX(), xy_[2 * i + 1] = p->getY();
      state_[i] = kPoint;
    }
  }
  switch (state_[i]) {
    case kNone: return std::optional<std::pair<double, double>>{};
    case kPoint: return std::optional<std::pair<double, double>>{std::pair{xy_[2 * i], xy_[2 * i + 1]}};
    default: return std::nullopt;
  }
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
