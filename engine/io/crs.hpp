// lc::io coordinate reference systems: every input is read into WGS84 lon/lat, then the whole run
// works in one metric CRS (a UTM zone picked from the data's extent, or the user's --crs).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "io/geo.hpp"

class OGRCoordinateTransformation;
class OGRSpatialReference;

namespace lc::io {

// UTM zone (WGS84, EPSG:326xx north / 327xx south) containing the centre of a lon/lat extent.
int utm_epsg_for(const BBox& lonlat_extent);

// Parses "EPSG:32648" (or a bare number) into an EPSG code; throws UsageError otherwise.
int parse_epsg(const std::string& text);

// Forward (WGS84 -> metric) and inverse projection for one CRS. Not thread-safe (PROJ objects).
class Projector {
 public:
  explicit Projector(int epsg);
  ~Projector();
  Projector(const Projector&) = delete;
  Projector& operator=(const Projector&) = delete;

  int epsg() const { return epsg_; }
  Point forward(LonLat p) const;
  LonLat inverse(Point p) const;
  // Rejects CRSs in degrees: the engine's lengths must be metres.
  static bool is_metric(int epsg);

 private:
  int epsg_;
  std::unique_ptr<OGRCoordinateTransformation> to_metric_;
  std::unique_ptr<OGRCoordinateTransformation> to_wgs84_;
};

}  // namespace lc::io
