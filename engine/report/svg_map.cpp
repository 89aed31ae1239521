#include "report/svg_map.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <numbers>

#include "plan/gap_measures.hpp"
#include "report/html.hpp"

namespace lc::report {

namespace {

Shape::Kind kind_of(std::string_view keyword) {
  if (keyword.find("POLYGON") != std::string_view::npos) return Shape::Kind::polygon;
  if (keyword.find("LINESTRING") != std::string_view::npos) return Shape::Kind::line;
  return Shape::Kind::point;
}

bool known(std::string_view keyword) {
  for (std::string_view k : {"POINT", "MULTIPOINT", "LINESTRING", "MULTILINESTRING", "POLYGON", "MULTIPOLYGON"})
    if (keyword == k) return true;
  return false;
}

}  // namespace

std::optional<Shape> parse_wkt(std::string_view wkt) {
  std::size_t i = 0;
  while (i < wkt.size() && std::isspace(static_cast<unsigned char>(wkt[i]))) ++i;
  std::string keyword;
  while (i < wkt.size() && std::isalpha(static_cast<unsigned char>(wkt[i])))
    keyword += static_cast<char>(std::toupper(static_cast<unsigned char>(wkt[i++])));
  if (!known(keyword)) return std::nullopt;
  Shape shape;
  shape.kind = kind_of(keyword);
  std::vector<LonLat> ring;
  std::vector<double> coordinate;
  int depth = 0;
  auto flush = [&] {
    if (coordinate.size() >= 2) ring.push_back({coordinate[0], coordinate[1]});
    coordinate.clear();
  };
  for (; i < wkt.size(); ++i) {
    const char c = wkt[i];
    if (c == '(') {
      ++depth;
    } else if (c == ')') {
      flush();
      if (!ring.empty() && shape.kind != Shape::Kind::point) shape.rings.push_back(std::move(ring)), ring.clear();
      if (--depth == 0) break;
    } else if (c == ',') {
      flush();
    } else if (c == '-' || c == '+' || c == '.' || std::isdigit(static_cast<unsigned char>(c))) {
      const char* first = wkt.data() + i + (c == '+' ? 1 : 0);
      double v = 0;
      const auto [end, ec] = std::from_chars(first, wkt.data() + wkt.size(), v);
      if (ec != std::errc() || !std::isfinite(v)) return std::nullopt;
      coordinate.push_back(v);
      i = static_cast<std::size_t>(end - wkt.data()) - 1;
    } else if (!std::isspace(static_cast<unsigned char>(c)) && (depth > 0 || !std::isalpha(static_cast<unsigned char>(c)))) {
      return std::nullopt;  // letters only before the coordinates (Z, M, EMPTY)
    }
  }
  if (depth != 0) return std::nullopt;
  if (shape.kind == Shape::Kind::point && !ring.empty()) shape.rings.push_back(std::move(ring));
  if (shape.rings.empty()) return std::nullopt;
  return shape;
}

void extend(BBox& box, const Shape& shape) {
  for (const auto& ring : shape.rings)
    for (const auto& p : ring) box.add(p.lon, p.lat);
}

MapFrame::MapFrame(const BBox& lonlat, double width, double max_height, double pad) : pad_(pad) {
  BBox b = lonlat;
  if (b.empty()) b.add(0, 0);
  const double cx = (b.min_x + b.max_x) / 2, cy = (b.min_y + b.max_y) / 2;
  kx_ = std::max(0.01, std::cos(cy * std::numbers::pi / 180.0));
  double dx = (b.max_x - b.min_x) * kx_, dy = b.max_y - b.min_y;
  // A single point or a line along one axis: give the frame a square shape around it.
  if (dx <= 0 && dy <= 0) dx = dy = 0.002;
  if (dx <= 0) dx = dy;
  if (dy <= 0) dy = dx;
  lon0_ = cx - dx / kx_ / 2;
  lat1_ = cy + dy / 2;
  const double inner_w = std::max(1.0, width - 2 * pad), inner_h = std::max(1.0, max_height - 2 * pad);
  scale_ = std::min(inner_w / dx, inner_h / dy);
  width_ = dx * scale_ + 2 * pad;
  height_ = dy * scale_ + 2 * pad;
}

Point MapFrame::project(LonLat p) const {
  return {pad_ + (p.lon - lon0_) * kx_ * scale_, pad_ + (lat1_ - p.lat) * scale_};
}

std::string px(double v) {
  double r = std::round(v * 10.0) / 10.0;
  if (r == 0) r = 0;  // no "-0"
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.1f", r);
  std::string s = buf;
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  return s;
}

std::string svg_open(const MapFrame& frame, std::string_view label) {
  const std::string w = px(frame.width()), h = px(frame.height());
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + w + " " + h + "\" width=\"" + w +
         "\" height=\"" + h + "\" role=\"img\" aria-label=\"" + html_escape(label) + "\"><rect width=\"" + w +
         "\" height=\"" + h + "\" fill=\"#f7f7f4\"/>";
}

std::string polygon_path(const MapFrame& frame, const Shape& shape) {
  std::string d;
  for (const auto& ring : shape.rings) {
    std::vector<std::pair<long long, long long>> pts;  // whole pixels
    for (const auto& p : ring) {
      const Point q = frame.project(p);
      const std::pair<long long, long long> xy{std::llround(q.x), std::llround(q.y)};
      if (!pts.empty() && pts.back() == xy) continue;
      // A point on the straight line through the two before it adds nothing (grid staircases).
      if (pts.size() >= 2) {
        const auto [ax, ay] = pts[pts.size() - 2];
        const auto [bx, by] = pts.back();
        if ((bx - ax) * (xy.second - ay) == (by - ay) * (xy.first - ax)) pts.pop_back();
      }
      pts.push_back(xy);
    }
    while (pts.size() > 1 && pts.back() == pts.front()) pts.pop_back();
    if (pts.size() < 3) continue;
    d += "M" + std::to_string(pts[0].first) + " " + std::to_string(pts[0].second) + "L";
    for (std::size_t i = 1; i < pts.size(); ++i)
      d += (i > 1 ? " " : "") + std::to_string(pts[i].first) + " " + std::to_string(pts[i].second);
    d += "Z";
  }
  return d;
}

std::size_t time_class(std::optional<double> ratio) {
  if (!ratio) return 5;
  if (*ratio <= 0.5) return 0;
  if (*ratio <= 1.0) return 1;
  if (*ratio <= 1.5) return 2;
  if (*ratio <= 2.0) return 3;
  return 4;
}

std::size_t gap_class(double people) {
  if (people < 50) return 0;
  if (people < 200) return 1;
  if (people < 1000) return 2;
  if (people < 5000) return 3;
  return 4;
}

std::size_t coverage_class(double share) {
  if (share >= plan::kMetCoverage) return 0;
  if (share >= 0.8) return 1;
  if (share >= 0.6) return 2;
  if (share >= 0.4) return 3;
  return 4;
}

BinGrid::BinGrid(const MapFrame& frame, double bin)
    : frame_(frame), bin_(bin), columns_(static_cast<long long>(std::ceil(frame.width() / bin)) + 1) {}

void BinGrid::add(LonLat p, double value, double weight) {
  const Point q = frame_.project(p);
  const auto col = std::max(0LL, static_cast<long long>(std::floor((q.x - frame_.pad()) / bin_)));
  const auto row = std::max(0LL, static_cast<long long>(std::floor((q.y - frame_.pad()) / bin_)));
  cells_[row * columns_ + std::min(col, columns_ - 1)].emplace_back(value, std::max(0.0, weight));
}

double BinGrid::median(const Values& values) {
  Values v = values;
  std::sort(v.begin(), v.end());
  double total = 0;
  for (const auto& [value, w] : v) total += w;
  const bool equal = !(total > 0);
  if (equal) total = static_cast<double>(v.size());
  double sum = 0;
  for (const auto& [value, w] : v) {
    sum += equal ? 1.0 : w;
    if (sum >= total / 2) return value;
  }
  return v.back().first;
}

// Each run of bins is a horizontal stroke one bin wide through the middle of its row, written
// with relative moves ("m3 0h2"): a few bytes per run, which keeps 40k-cell grids small.
std::string BinGrid::render(const std::vector<std::pair<long long, std::size_t>>& cls,
                            const std::vector<std::string_view>& fill) const {
  std::vector<std::string> d(fill.size());
  std::vector<std::pair<long long, long long>> at(fill.size(), {-1, -1});  // pen position per class
  for (std::size_t i = 0; i < cls.size();) {
    const auto [key, c] = cls[i];
    std::size_t j = i + 1;
    while (j < cls.size() && cls[j].second == c && cls[j].first == key + static_cast<long long>(j - i) &&
           cls[j].first / columns_ == key / columns_)
      ++j;
    const long long col = key % columns_, row = key / columns_, len = static_cast<long long>(j - i);
    if (c < d.size()) {
      auto& [x, y] = at[c];
      d[c] += x < 0 ? "M" + std::to_string(col) + " " + std::to_string(row)
                    : "m" + std::to_string(col - x) + " " + std::to_string(row - y);
      d[c] += "h" + std::to_string(len);
      x = col + len, y = row;
    }
    i = j;
  }
  std::string out = "<g transform=\"translate(" + px(frame_.pad()) + " " + px(frame_.pad() + bin_ / 2) + ") scale(" +
                    px(bin_) + ")\" stroke-width=\"1\" fill=\"none\" shape-rendering=\"crispEdges\">";
  for (std::size_t c = 0; c < d.size(); ++c)
    if (!d[c].empty()) out += "<path stroke=\"" + std::string(fill[c]) + "\" d=\"" + d[c] + "\"/>";
  return out + "</g>";
}

}  // namespace lc::report
