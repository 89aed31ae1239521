// lc::io GeoPackage R-trees packed in bulk (see gpkg_rtree.hpp).
#include "io/gpkg_rtree.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <memory>
#include <span>

#include "core/error.hpp"

namespace lc::io {

namespace {

// A cell of SQLite's R*Tree node: a row id in a leaf, a child node number above; the box rounded
// outwards to 32-bit floats, as SQLite stores it.
struct Cell {
  std::int64_t id;
  float minx, maxx, miny, maxy;
};

// Rounded the way SQLite's R*Tree rounds what is inserted through SQL (and GDAL's triggers with
// it), so that a packed box is the very box an insert would have stored.
float down(double d) {
  const auto f = static_cast<float>(d);
  constexpr double towards = 1.0 - 1.0 / 8388608.0, away = 1.0 + 1.0 / 8388608.0;
  return static_cast<double>(f) > d ? static_cast<float>(d * (d < 0 ? away : towards)) : f;
}
float up(double d) {
  const auto f = static_cast<float>(d);
  constexpr double towards = 1.0 - 1.0 / 8388608.0, away = 1.0 + 1.0 / 8388608.0;
  return static_cast<double>(f) < d ? static_cast<float>(d * (d < 0 ? towards : away)) : f;
}

std::string quoted(const std::string& name) {
  std::string q = "\"";
  for (char c : name) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

class Statement {
 public:
  Statement(sqlite3* db, const std::string& sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s_, nullptr) != SQLITE_OK)
      throw OutputError(sqlite3_db_filename(db, "main"), "cannot prepare " + sql + ": " + sqlite3_errmsg(db));
  }
  ~Statement() { sqlite3_finalize(s_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  sqlite3_stmt* get() const { return s_; }
  // Runs the statement once with what is bound and resets it for the next row.
  void step() {
    const int rc = sqlite3_step(s_);
    sqlite3_reset(s_);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
      throw OutputError(sqlite3_db_filename(db_, "main"), std::string("cannot write the spatial index: ") + sqlite3_errmsg(db_));
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* s_ = nullptr;
};

void exec(sqlite3* db, const std::string& sql) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    const std::string what = message ? message : sqlite3_errmsg(db);
    sqlite3_free(message);
    throw OutputError(sqlite3_db_filename(db, "main"), "cannot write the spatial index: " + what);
  }
}

// SQLite's node format (rtree.c): the tree depth (root only) and the cell count as big-endian
// 16-bit numbers, then each cell's 64-bit id and its four coordinates, all big-endian.
std::vector<unsigned char> encode(std::span<const Cell> cells, int depth, std::size_t node_size) {
  std::vector<unsigned char> blob(node_size, 0);
  auto put = [&](std::size_t at, std::uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) blob[at + i] = static_cast<unsigned char>(v >> (8 * (bytes - 1 - i)));
  };
  put(0, static_cast<std::uint64_t>(depth), 2);
  put(2, cells.size(), 2);
  std::size_t at = 4;
  for (const Cell& c : cells) {
    put(at, static_cast<std::uint64_t>(c.id), 8);
    at += 8;
    for (float v : {c.minx, c.maxx, c.miny, c.maxy}) put(at, std::bit_cast<std::uint32_t>(v), 4), at += 4;
  }
  return blob;
}

Cell bounds(std::int64_t id, std::span<const Cell> cells) {
  Cell b{id, cells[0].minx, cells[0].maxx, cells[0].miny, cells[0].maxy};
  for (const Cell& c : cells)
    b.minx = std::min(b.minx, c.minx), b.maxx = std::max(b.maxx, c.maxx), b.miny = std::min(b.miny, c.miny),
    b.maxy = std::max(b.maxy, c.maxy);
  return b;
}

// Sort-tile-recursive packing: cells sorted by the x of their centres are cut into about
// sqrt(nodes) vertical slices, each slice sorted by y and cut into nodes of near-equal size, at
// most `cap` cells. Returns where each node ends in the reordered `cells`.
std::vector<std::size_t> pack(std::vector<Cell>& cells, std::size_t cap) {
  auto by = [](auto key) {
    return [key](const Cell& a, const Cell& b) { return key(a) != key(b) ? key(a) < key(b) : a.id < b.id; };
  };
  const auto cx = [](const Cell& c) { return static_cast<double>(c.minx) + c.maxx; };
  const auto cy = [](const Cell& c) { return static_cast<double>(c.miny) + c.maxy; };
  const std::size_t n = cells.size(), nodes = (n + cap - 1) / cap;
  const auto slices = static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(nodes))));
  const std::size_t per_slice = ((nodes + slices - 1) / slices) * cap;
  std::sort(cells.begin(), cells.end(), by(cx));
  std::vector<std::size_t> ends;
  for (std::size_t s = 0; s < n; s += per_slice) {
    const std::size_t e = std::min(n, s + per_slice), m = e - s, k = (m + cap - 1) / cap;
    std::sort(cells.begin() + static_cast<std::ptrdiff_t>(s), cells.begin() + static_cast<std::ptrdiff_t>(e), by(cy));
    for (std::size_t i = 1; i <= k; ++i) ends.push_back(s + m * i / k);
  }
  return ends;
}

}  // namespace

void bulk_load_rtree(void* handle, const std::string& rtree, std::vector<RtreeEntry> entries) {
  auto* db = static_cast<sqlite3*>(handle);
  exec(db, "CREATE VIRTUAL TABLE " + quoted(rtree) + " USING rtree(id, minx, maxx, miny, maxy)");
  if (entries.empty()) return;
  std::size_t node_size = 0;
  {
    Statement q(db, "SELECT length(data) FROM " + quoted(rtree + "_node") + " WHERE nodeno = 1");
    if (sqlite3_step(q.get()) == SQLITE_ROW) node_size = static_cast<std::size_t>(sqlite3_column_int64(q.get(), 0));
  }
  const std::size_t cap = (node_size - 4) / 24;  // 51 on 4 KiB pages: SQLite's own limit
  if (node_size < 4 + 24 * 4) throw OutputError(sqlite3_db_filename(db, "main"), "unexpected R*Tree node size");
  Statement add_node(db, "INSERT INTO " + quoted(rtree + "_node") + "(nodeno, data) VALUES (?, ?)");
  Statement set_root(db, "UPDATE " + quoted(rtree + "_node") + " SET data = ? WHERE nodeno = 1");
  Statement add_rowid(db, "INSERT INTO " + quoted(rtree + "_rowid") + "(rowid, nodeno) VALUES (?, ?)");
  Statement add_parent(db, "INSERT INTO " + quoted(rtree + "_parent") + "(nodeno, parentnode) VALUES (?, ?)");
  // Leaves know their rows through _rowid, inner nodes their children through _parent.
  auto link = [&](const Cell& c, std::int64_t node, int depth) {
    Statement& s = depth == 0 ? add_rowid : add_parent;
    sqlite3_bind_int64(s.get(), 1, c.id);
    sqlite3_bind_int64(s.get(), 2, node);
    s.step();
  };
  std::vector<Cell> level;
  level.reserve(entries.size());
  for (const RtreeEntry& e : entries) level.push_back({e.id, down(e.minx), up(e.maxx), down(e.miny), up(e.maxy)});
  entries = {};
  int depth = 0;
  std::int64_t next = 2;  // node 1 is the root
  while (level.size() > cap) {
    const std::vector<std::size_t> ends = pack(level, cap);
    std::vector<Cell> above;
    std::size_t begin = 0;
    for (std::size_t end : ends) {
      const std::span<const Cell> cells(level.data() + begin, end - begin);
      const std::int64_t node = next++;
      const auto blob = encode(cells, 0, node_size);
      sqlite3_bind_int64(add_node.get(), 1, node);
      sqlite3_bind_blob(add_node.get(), 2, blob.data(), static_cast<int>(blob.size()), SQLITE_TRANSIENT);
      add_node.step();
      for (const Cell& c : cells) link(c, node, depth);
      above.push_back(bounds(node, cells));
      begin = end;
    }
    level = std::move(above);
    ++depth;
  }
  const auto root = encode(level, depth, node_size);
  sqlite3_bind_blob(set_root.get(), 1, root.data(), static_cast<int>(root.size()), SQLITE_TRANSIENT);
  set_root.step();
  for (const Cell& c : level) link(c, 1, depth);
}

void add_gpkg_rtree(const std::string& path, const std::string& table, const std::string& geom_column,
                    const std::string& fid_column, std::vector<RtreeEntry> entries) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr);
  const std::unique_ptr<sqlite3, decltype(&sqlite3_close)> db(raw, &sqlite3_close);
  if (rc != SQLITE_OK) throw OutputError(path, std::string("cannot open to index: ") + sqlite3_errstr(rc));
  // The file is a temporary one, synced and renamed by the caller once complete.
  exec(raw, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; BEGIN");
  const std::string rtree = "rtree_" + table + "_" + geom_column;
  bulk_load_rtree(raw, rtree, std::move(entries));
  // The triggers and extension row that GDAL's own CreateSpatialIndex writes (GeoPackage 1.2).
  const std::string t = quoted(table), g = quoted(geom_column), r = quoted(rtree), fid = quoted(fid_column);
  const std::string insert = "INSERT OR REPLACE INTO " + r + " VALUES (NEW." + fid + ",ST_MinX(NEW." + g +
                             "), ST_MaxX(NEW." + g + "),ST_MinY(NEW." + g + "), ST_MaxY(NEW." + g + "));";
  auto trigger = [&](const std::string& suffix) { return "CREATE TRIGGER " + quoted(rtree + "_" + suffix); };
  exec(raw, trigger("insert") + " AFTER INSERT ON " + t + " WHEN (new." + g + " NOT NULL AND NOT ST_IsEmpty(NEW." + g +
                ")) BEGIN " + insert + " END");
  exec(raw, trigger("update1") + " AFTER UPDATE OF " + g + " ON " + t + " WHEN OLD." + fid + " = NEW." + fid + " AND (NEW." +
                g + " NOTNULL AND NOT ST_IsEmpty(NEW." + g + ")) BEGIN " + insert + " END");
  exec(raw, trigger("update2") + " AFTER UPDATE OF " + g + " ON " + t + " WHEN OLD." + fid + " = NEW." + fid + " AND (NEW." +
                g + " ISNULL OR ST_IsEmpty(NEW." + g + ")) BEGIN DELETE FROM " + r + " WHERE id = OLD." + fid + "; END");
  exec(raw, trigger("update3") + " AFTER UPDATE ON " + t + " WHEN OLD." + fid + " != NEW." + fid + " AND (NEW." + g +
                " NOTNULL AND NOT ST_IsEmpty(NEW." + g + ")) BEGIN DELETE FROM " + r + " WHERE id = OLD." + fid + "; " +
                insert + " END");
  exec(raw, trigger("update4") + " AFTER UPDATE ON " + t + " WHEN OLD." + fid + " != NEW." + fid + " AND (NEW." + g +
                " ISNULL OR ST_IsEmpty(NEW." + g + ")) BEGIN DELETE FROM " + r + " WHERE id IN (OLD." + fid + ", NEW." +
                fid + "); END");
  exec(raw, trigger("delete") + " AFTER DELETE ON " + t + " WHEN old." + g + " NOT NULL BEGIN DELETE FROM " + r +
                " WHERE id = OLD." + fid + "; END");
  exec(raw,
       "CREATE TABLE IF NOT EXISTS gpkg_extensions (table_name TEXT,column_name TEXT,extension_name TEXT NOT NULL,"
       "definition TEXT NOT NULL,scope TEXT NOT NULL,CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))");
  Statement ext(raw, "INSERT INTO gpkg_extensions VALUES (?, ?, 'gpkg_rtree_index', "
                     "'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')");
  sqlite3_bind_text(ext.get(), 1, table.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(ext.get(), 2, geom_column.c_str(), -1, SQLITE_TRANSIENT);
  ext.step();
  exec(raw, "COMMIT");
}

}  // namespace lc::io
