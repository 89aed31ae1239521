// lc::io GeoPackage R-trees packed in bulk (see gpkg_rtree.hpp).
#include "io/gpkg_rtree.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <span>

#include "core/error.hpp"
#include "io/sqlite.hpp"

namespace lc::io {

namespace {

using sqlite::quoted;
using sqlite::Statement;


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

// SQLite's node format (rtree.c): the tree depth (root only) and the cell count as big-endian
// 16-bit numbers, then each cell's 64-bit id and its four coordinates, all big-endian.
std::vector<unsigned char> encode(std::span<const RtreeCell> cells, int depth, std::size_t node_size) {
  std::vector<unsigned char> blob(node_size, 0);
  auto put = [&](std::size_t at, std::uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) blob[at + i] = static_cast<unsigned char>(v >> (8 * (bytes - 1 - i)));
  };
  put(0, static_cast<std::uint64_t>(depth), 2);
  put(2, cells.size(), 2);
  std::size_t at = 4;
  for (const RtreeCell& c : cells) {
    put(at, static_cast<std::uint64_t>(c.id), 8);
    at += 8;
    for (float v : {c.minx, c.maxx, c.miny, c.maxy}) put(at, std::bit_cast<std::uint32_t>(v), 4), at += 4;
  }
  return blob;
}

RtreeCell bounds(std::int64_t id, std::span<const RtreeCell> cells) {
  RtreeCell b{id, cells[0].minx, cells[0].maxx, cells[0].miny, cells[0].maxy};
  for (const RtreeCell& c : cells)
    b.minx = std::min(b.minx, c.minx), b.maxx = std::max(b.maxx, c.maxx), b.miny = std::min(b.miny, c.miny),
    b.maxy = std::max(b.maxy, c.maxy);
  return b;
}

// Sort-tile-recursive packing: cells sorted by the x of their centres are cut into about
// sqrt(nodes) vertical slices, each slice sorted by y and cut into nodes of near-equal size, at
// most `cap` cells. Returns where each node ends in the reordered `cells`.
std::vector<std::size_t> pack(std::vector<RtreeCell>& cells, std::size_t cap) {
  auto by = [](auto key) {
    return [key](const RtreeCell& a, const RtreeCell& b) { return key(a) != key(b) ? key(a) < key(b) : a.id < b.id; };
  };
  const auto cx = [](const RtreeCell& c) { return static_cast<double>(c.minx) + c.maxx; };
  const auto cy = [](const RtreeCell& c) { return static_cast<double>(c.miny) + c.maxy; };
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

// Inserts (a, b) pairs into `table`'s two `columns` (a the table's rowid), 256 to a statement,
// in the order of a: the leaves hold their rows in the order of space, not of id, and inserted in
// that order the ids land all over the table's B-tree (a seek each, pages split and, past the
// page cache, read back: most of writing the R-tree of a layer of millions of rows); in id order
// every insert appends. The table holds the same rows either way.
void insert_pairs(const sqlite::Db& db, const std::string& table, const std::vector<std::string>& columns,
                  std::vector<std::pair<std::int64_t, std::int64_t>>& pairs) {
  std::sort(pairs.begin(), pairs.end());
  sqlite::insert_batches(
      db, table, columns, pairs.size(), 256,
      [&](Statement& s, std::size_t first, std::size_t n) {
        for (std::size_t i = 0; i < n; ++i) {
          sqlite3_bind_int64(s.get(), static_cast<int>(2 * i + 1), pairs[first + i].first);
          sqlite3_bind_int64(s.get(), static_cast<int>(2 * i + 2), pairs[first + i].second);
        }
      },
      [](std::size_t, std::size_t) {});
}

}  // namespace

RtreePacker::RtreePacker(const sqlite::Db& db, std::string rtree) : db_(db), rtree_(std::move(rtree)) {}

// The table is made when the first node is about to be written: a layer's rows go in first, as
// they always did.
void RtreePacker::create() {
  if (node_size_ > 0) return;
  db_.exec("CREATE VIRTUAL TABLE " + quoted(rtree_) + " USING rtree(id, minx, maxx, miny, maxy)");
  Statement q(db_, "SELECT length(data) FROM " + quoted(rtree_ + "_node") + " WHERE nodeno = 1");
  if (q.step()) node_size_ = static_cast<std::size_t>(sqlite3_column_int64(q.get(), 0));
  if (node_size_ < 4 + 24 * 4) throw OutputError(db_.shown(), "unexpected R*Tree node size " + std::to_string(node_size_));
  cap_ = (node_size_ - 4) / 24;  // 51 on 4 KiB pages: SQLite's own limit
}

void RtreePacker::add(const std::vector<RtreeEntry>& entries) {
  // Flushed before more come, never after the last part: one part is packed whole by finish().
  if (buffer_.size() >= kFlushEntries) flush();
  // Grown by doubling up to what a flush holds and kept across flushes: reserving the exact size
  // each part moved the whole buffer (up to 6 MiB) into fresh pages for every part of 8,192 rows.
  if (const std::size_t need = buffer_.size() + entries.size(); need > buffer_.capacity())
    buffer_.reserve(std::max(need, std::min(2 * buffer_.capacity(), kFlushEntries + entries.size())));
  for (const RtreeEntry& e : entries) buffer_.push_back({e.id, down(e.minx), up(e.maxx), down(e.miny), up(e.maxy)});
}

// The buffered cells packed into leaves, written now; their boxes kept for the levels above.
void RtreePacker::flush() {
  if (buffer_.empty()) return;
  create();
  write_level(buffer_, 0, leaves_);
  insert_pairs(db_, rtree_ + "_rowid", {"rowid", "nodeno"}, rowid_links_);  // now: the rows' links are not held
  rowid_links_ = {};
  buffer_.clear();  // its capacity kept for the next flush's entries
  flushed_ = true;
}

void RtreePacker::write_level(std::vector<RtreeCell>& level, int depth, std::vector<RtreeCell>& above) {
  Statement add_node(db_, "INSERT INTO " + quoted(rtree_ + "_node") + "(nodeno, data) VALUES (?, ?)");
  std::vector<std::pair<std::int64_t, std::int64_t>> links;
  const std::vector<std::size_t> ends = pack(level, cap_);
  std::size_t begin = 0;
  for (std::size_t end : ends) {
    const std::span<const RtreeCell> cells(level.data() + begin, end - begin);
    const std::int64_t node = next_++;
    const auto blob = encode(cells, 0, node_size_);
    sqlite3_bind_int64(add_node.get(), 1, node);
    sqlite3_bind_blob(add_node.get(), 2, blob.data(), static_cast<int>(blob.size()), SQLITE_TRANSIENT);
    add_node.run();
    for (const RtreeCell& c : cells) links.emplace_back(c.id, node);
    above.push_back(bounds(node, cells));
    begin = end;
  }
  // Leaves know their rows through _rowid, inner nodes their children through _parent: pairs
  // (row or child, node) gathered per table and inserted many to a statement at the end.
  auto& to = depth == 0 ? rowid_links_ : parent_links_;
  to.insert(to.end(), links.begin(), links.end());
}

void RtreePacker::finish() {
  // Nothing written yet: the whole tree from the buffer, as one bulk load packs it; else the
  // rest of the buffer as leaves, then the levels above the leaves.
  create();
  std::vector<RtreeCell> level;
  int depth = 0;
  if (flushed_) {
    flush();
    level = std::move(leaves_);
    depth = 1;
  } else {
    level = std::move(buffer_);
  }
  if (level.empty()) return;
  while (level.size() > cap_) {
    std::vector<RtreeCell> above;
    write_level(level, depth, above);
    level = std::move(above);
    ++depth;
  }
  const auto root = encode(level, depth, node_size_);
  Statement set_root(db_, "UPDATE " + quoted(rtree_ + "_node") + " SET data = ? WHERE nodeno = 1");
  sqlite3_bind_blob(set_root.get(), 1, root.data(), static_cast<int>(root.size()), SQLITE_TRANSIENT);
  set_root.run();
  for (const RtreeCell& c : level) (depth == 0 ? rowid_links_ : parent_links_).emplace_back(c.id, 1);
  insert_pairs(db_, rtree_ + "_rowid", {"rowid", "nodeno"}, rowid_links_);
  insert_pairs(db_, rtree_ + "_parent", {"nodeno", "parentnode"}, parent_links_);
  rowid_links_ = {}, parent_links_ = {};
}

void bulk_load_rtree(const sqlite::Db& db, const std::string& rtree, std::vector<RtreeEntry> entries) {
  RtreePacker packer(db, rtree);
  packer.add(entries);
  entries = {};
  packer.finish();
}

void add_rtree_triggers(const sqlite::Db& db, const std::string& table, const std::string& geom_column,
                        const std::string& fid_column) {
  const std::string rtree = "rtree_" + table + "_" + geom_column;
  // The triggers and extension row that GDAL's own CreateSpatialIndex writes (GeoPackage 1.2).
  const std::string t = quoted(table), g = quoted(geom_column), r = quoted(rtree), fid = quoted(fid_column);
  const std::string insert = "INSERT OR REPLACE INTO " + r + " VALUES (NEW." + fid + ",ST_MinX(NEW." + g +
                             "), ST_MaxX(NEW." + g + "),ST_MinY(NEW." + g + "), ST_MaxY(NEW." + g + "));";
  auto trigger = [&](const std::string& suffix) { return "CREATE TRIGGER " + quoted(rtree + "_" + suffix); };
  db.exec(trigger("insert") + " AFTER INSERT ON " + t + " WHEN (new." + g + " NOT NULL AND NOT ST_IsEmpty(NEW." + g +
                ")) BEGIN " + insert + " END");
  db.exec(trigger("update1") + " AFTER UPDATE OF " + g + " ON " + t + " WHEN OLD." + fid + " = NEW." + fid + " AND (NEW." +
                g + " NOTNULL AND NOT ST_IsEmpty(NEW." + g + ")) BEGIN " + insert + " END");
  db.exec(trigger("update2") + " AFTER UPDATE OF " + g + " ON " + t + " WHEN OLD." + fid + " = NEW." + fid + " AND (NEW." +
                g + " ISNULL OR ST_IsEmpty(NEW." + g + ")) BEGIN DELETE FROM " + r + " WHERE id = OLD." + fid + "; END");
  db.exec(trigger("update3") + " AFTER UPDATE ON " + t + " WHEN OLD." + fid + " != NEW." + fid + " AND (NEW." + g +
                " NOTNULL AND NOT ST_IsEmpty(NEW." + g + ")) BEGIN DELETE FROM " + r + " WHERE id = OLD." + fid + "; " +
                insert + " END");
  db.exec(trigger("update4") + " AFTER UPDATE ON " + t + " WHEN OLD." + fid + " != NEW." + fid + " AND (NEW." + g +
                " ISNULL OR ST_IsEmpty(NEW." + g + ")) BEGIN DELETE FROM " + r + " WHERE id IN (OLD." + fid + ", NEW." +
                fid + "); END");
  db.exec(trigger("delete") + " AFTER DELETE ON " + t + " WHEN old." + g + " NOT NULL BEGIN DELETE FROM " + r +
                " WHERE id = OLD." + fid + "; END");
  db.exec(
       "CREATE TABLE IF NOT EXISTS gpkg_extensions (table_name TEXT,column_name TEXT,extension_name TEXT NOT NULL,"
       "definition TEXT NOT NULL,scope TEXT NOT NULL,CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))");
  Statement ext(db, "INSERT INTO gpkg_extensions VALUES (?, ?, 'gpkg_rtree_index', "
                     "'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')");
  sqlite3_bind_text(ext.get(), 1, table.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(ext.get(), 2, geom_column.c_str(), -1, SQLITE_TRANSIENT);
  ext.run();
}

void add_gpkg_rtree(const sqlite::Db& db, const std::string& table, const std::string& geom_column,
                    const std::string& fid_column, std::vector<RtreeEntry> entries) {
  bulk_load_rtree(db, "rtree_" + table + "_" + geom_column, std::move(entries));
  add_rtree_triggers(db, table, geom_column, fid_column);
}

}  // namespace lc::io
