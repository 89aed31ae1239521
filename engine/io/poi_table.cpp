#include "io/poi_table.hpp"

#include <iconv.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <sstream>

#include "core/error.hpp"
#include "core/log.hpp"
#include "core/text.hpp"

namespace lc::io {

namespace {

std::string line_ref(int line) { return "line " + std::to_string(line); }

[[noreturn]] void fail(const std::string& file, int line, const std::string& what) {
  throw InputError({file, "", line > 0 ? line_ref(line) : std::string()}, what);
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool all_digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}

// 1-based line of byte `offset` in `bytes`.
int line_at(std::string_view bytes, std::size_t offset) {
  int line = 1;
  for (std::size_t i = 0; i < offset && i < bytes.size(); ++i)
    if (bytes[i] == '\n') ++line;
  return line;
}

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError({path, "", ""}, "cannot open the POI table: " + std::string(std::strerror(errno)));
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) throw InputError({path, "", ""}, "cannot read the POI table");
  return buf.str();
}

// ---------------------------------------------------------------------------------------------
// Columns

enum class Column { id, name, type, typecode, location, lng, lat };

struct ColumnAlias {
  std::string_view text;  // lower case
  Column column;
};

constexpr ColumnAlias kAliases[] = {
    {"id", Column::id},           {"编号", Column::id},
    {"name", Column::name},       {"名称", Column::name},
    {"type", Column::type},       {"类型", Column::type},
    {"typecode", Column::typecode}, {"类型编码", Column::typecode}, {"类型代码", Column::typecode},
    {"location", Column::location}, {"经纬度", Column::location}, {"坐标", Column::location},
    {"lng", Column::lng},         {"lon", Column::lng},  {"longitude", Column::lng}, {"经度", Column::lng},
    {"lat", Column::lat},         {"latitude", Column::lat}, {"纬度", Column::lat},
};

std::string_view column_name(Column c) {
  switch (c) {
    case Column::id: return "id";
    case Column::name: return "name";
    case Column::type: return "type";
    case Column::typecode: return "typecode";
    case Column::location: return "location";
    case Column::lng: return "lng";
    case Column::lat: return "lat";
  }
  return "?";
}

std::string columns_found(const std::vector<std::string>& header) {
  std::string out;
  for (const auto& h : header) out += (out.empty() ? "" : ", ") + ("'" + h + "'");
  return out.empty() ? "none" : out;
}

struct Layout {
  std::map<Column, std::size_t> index;
  std::optional<std::size_t> at(Column c) const {
    const auto it = index.find(c);
    if (it == index.end()) return std::nullopt;
    return it->second;
  }
};

Layout read_header(const CsvRecord& header, const std::string& file) {
  Layout layout;
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    const std::string key = ascii_lower(trim(header.fields[i]));
    for (const ColumnAlias& a : kAliases) {
      if (a.text != key) continue;
      if (const auto prev = layout.at(a.column))
        fail(file, header.line,
             "the header names column '" + std::string(column_name(a.column)) + "' twice (columns " +
                 std::to_string(*prev + 1) + " '" + header.fields[*prev] + "' and " + std::to_string(i + 1) +
                 " '" + header.fields[i] + "')");
      layout.index[a.column] = i;
    }
  }
  std::vector<std::string> missing;
  if (!layout.at(Column::name)) missing.push_back("name");
  if (!layout.at(Column::typecode)) missing.push_back("typecode");
  if (!layout.at(Column::location) && !(layout.at(Column::lng) && layout.at(Column::lat)))
    missing.push_back("location (or lng and lat)");
  if (!missing.empty()) {
    std::string list;
    for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
    fail(file, header.line,
         "the POI table lacks the column" + std::string(missing.size() > 1 ? "s " : " ") + list +
             "; columns found: " + columns_found(header.fields));
  }
  return layout;
}

// ---------------------------------------------------------------------------------------------
// Values

double parse_number(std::string_view text, const std::string& what, const std::string& file, int line) {
  const std::string_view t = trim(text);
  double v = 0;
  const char* first = t.data();
  const char* last = t.data() + t.size();
  if (!t.empty() && *first == '+') ++first;  // from_chars takes no '+'
  const auto [end, ec] = std::from_chars(first, last, v);
  if (t.empty() || ec != std::errc() || end != last)
    fail(file, line, what + " '" + std::string(text) + "' is not a number");
  if (!std::isfinite(v)) fail(file, line, what + " '" + std::string(text) + "' is not a finite number");
  return v;
}

std::string shown_coord(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

void check_position(LonLat p, const std::string& shown, const std::string& file, int line) {
  if (std::fabs(p.lat) > 90.0) {
    if (std::fabs(p.lon) <= 90.0)
      fail(file, line,
           "location " + shown + ": latitude " + shown_coord(p.lat) +
               " is beyond 90; longitude and latitude look swapped (Amap writes \"lng,lat\", longitude first)");
    fail(file, line, "location " + shown + ": latitude " + shown_coord(p.lat) + " is outside -90..90");
  }
  if (std::fabs(p.lon) > 180.0)
    fail(file, line, "location " + shown + ": longitude " + shown_coord(p.lon) + " is outside -180..180");
  if (p.lon == 0.0 && p.lat == 0.0)
    fail(file, line, "location " + shown + " is 0,0, which exports write for a missing position");
}

LonLat parse_location(std::string_view text, const std::string& file, int line) {
  const std::string_view t = trim(text);
  const std::string shown = "'" + std::string(text) + "'";
  if (t.empty()) fail(file, line, "empty location (expected \"lng,lat\")");
  const auto comma = t.find(',');
  if (comma == std::string_view::npos || t.find(',', comma + 1) != std::string_view::npos)
    fail(file, line, "location " + shown + " is not \"lng,lat\" (two numbers separated by one comma)");
  const LonLat p{parse_number(t.substr(0, comma), "longitude in location " + shown, file, line),
                 parse_number(t.substr(comma + 1), "latitude in location " + shown, file, line)};
  check_position(p, shown, file, line);
  return p;
}

// Normalises "060200|060400" (blanks around codes dropped). A 5-digit code gets its leading zero
// back and counts in `restored`. Empty text stays empty.
std::string parse_typecode(std::string_view text, const std::string& file, int line, int& restored) {
  std::string out;
  std::string_view rest = trim(text);
  if (rest.empty()) return out;
  while (true) {
    const auto bar = rest.find('|');
    const std::string_view code = trim(rest.substr(0, bar));
    if (all_digits(code) && code.size() == 6) {
      out += code;
    } else if (all_digits(code) && code.size() == 5) {
      out += "0";
      out += code;
      ++restored;
    } else {
      fail(file, line,
           "typecode '" + std::string(text) + "': '" + std::string(code) +
               "' is not a 6-digit Amap type code (several codes are joined by '|')");
    }
    if (bar == std::string_view::npos) break;
    out += '|';
    rest.remove_prefix(bar + 1);
  }
  return out;
}

// Counts a kind of warning and remembers its first line.
struct Tally {
  int count = 0;
  int first_line = 0;
  void add(int line) {
    if (count++ == 0) first_line = line;
  }
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// Encoding

bool is_valid_utf8(std::string_view bytes, std::size_t* bad_offset) {
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t n = bytes.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned char c = s[i];
    std::size_t len = 0;
    unsigned lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c < 0x80) len = 1;
    else if (c >= 0xC2 && c <= 0xDF) len = 2;
    else if (c == 0xE0) len = 3, lo = 0xA0;
    else if (c >= 0xE1 && c <= 0xEC) len = 3;
    else if (c == 0xED) len = 3, hi = 0x9F;  // no UTF-16 surrogates
    else if (c >= 0xEE && c <= 0xEF) len = 3;
    else if (c == 0xF0) len = 4, lo = 0x90;
    else if (c >= 0xF1 && c <= 0xF3) len = 4;
    else if (c == 0xF4) len = 4, hi = 0x8F;  // nothing past U+10FFFF
    bool ok = len > 0 && i + len <= n;
    for (std::size_t k = 1; ok && k < len; ++k) {
      const unsigned b = s[i + k];
      ok = k == 1 ? (b >= lo && b <= hi) : (b >= 0x80 && b <= 0xBF);
    }
    if (!ok) {
      if (bad_offset) *bad_offset = i;
      return false;
    }
    i += len;
  }
  return true;
}

std::string gb18030_to_utf8(std::string_view bytes, const std::string& file) {
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == reinterpret_cast<iconv_t>(-1))
    throw InputError({file, "", ""},
                     "the file is not UTF-8 and this system cannot convert from GB18030 (iconv: " +
                         std::string(std::strerror(errno)) + "); save the table as UTF-8");
  struct Closer {
    iconv_t cd;
    ~Closer() { iconv_close(cd); }
  } closer{cd};
  std::string out;
  std::string input(bytes);
  char* in = input.data();
  std::size_t in_left = input.size();
  char chunk[4096];
  while (in_left > 0) {
    char* o = chunk;
    std::size_t o_left = sizeof chunk;
    const std::size_t r = iconv(cd, &in, &in_left, &o, &o_left);
    const int err = errno;
    out.append(chunk, sizeof chunk - o_left);
    if (r != static_cast<std::size_t>(-1) || err == E2BIG) continue;
    const std::size_t offset = static_cast<std::size_t>(in - input.data());
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(*in));
    fail(file, line_at(bytes, offset),
         std::string("the file is neither UTF-8 nor GB18030/GBK: ") +
             (err == EINVAL ? "it ends inside a multi-byte character"
                            : "byte " + std::string(hex) + " at offset " + std::to_string(offset) +
                                  " starts no valid character") +
             "; save the table as UTF-8");
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// CSV

std::vector<CsvRecord> split_csv(std::string_view text, const std::string& file) {
  std::vector<CsvRecord> records;
  CsvRecord rec;
  rec.line = 1;
  std::string field;
  int line = 1;
  bool quoted = false;         // inside a quoted field
  bool after_quote = false;    // a quoted field was closed; only blanks, ',' or a line end may follow
  bool record_quoted = false;  // some field of the current record was quoted
  int quote_line = 0;

  const auto end_field = [&] {
    rec.fields.push_back(std::move(field));
    field.clear();
    after_quote = false;
  };
  const auto end_record = [&] {
    end_field();
    // A line of nothing but blanks is no record; a lone quoted empty field is one.
    const bool blank = rec.fields.size() == 1 && trim(rec.fields[0]).empty() && !record_quoted;
    if (!blank) records.push_back(std::move(rec));
    rec = CsvRecord{};
    record_quoted = false;
  };

  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
        after_quote = true;
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == ',') {
      end_field();
    } else if (c == '\n' || (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) {
      if (c == '\r') ++i;
      end_record();
      rec.line = ++line;
    } else if (after_quote) {
      if (c != ' ' && c != '\t' && c != '\r')
        fail(file, line,
             "text after the closing quote of a field (a quote inside a quoted field is written "
             "twice: \"\")");
    } else if (c == '"' && trim(field).empty()) {
      // Opening quote; blanks before it are dropped.
      field.clear();
      quoted = record_quoted = true;
      quote_line = line;
    } else {
      field += c;  // a quote inside an unquoted field is kept as it is
    }
  }
  if (quoted) fail(file, quote_line, "a quoted field is never closed (unterminated '\"')");
  end_record();  // dropped as blank when the text ended with a line break
  return records;
}

// ---------------------------------------------------------------------------------------------
// The table

std::vector<PoiRecord> read_amap_pois(const std::string& path, ChineseDatum datum,
                                      std::vector<std::string>* warnings) {
  return parse_amap_pois(read_bytes(path), path, datum, warnings);
}

std::vector<PoiRecord> parse_amap_pois(std::string_view bytes, const std::string& path, ChineseDatum datum,
                                       std::vector<std::string>* warnings) {
  std::vector<std::string> notes;
  const auto warn = [&](const std::string& m) { notes.push_back(path + ": " + m); };

  std::string_view view = bytes;
  if (view.substr(0, 2) == "\xFF\xFE" || view.substr(0, 2) == "\xFE\xFF")
    throw InputError({path, "", ""},
                     "the file is UTF-16 (it starts with a UTF-16 byte-order mark); save the table as UTF-8 CSV");
  if (view.size() >= 3 && view.substr(0, 3) == "\xEF\xBB\xBF") view.remove_prefix(3);

  std::string decoded;
  std::size_t bad = 0;
  if (!is_valid_utf8(view, &bad)) {
    decoded = gb18030_to_utf8(view, path);
    warn("not valid UTF-8 (first at line " + std::to_string(line_at(view, bad)) +
         "); read as GB18030/GBK and converted to UTF-8");
    view = decoded;
  }

  const std::vector<CsvRecord> rows = split_csv(view, path);
  if (rows.empty()) throw InputError({path, "", ""}, "the POI table is empty (no header row)");
  const CsvRecord& header = rows.front();
  const Layout layout = read_header(header, path);
  const std::size_t width = header.fields.size();

  std::vector<PoiRecord> out;
  out.reserve(rows.size() - 1);
  std::map<std::string, int> id_lines;
  int restored = 0;
  Tally restored_rows, no_name, no_typecode, outside;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const CsvRecord& row = rows[r];
    const int line = row.line;
    if (row.fields.size() != width) {
      std::string hint;
      if (row.fields.size() == width + 1 && layout.at(Column::location))
        hint = " (is a \"lng,lat\" location left unquoted?)";
      fail(path, line,
           "the row has " + std::to_string(row.fields.size()) + " fields, the header " + std::to_string(width) + hint);
    }
    const auto field = [&](Column c) { return std::string_view(row.fields[*layout.at(c)]); };
    PoiRecord p;
    p.line = line;
    if (layout.at(Column::id)) {
      p.id = std::string(trim(field(Column::id)));
      if (p.id.empty()) fail(path, line, "empty id");
    } else {
      p.id = std::to_string(line);
    }
    if (const auto [it, fresh] = id_lines.emplace(p.id, line); !fresh)
      fail(path, line, "duplicate id '" + p.id + "' (first at line " + std::to_string(it->second) + ")");
    p.name = std::string(trim(field(Column::name)));
    if (p.name.empty()) no_name.add(line);
    if (layout.at(Column::type)) p.type = std::string(trim(field(Column::type)));
    const int before = restored;
    p.typecode = parse_typecode(field(Column::typecode), path, line, restored);
    if (restored > before) restored_rows.add(line);
    if (p.typecode.empty()) no_typecode.add(line);

    LonLat given;
    if (layout.at(Column::location)) {
      given = parse_location(field(Column::location), path, line);
    } else {
      const std::string shown = "'" + std::string(field(Column::lng)) + "', '" + std::string(field(Column::lat)) + "'";
      given = {parse_number(field(Column::lng), "longitude", path, line),
               parse_number(field(Column::lat), "latitude", path, line)};
      check_position(given, "lng/lat " + shown, path, line);
    }
    if (datum != ChineseDatum::wgs84 && !in_gcj02_area(given)) outside.add(line);
    try {
      p.location = convert(given, datum, ChineseDatum::wgs84);
    } catch (const InputError& e) {
      fail(path, line, e.what());
    }
    out.push_back(std::move(p));
  }

  const auto rows_text = [](const Tally& t) {
    return std::to_string(t.count) + (t.count == 1 ? " row" : " rows") + " (first at line " +
           std::to_string(t.first_line) + ")";
  };
  if (restored_rows.count > 0)
    warn(rows_text(restored_rows) + " had " + std::to_string(restored) +
         " 5-digit type code(s), read as 6-digit codes whose leading zero a spreadsheet dropped");
  if (no_name.count > 0) warn(rows_text(no_name) + " without a name");
  if (no_typecode.count > 0) warn(rows_text(no_typecode) + " without a type code (matched by name only)");
  if (outside.count > 0)
    warn(rows_text(outside) + " outside the area where " + std::string(to_string(datum)) +
         " applies (lon 72.004..137.8347, lat 0.8293..55.8271)" +
         (datum == ChineseDatum::gcj02 ? "; left unconverted" : "; only the BD-09 step applied"));

  if (warnings) {
    warnings->insert(warnings->end(), std::make_move_iterator(notes.begin()), std::make_move_iterator(notes.end()));
  } else {
    for (const auto& n : notes) log::warn(n);
  }
  return out;
}

}  // namespace lc::io
