// lc::io Chinese web-map coordinates: WGS84 <-> GCJ-02 (the obfuscated datum of Amap/高德,
// Tencent and other maps published in mainland China) <-> BD-09 (Baidu's further offset of GCJ-02).
// The engine works in WGS84; inputs in GCJ-02 or BD-09 are converted on load.
//
// GCJ-02 here is the formula that public implementations agree on (Krasovsky 1940 ellipsoid, the
// published offset polynomials). It differs from the official, unpublished one by at most about a
// metre; the offset it removes is several hundred metres (at Wuhai about 405 m east, 100 m north).
//
// Where GCJ-02 applies: the rectangle lon 72.004..137.8347 E, lat 0.8293..55.8271 N (bounds
// inclusive), the one those public implementations use. It holds all of mainland China but also
// neighbouring countries and seas; outside it GCJ-02 is the identity (WGS84 unchanged).
// BD-09 is a closed formula applied everywhere, inside that rectangle or not.
//
// All functions are pure and thread-safe. Every one rejects a coordinate that is NaN, infinite or
// outside lon -180..180 / lat -90..90 with lc::InputError (no file context: callers that read files
// add it). The inverses (gcj02_to_wgs84, bd09_to_gcj02) are iterative, not the one-step
// approximation: they return the point whose forward transform matches the input within 1e-10 deg.
#pragma once

#include <string>

#include "io/geo.hpp"

namespace lc::io {

enum class ChineseDatum { wgs84, gcj02, bd09 };

// "wgs84", "gcj02" or "bd09" (case-insensitive; "gcj-02", "bd-09" and "wgs-84" too).
// Throws UsageError naming the accepted values otherwise.
ChineseDatum parse_chinese_datum(const std::string& text);
const char* to_string(ChineseDatum datum);

// Whether `p` lies in the rectangle where GCJ-02 is applied (see above).
bool in_gcj02_area(LonLat p);

LonLat wgs84_to_gcj02(LonLat p);
LonLat gcj02_to_wgs84(LonLat p);
LonLat gcj02_to_bd09(LonLat p);
LonLat bd09_to_gcj02(LonLat p);
LonLat wgs84_to_bd09(LonLat p);  // wgs84_to_gcj02, then gcj02_to_bd09
LonLat bd09_to_wgs84(LonLat p);  // bd09_to_gcj02, then gcj02_to_wgs84

// Any of the above by datum; from == to returns `p` (after the same validity check).
LonLat convert(LonLat p, ChineseDatum from, ChineseDatum to);

}  // namespace lc::io
