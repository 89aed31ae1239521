// lc::io plain geometry values shared by every stage: WGS84 lon/lat and metric points.
// Geometry objects from GDAL or GEOS never leave io; the rest of the engine sees these.
#pragma once

#include <string>
#include <vector>

namespace lc {

struct LonLat {
  double lon = 0.0;
  double lat = 0.0;
};

// A point in the run's metric CRS (metres east, metres north).
struct Point {
  double x = 0.0;
  double y = 0.0;
};

struct BBox {
  double min_x = 1e300, min_y = 1e300, max_x = -1e300, max_y = -1e300;
  void add(double x, double y) {
    if (x < min_x) min_x = x;
    if (y < min_y) min_y = y;
    if (x > max_x) max_x = x;
    if (y > max_y) max_y = y;
  }
  bool empty() const { return min_x > max_x; }
};

}  // namespace lc
