#include "network/slope.hpp"

#include <algorithm>
#include <cmath>

namespace lc::network {

double tobler_factor(double s) { return std::exp(-3.5 * std::abs(s + 0.05)) / std::exp(-0.175); }

double dem_spacing_m(const io::Dem& dem) { return std::max(10.0, dem.cell_m()); }

namespace {

// Points every `step` metres along a polyline, its first and last vertex included; `at` gets the
// distance of each along the line.
void resample(const Point* p, std::size_t n, double step, std::vector<Point>& out, std::vector<double>& at) {
  out.assign(1, p[0]), at.assign(1, 0.0);
  double walked = 0, next = step;
  for (std::size_t i = 1; i < n; ++i) {
    const double seg = std::hypot(p[i].x - p[i - 1].x, p[i].y - p[i - 1].y);
    while (seg > 0 && next < walked + seg - 1e-9) {
      const double t = (next - walked) / seg;
      out.push_back({p[i - 1].x + t * (p[i].x - p[i - 1].x), p[i - 1].y + t * (p[i].y - p[i - 1].y)});
      at.push_back(next);
      next += step;
    }
    walked += seg;
  }
  if (walked > at.back() || n == 1) out.push_back(p[n - 1]), at.push_back(walked);
}

}  // namespace

SlopeStats apply_dem(Graph& g, const io::Dem& dem, double spacing_m) {
  SlopeStats st;
  st.spacing_m = spacing_m;
  g.edge_slope_uv.assign(g.edge_count(), 1.0f);
  g.edge_slope_vu.assign(g.edge_count(), 1.0f);
  std::vector<Point> pts;
  std::vector<double> at, z;
  for (EdgeId e = 0; e < g.edge_count(); ++e) {
    const auto grade = g.edge_grade.empty() ? Grade::ground : static_cast<Grade>(g.edge_grade[e]);
    if (grade == Grade::none) continue;
    const Point* geom = g.geom_xy.data() + g.geom_first[e];
    const std::size_t n = g.geom_first[e + 1] - g.geom_first[e];
    if (n < 2) continue;
    if (grade == Grade::ends) {
      pts = {geom[0], geom[n - 1]};
      double len = 0;
      for (std::size_t i = 1; i < n; ++i) len += std::hypot(geom[i].x - geom[i - 1].x, geom[i].y - geom[i - 1].y);
      at = {0.0, len};
    } else {
      resample(geom, n, spacing_m, pts, at);
    }
    dem.heights(pts, z);
    ++st.edges;
    double total = 0, uv = 0, vu = 0;
    bool flat_part = false;
    for (std::size_t i = 1; i < pts.size(); ++i) {
      const double run = at[i] - at[i - 1];
      if (run <= 0) continue;
      total += run;
      if (std::isnan(z[i]) || std::isnan(z[i - 1])) {
        flat_part = true, uv += run, vu += run;
        continue;
      }
      const double s = (z[i] - z[i - 1]) / run;
      st.max_rise = std::max(st.max_rise, std::abs(s));
      uv += run / tobler_factor(s), vu += run / tobler_factor(-s);
    }
    st.partly_flat += flat_part;
    if (total > 0) g.edge_slope_uv[e] = static_cast<float>(uv / total), g.edge_slope_vu[e] = static_cast<float>(vu / total);
  }
  return st;
}

}  // namespace lc::network
