#include <lifecircle/datum.hpp>
#include <lifecircle/error.hpp>

#include <string>

#include "io/chinese_coords.hpp"

namespace lifecircle {

namespace {
// The public enum mirrors the engine's one by name; no arithmetic between them.
lc::io::ChineseDatum engine_datum(Datum d) {
  switch (d) {
    case Datum::wgs84: return lc::io::ChineseDatum::wgs84;
    case Datum::gcj02: return lc::io::ChineseDatum::gcj02;
    case Datum::bd09: return lc::io::ChineseDatum::bd09;
  }
  throw UsageError("datum: not one of wgs84, gcj02, bd09");
}
}  // namespace

Datum parse_datum(std::string_view text) {
  switch (lc::io::parse_chinese_datum(std::string(text))) {
    case lc::io::ChineseDatum::wgs84: return Datum::wgs84;
    case lc::io::ChineseDatum::gcj02: return Datum::gcj02;
    case lc::io::ChineseDatum::bd09: return Datum::bd09;
  }
  throw UsageError("datum: not one of wgs84, gcj02, bd09");
}

LonLat convert(LonLat p, Datum from, Datum to) {
  const lc::LonLat q = lc::io::convert({p.lon, p.lat}, engine_datum(from), engine_datum(to));
  return {q.lon, q.lat};
}

}  // namespace lifecircle
