#include "io/crs.hpp"

#include <ogr_spatialref.h>

#include <algorithm>
#include <cmath>

#include "core/error.hpp"

namespace lc::io {

int utm_epsg_for(const BBox& e) {
  const double lon = (e.min_x + e.max_x) / 2.0;
  const double lat = (e.min_y + e.max_y) / 2.0;
  int zone = static_cast<int>(std::floor((lon + 180.0) / 6.0)) + 1;
  zone = std::clamp(zone, 1, 60);
  return (lat >= 0 ? 32600 : 32700) + zone;
}

int parse_epsg(const std::string& text) {
  std::string digits = text;
  if (digits.rfind("EPSG:", 0) == 0 || digits.rfind("epsg:", 0) == 0) digits = digits.substr(5);
  // EPSG codes have at most 6 digits; a longer one made std::stoi throw out_of_range, which the
  // CLI reported as an internal error.
  if (digits.empty() || digits.size() > 6 || digits.find_first_not_of("0123456789") != std::string::npos)
    throw UsageError(FieldText{"{crs}: expected EPSG:N, got '" + text + "'", {"crs"}});
  return std::stoi(digits);
}

namespace {

OGRSpatialReference srs_for(int epsg) {
  OGRSpatialReference srs;
  if (srs.importFromEPSG(epsg) != OGRERR_NONE)
    throw UsageError("unknown CRS EPSG:" + std::to_string(epsg));
  // Always x = lon / easting, y = lat / northing, whatever the authority's axis order.
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return srs;
}

std::unique_ptr<OGRCoordinateTransformation> transform(const OGRSpatialReference& a,
                                                       const OGRSpatialReference& b) {
  std::unique_ptr<OGRCoordinateTransformation> t(OGRCreateCoordinateTransformation(&a, &b));
  if (!t) throw UsageError("no coordinate transformation between the CRSs");
  return t;
}

}  // namespace

bool Projector::is_metric(int epsg) {
  OGRSpatialReference srs = srs_for(epsg);
  return srs.IsProjected() && std::abs(srs.GetLinearUnits() - 1.0) < 1e-9;
}

Projector::Projector(int epsg) : epsg_(epsg) {
  if (!is_metric(epsg))
    throw UsageError(FieldText{"{crs} EPSG:" + std::to_string(epsg) + " is not a projected CRS in metres; lengths would be wrong",
                               {"crs"}});
  const OGRSpatialReference wgs84 = srs_for(4326);
  const OGRSpatialReference metric = srs_for(epsg);
  to_metric_ = transform(wgs84, metric);
  to_wgs84_ = transform(metric, wgs84);
}

Projector::~Projector() = default;

Point Projector::forward(LonLat p) const {
  double x = p.lon, y = p.lat;
  if (!to_metric_->Transform(1, &x, &y))
    throw UsageError("cannot project lon/lat " + std::to_string(p.lon) + "," +
                     std::to_string(p.lat) + " to EPSG:" + std::to_string(epsg_));
  return {x, y};
}

LonLat Projector::inverse(Point p) const {
  double x = p.x, y = p.y;
  if (!to_wgs84_->Transform(1, &x, &y))
    throw UsageError("cannot project point back to WGS84 from EPSG:" + std::to_string(epsg_));
  return {x, y};
}

}  // namespace lc::io
