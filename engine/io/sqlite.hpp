// lc::io a thin RAII layer over SQLite's C API for the GeoPackage writers (gpkg_rows,
// gpkg_rtree): one connection, prepared statements, and errors as OutputError naming the file.
#pragma once

#include <sqlite3.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace lc::io::sqlite {

class Db {
 public:
  // Opens an existing file for writing; `shown` is the name errors give (the final output path).
  // One thread uses the connection, so SQLite's own locking is left out.
  Db(const std::string& file, const std::string& shown) : shown_(shown) {
    const int rc = sqlite3_open_v2(file.c_str(), &h_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
      sqlite3_close(h_);
      throw OutputError(shown_, std::string("cannot reopen to write rows: ") + sqlite3_errstr(rc));
    }
  }
  // Borrows a connection opened elsewhere (the tests' in-memory databases).
  explicit Db(sqlite3* borrowed) : h_(borrowed), owned_(false), shown_(sqlite3_db_filename(borrowed, "main")) {}
  ~Db() {
    if (owned_) sqlite3_close(h_);
  }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  sqlite3* get() const { return h_; }
  const std::string& shown() const { return shown_; }
  void exec(const std::string& sql) const {
    char* message = nullptr;
    if (sqlite3_exec(h_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
      const std::string what = message ? message : sqlite3_errmsg(h_);
      sqlite3_free(message);
      throw OutputError(shown_, "cannot write the GeoPackage: " + what);
    }
  }
  [[noreturn]] void fail(const std::string& what) const { throw OutputError(shown_, what + ": " + sqlite3_errmsg(h_)); }

 private:
  sqlite3* h_ = nullptr;
  bool owned_ = true;
  std::string shown_;
};

class Statement {
 public:
  Statement(const Db& db, const std::string& sql) : db_(db) {
    if (sqlite3_prepare_v2(db.get(), sql.c_str(), -1, &s_, nullptr) != SQLITE_OK) db.fail("cannot prepare " + sql);
  }
  ~Statement() { sqlite3_finalize(s_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  sqlite3_stmt* get() const { return s_; }
  // Runs the statement with what is bound; true while it yields rows. Reset before rebinding.
  bool step() {
    const int rc = sqlite3_step(s_);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) db_.fail("cannot write the GeoPackage");
    return rc == SQLITE_ROW;
  }
  void run() {
    step();
    sqlite3_reset(s_);
  }

 private:
  const Db& db_;
  sqlite3_stmt* s_ = nullptr;
};

inline std::string quoted(const std::string& name) {
  std::string q = "\"";
  for (char c : name) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

// Inserts `rows` rows into `table`, `batch` to a statement: one INSERT of many VALUES lists runs
// SQLite's statement machinery (and a GDAL table's AUTOINCREMENT bookkeeping) once per batch
// instead of once per row, which was most of a bulk write's time. bind(statement, first, n) binds
// rows [first, first + n), columns in order from parameter 1; ran(first, n) follows each batch.
template <class Bind, class Ran>
void insert_batches(const Db& db, const std::string& table, const std::vector<std::string>& columns,
                    std::size_t rows, std::size_t batch, Bind bind, Ran ran) {
  auto sql = [&](std::size_t n) {
    std::string names, one;
    for (const std::string& c : columns) names += (names.empty() ? "" : ", ") + quoted(c), one += one.empty() ? "(?" : ", ?";
    std::string s = "INSERT INTO " + quoted(table) + " (" + names + ") VALUES " + one + ")";
    for (std::size_t r = 1; r < n; ++r) s += ", " + one + ")";
    return s;
  };
  std::unique_ptr<Statement> full;
  for (std::size_t first = 0; first < rows; first += batch) {
    const std::size_t n = std::min(batch, rows - first);
    if (n == batch && !full) full = std::make_unique<Statement>(db, sql(batch));
    const std::unique_ptr<Statement> rest = n == batch ? nullptr : std::make_unique<Statement>(db, sql(n));
    Statement& insert = rest ? *rest : *full;
    bind(insert, first, n);
    insert.run();
    ran(first, n);
  }
}

}  // namespace lc::io::sqlite
