#include "io/chinese_coords.hpp"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <numbers>

#include "core/error.hpp"

namespace lc::io {

namespace {

constexpr double kPi = std::numbers::pi;

// The GCJ-02 offset is expressed on the Krasovsky 1940 ellipsoid.
constexpr double kKrasovskyA = 6378245.0;                 // semi-major axis, metres
constexpr double kKrasovskyE2 = 0.00669342162296594323;   // first eccentricity squared

// The rectangle where GCJ-02 is applied (see the header).
constexpr double kAreaMinLon = 72.004, kAreaMaxLon = 137.8347;
constexpr double kAreaMinLat = 0.8293, kAreaMaxLat = 55.8271;

// BD-09: a small rotation and scaling of GCJ-02 around the origin, then a fixed shift.
constexpr double kBdK = kPi * 3000.0 / 180.0;
constexpr double kBdRadius = 0.00002;
constexpr double kBdAngle = 0.000003;
constexpr double kBdShiftLon = 0.0065, kBdShiftLat = 0.006;

// The inverses stop when the forward transform of the estimate matches the input this closely
// (degrees): about 10 micrometres on the ground, far below the 1e-9 deg asked of them.
constexpr double kInverseTolerance = 1e-10;
constexpr int kMaxIterations = 60;

void check(LonLat p) {
  const bool ok = std::isfinite(p.lon) && std::isfinite(p.lat) && p.lon >= -180.0 &&
                  p.lon <= 180.0 && p.lat >= -90.0 && p.lat <= 90.0;
  if (ok) return;
  char buf[128];
  std::snprintf(buf, sizeof buf, "coordinate (%.9g, %.9g) is not a lon/lat position", p.lon, p.lat);
  throw InputError({}, std::string(buf) +
                           " (longitude must be -180..180, latitude -90..90, both finite numbers)");
}

// The published GCJ-02 distortion, in pseudo-metres along the Krasovsky meridian and parallel,
// as a function of the position relative to 105 E, 35 N.
struct OffsetMetres {
  double east;
  double north;
};

OffsetMetres gcj02_distortion(double x, double y) {
  const auto wave = [](double amp1, double arg1, double amp2, double arg2) {
    return (amp1 * std::sin(arg1 * kPi) + amp2 * std::sin(arg2 * kPi)) * 2.0 / 3.0;
  };
  const double root = std::sqrt(std::fabs(x));
  const double shared = wave(20.0, 6.0 * x, 20.0, 2.0 * x);
  OffsetMetres o{};
  o.east = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * root + shared +
           wave(20.0, x, 40.0, x / 3.0) + wave(150.0, x / 12.0, 300.0, x / 30.0);
  o.north = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * root + shared +
            wave(20.0, y, 40.0, y / 3.0) + wave(160.0, y / 12.0, 320.0, y / 30.0);
  return o;
}

// WGS84 -> GCJ-02 by the formula alone, wherever the point is (the area test is the caller's).
LonLat gcj02_forward_formula(LonLat p) {
  const OffsetMetres m = gcj02_distortion(p.lon - 105.0, p.lat - 35.0);
  const double phi = p.lat * kPi / 180.0;
  const double s = std::sin(phi);
  const double w = 1.0 - kKrasovskyE2 * s * s;
  const double meridian_radius = kKrasovskyA * (1.0 - kKrasovskyE2) / (w * std::sqrt(w));
  const double normal_radius = kKrasovskyA / std::sqrt(w);
  const double dlat = m.north * 180.0 / (meridian_radius * kPi);
  const double dlon = m.east * 180.0 / (normal_radius * std::cos(phi) * kPi);
  return {p.lon + dlon, p.lat + dlat};
}

LonLat bd09_forward_formula(LonLat g) {
  const double r = std::hypot(g.lon, g.lat) + kBdRadius * std::sin(g.lat * kBdK);
  const double a = std::atan2(g.lat, g.lon) + kBdAngle * std::cos(g.lon * kBdK);
  return {r * std::cos(a) + kBdShiftLon, r * std::sin(a) + kBdShiftLat};
}

// Solves forward(x) = target by fixed-point iteration x <- x - (forward(x) - target). Both
// transforms are the identity plus a perturbation whose slope is far below 1 (GCJ-02: ~0.003,
// BD-09: ~0.02), so each step shrinks the error by that factor.
template <class Forward>
LonLat invert(LonLat target, Forward forward) {
  LonLat x = target;
  for (int i = 0; i < kMaxIterations; ++i) {
    const LonLat f = forward(x);
    const double elon = f.lon - target.lon, elat = f.lat - target.lat;
    if (std::fabs(elon) < kInverseTolerance && std::fabs(elat) < kInverseTolerance) return x;
    x = {x.lon - elon, x.lat - elat};
  }
  char buf[96];
  std::snprintf(buf, sizeof buf, "coordinate (%.9g, %.9g): inverse transform did not converge",
                target.lon, target.lat);
  throw InputError({}, buf);
}

}  // namespace

ChineseDatum parse_chinese_datum(const std::string& text) {
  std::string t;
  for (char c : text)
    if (c != '-' && c != '_') t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (t == "wgs84") return ChineseDatum::wgs84;
  if (t == "gcj02") return ChineseDatum::gcj02;
  if (t == "bd09") return ChineseDatum::bd09;
  throw UsageError("unknown coordinate system '" + text + "' (expected wgs84, gcj02 or bd09)");
}

const char* to_string(ChineseDatum datum) {
  switch (datum) {
    case ChineseDatum::wgs84: return "wgs84";
    case ChineseDatum::gcj02: return "gcj02";
    case ChineseDatum::bd09: return "bd09";
  }
  return "?";
}

bool in_gcj02_area(LonLat p) {
  return p.lon >= kAreaMinLon && p.lon <= kAreaMaxLon && p.lat >= kAreaMinLat && p.lat <= kAreaMaxLat;
}

LonLat wgs84_to_gcj02(LonLat p) {
  check(p);
  return in_gcj02_area(p) ? gcj02_forward_formula(p) : p;
}

LonLat gcj02_to_wgs84(LonLat p) {
  check(p);
  // The area is decided on the GCJ-02 position; inside, the formula is inverted as an analytic
  // function (within ~1 km of the rectangle's edge the round trip may therefore differ; no
  // populated place in China is that close to it).
  if (!in_gcj02_area(p)) return p;
  return invert(p, gcj02_forward_formula);
}

LonLat gcj02_to_bd09(LonLat p) {
  check(p);
  return bd09_forward_formula(p);
}

LonLat bd09_to_gcj02(LonLat p) {
  check(p);
  return invert(p, bd09_forward_formula);
}

LonLat wgs84_to_bd09(LonLat p) { return gcj02_to_bd09(wgs84_to_gcj02(p)); }

LonLat bd09_to_wgs84(LonLat p) { return gcj02_to_wgs84(bd09_to_gcj02(p)); }

LonLat convert(LonLat p, ChineseDatum from, ChineseDatum to) {
  check(p);
  if (from == to) return p;
  LonLat g = p;  // via GCJ-02
  if (from == ChineseDatum::wgs84) g = wgs84_to_gcj02(p);
  if (from == ChineseDatum::bd09) g = bd09_to_gcj02(p);
  const LonLat out = to == ChineseDatum::gcj02 ? g : to == ChineseDatum::wgs84 ? gcj02_to_wgs84(g) : gcj02_to_bd09(g);
  // BD-09 shifts every point, also at the poles and the antimeridian, where the result leaves the
  // lon/lat range (fuzz/chinese_coords found 0 E 90 N -> BD-09 returned beyond 90 N).
  if (!(std::fabs(out.lon) <= 180.0 && std::fabs(out.lat) <= 90.0)) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "coordinate (%.9g, %.9g) has no %s position within lon/lat range", p.lon, p.lat,
                  to_string(to));
    throw InputError({}, std::string(buf) + " (the Chinese datums apply in and around China)");
  }
  return out;
}

}  // namespace lc::io
