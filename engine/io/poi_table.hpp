// lc::io Amap/高德-style POI tables: a CSV with one point of interest per row, as the Amap place
// search returns them (id, name, type, typecode, location "lng,lat" in GCJ-02) or as they are
// commonly exported from it, read into WGS84 records. Matching records to catalog categories is
// the caller's (access::categories_for_amap).
//
// The file
// - CSV after RFC 4180: comma-separated, fields may be quoted with '"', a quote inside a quoted
//   field is doubled, quoted fields may hold commas and line breaks, lines end in LF or CRLF.
//   Blanks before an opening or after a closing quote are dropped; a quote inside an unquoted
//   field is kept as a literal character; other text after a closing quote and an unterminated
//   quote are errors.
// - UTF-8, with or without a byte-order mark. A file that is not valid UTF-8 is taken to be
//   GBK/GB18030 (what Chinese Excel and many scrapers write), converted with iconv, and a warning
//   says so. UTF-16 files are rejected with a message asking for UTF-8.
// - A header row. Column names are matched case-insensitively after trimming blanks; the Chinese
//   names in brackets are accepted too:
//     name (名称)                 required
//     typecode (类型编码, 类型代码) required; may be empty in a row (then only the name can match)
//     location (经纬度, 坐标)       "lng,lat"; or instead of it
//     lng / lon / longitude (经度) and lat / latitude (纬度)
//     id (编号)                   optional; without it a record's id is its line number
//     type (类型)                 optional; Amap's "大类;中类;小类" text, kept as is
//   Other columns are ignored. A column the reader uses may appear only once.
//   When both `location` and `lng`/`lat` are present, `location` is used.
// - Type codes: one or more 6-digit Amap codes joined by '|'. A 5-digit code is taken as a code
//   whose leading zero a spreadsheet dropped ("60200" -> "060200"), with a warning.
//
// Coordinates are read in `datum` (GCJ-02 unless told otherwise) and converted to WGS84
// (chinese_coords.hpp). Every problem is an lc::InputError naming the file and "line N" (the
// physical line where the record starts): a missing column (the message lists the columns found),
// a row with more or fewer fields than the header, an empty or malformed location, a value that is
// NaN or infinite, out of range, or looks swapped (latitude beyond 90 while the longitude would be
// a latitude), the position 0,0 (written for a missing one), an empty or duplicate id, a malformed type code.
//
// Warnings (decoded from GB18030; type codes restored; rows without a name or type code; points
// outside the area where GCJ-02/BD-09 apply, left unconverted by GCJ-02) are appended to
// `*warnings` when it is given, one line each without a "warning:" prefix, each naming the file;
// when `warnings` is null they go to log::warn. Blank lines are skipped.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "io/chinese_coords.hpp"
#include "io/geo.hpp"

namespace lc::io {

struct PoiRecord {
  std::string id;        // the `id` column, else the line number as text
  std::string name;      // trimmed
  std::string type;      // as written (trimmed); empty without a `type` column
  std::string typecode;  // 6-digit codes joined by '|', trimmed; may be empty
  LonLat location;       // WGS84 after conversion
  int line = 0;          // physical line (1-based) where the record starts
};

std::vector<PoiRecord> read_amap_pois(const std::string& path,
                                      ChineseDatum datum = ChineseDatum::gcj02,
                                      std::vector<std::string>* warnings = nullptr);
// The same from the file's bytes (read_amap_pois reads the file and calls this); `path` names it
// in messages. The fuzz target fuzz/poi_table enters here.
std::vector<PoiRecord> parse_amap_pois(std::string_view bytes, const std::string& path,
                                       ChineseDatum datum = ChineseDatum::gcj02,
                                       std::vector<std::string>* warnings = nullptr);

// The pieces, exposed for tests and other table readers.

// One CSV record: its fields and the physical line (1-based) where it starts.
struct CsvRecord {
  std::vector<std::string> fields;
  int line = 0;
};

// Splits UTF-8 text into records after RFC 4180 (see above). Blank lines are dropped. Errors
// (unterminated quote, text after a closing quote) are InputErrors naming `file` and the line.
std::vector<CsvRecord> split_csv(std::string_view text, const std::string& file);

// Whether `bytes` is well-formed UTF-8 (no overlong forms, surrogates or code points past
// U+10FFFF). When not and `bad_offset` is given, it receives the offset of the first bad byte.
bool is_valid_utf8(std::string_view bytes, std::size_t* bad_offset = nullptr);

// GB18030 (a superset of GBK and GB2312) to UTF-8 with glibc's iconv. Throws InputError naming
// `file` and the line of the first byte sequence that is not GB18030 either.
std::string gb18030_to_utf8(std::string_view bytes, const std::string& file);

}  // namespace lc::io
