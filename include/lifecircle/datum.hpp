// Chinese web-map datums: WGS84 <-> GCJ-02 (Amap/高德, Tencent) <-> BD-09 (Baidu), for single
// coordinates. The engine works in WGS84; files in GCJ-02 or BD-09 are converted on load.
#pragma once

#include <string_view>

namespace lifecircle {

enum class Datum { wgs84, gcj02, bd09 };

struct LonLat {
  double lon = 0;
  double lat = 0;
};

// "wgs84", "gcj02" or "bd09" (case-insensitive; "gcj-02", "bd-09", "wgs-84" too); UsageError otherwise.
Datum parse_datum(std::string_view text);

// `p` in datum `to`. GCJ-02 applies inside lon 72.004..137.8347 E, lat 0.8293..55.8271 N and is
// the identity outside; the inverses are iterated until the forward transform matches within
// 1e-10 degrees. A NaN, infinite or out-of-range coordinate is an InputError.
LonLat convert(LonLat p, Datum from, Datum to);

}  // namespace lifecircle
