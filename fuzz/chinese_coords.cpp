// fuzz/chinese_coords: WGS84 <-> GCJ-02 <-> BD-09 on arbitrary doubles (NaN, infinities,
// subnormals, the edges of the GCJ-02 rectangle). A conversion either rejects the point with an
// lc::InputError or returns a finite lon/lat in range; and converting back lands within 1e-6
// degrees (about 0.1 m) of the start, except across the GCJ-02 rectangle's edge where the datum
// itself is discontinuous.
#include <cmath>
#include <cstdlib>

#include "fuzz_support.hpp"
#include "io/chinese_coords.hpp"

namespace {

using lc::io::ChineseDatum;
using lc::LonLat;

bool valid(LonLat p) {
  return std::isfinite(p.lon) && std::isfinite(p.lat) && std::fabs(p.lon) <= 180 && std::fabs(p.lat) <= 90;
}

// Away from the rectangle's edge (0.1 degrees covers the largest GCJ-02 and BD-09 offsets).
bool well_inside_or_outside(LonLat p) {
  const auto far = [](double v, double edge) { return std::fabs(v - edge) > 0.1; };
  return far(p.lon, 72.004) && far(p.lon, 137.8347) && far(p.lat, 0.8293) && far(p.lat, 55.8271);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  lc::fuzz::Bytes in(data, size);
  const auto pick = in.take<std::uint8_t>();
  const auto from = static_cast<ChineseDatum>(pick % 3);
  const auto to = static_cast<ChineseDatum>((pick / 3) % 3);
  const LonLat p{in.take<double>(), in.take<double>()};
  lc::fuzz::expect_only_lc_errors([&] {
    const LonLat q = lc::io::convert(p, from, to);
    if (!valid(q)) std::abort();
    if (!well_inside_or_outside(p) || !well_inside_or_outside(q) || std::fabs(p.lat) > 89) return;
    const LonLat back = lc::io::convert(q, to, from);
    if (std::fabs(back.lon - p.lon) > 1e-6 || std::fabs(back.lat - p.lat) > 1e-6) std::abort();
  });
  return 0;
}
