// lc::io PostgreSQL/PostGIS sources and results, in GDAL's own syntax: an input is
// "PG:host=H port=P dbname=D user=U tables=SCHEMA.TABLE" (one table), an output
// "PG:... active_schema=SCHEMA" (every result layer a table of that schema). Anything libpq takes
// works (service=NAME with PGSERVICEFILE, PGPASSWORD, ~/.pgpass), so a password need not be written.
// Passwords never leave this module: every name of a database in a message is redacted().
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/redact.hpp"

class GDALDataset;

namespace lc::io {

struct Table;
struct WriteOptions;

// "PG:..." (GDAL's prefix, any case): the spec names a PostgreSQL database, not a file; it is never
// split at a colon (FILE[:LAYER]).
bool is_postgis(const std::string& spec);

// Passwords out of any text: lc::redacted (core/redact.hpp).
using lc::redacted;

// The parts of a PG: spec that say where the data is (libpq keywords and GDAL's own).
struct PgSpec {
  std::string conninfo;             // what libpq gets: everything but GDAL's keywords
  std::string dbname, host, port, service;
  std::vector<std::string> tables;  // GDAL's tables=, split at commas
  std::string active_schema;        // GDAL's active_schema=, empty when not given
  std::string shown;                // the spec as messages name it (redacted)
};
PgSpec parse_pg_spec(const std::string& spec);

// The PostgreSQL source `spec` opened read-only through GDAL, with its one table (tables=) as its only
// layer; the table must exist. Throws InputError naming the source (redacted) and the table: no or
// several tables named, the server cannot be reached or refuses the login, no such table.
GDALDataset* open_postgis_table(const std::string& spec);

// "database plan on 127.0.0.1:5432" (no user, no password): how errors name a database.
std::string database_name(const PgSpec& spec);

// Writes every table as a table of the spec's active_schema (public when not given; created when
// missing) in ONE transaction: all layers or none; through libpq, the rows by COPY in bulk, the
// tables as GDAL's PostgreSQL driver made them. Each table gets a primary key (fid), a GiST
// spatial index on its geometry (geom), the layer description as its COMMENT, and its styles go
// into public.layer_styles (the table QGIS reads for PostGIS layers: f_table_catalog = the
// database, f_table_schema, f_table_name, f_geometry_column). A result table that exists already
// is refused unless `replace` (--overwrite or --update: only the tables of the same names and their
// styles are replaced; every other table is kept). Throws OutputError naming the database (never
// its password), UsageError when a result table is one the run reads.
void write_postgis(const std::string& spec, const std::vector<const Table*>& tables, bool replace,
                   const WriteOptions& options);

// Before the work: the output database can be reached and takes the login (OutputError naming it
// otherwise); UsageError for an output spec naming tables=. Whether result tables exist is decided
// in the writing transaction.
void check_postgis_writable(const std::string& spec);

// The result tables the last write_postgis to `spec` (as given) in this process wrote, as
// SCHEMA.TABLE in the order written; empty when none. A job records them as the task's outputs.
std::vector<std::string> tables_written(const std::string& spec);

// "PG:<what libpq gets> tables=SCHEMA.TABLE": the table of the database `spec` names, as a source
// reads it (with its password: redact it before showing it).
std::string table_spec(const std::string& spec, const std::string& table);

// The state of tables of the database `spec` names (one connection), cheap to read: the table's
// oid, its row count and the sum of its rows' xmin ("OID:ROWS:XMIN_SUM"); an insert, update,
// delete, truncate or the table made again changes it (xmin is the transaction that wrote a row;
// VACUUM and freezing keep it). nullopt for a table that is not there. Throws OutputError naming the
// database (without its password) when it cannot be reached.
std::vector<std::optional<std::string>> table_states(const std::string& spec, const std::vector<std::string>& tables);

// What a job fingerprint hashes for one PostGIS input table: its row count and an MD5 of its rows
// in primary-key (or ctid) order, read in one query; "" for a spec that is not PG:. Throws
// InputError as the readers do.
std::string pg_table_digest(const std::string& spec);

}  // namespace lc::io
