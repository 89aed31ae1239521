// lc::report maps as inline SVG: WGS84 WKT from the result tables read into rings, a local
// equirectangular projection onto a pixel frame (longitudes shrunk by the cosine of the middle
// latitude, so a small city keeps its shape), origins aggregated into square bins of a few
// pixels (a 100 m grid of 40k cells stays a few thousand bins), polygons rounded to whole pixels
// with repeated and collinear points dropped. The colour classes shared by maps, charts and
// tables live here too.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/geo.hpp"

namespace lc::report {

// A geometry from WKT: points (POINT, MULTIPOINT: one ring holding the points) or polygons
// (POLYGON, MULTIPOLYGON: every ring, outer and holes alike, drawn with the even-odd rule).
// Lines are read as rings too but never filled. Z/M values are ignored.
struct Shape {
  enum class Kind { point, line, polygon } kind = Kind::point;
  std::vector<std::vector<LonLat>> rings;
};

// None for "", EMPTY geometries and text that is not WKT of those kinds.
std::optional<Shape> parse_wkt(std::string_view wkt);
void extend(BBox& box, const Shape& shape);

// The projection of a lon/lat box onto `width` pixels (height follows the box's shape, at most
// `max_height`), with `pad` pixels of margin on every side; y grows downwards.
class MapFrame {
 public:
  MapFrame(const BBox& lonlat, double width, double max_height, double pad);
  double width() const { return width_; }
  double height() const { return height_; }
  double pad() const { return pad_; }
  Point project(LonLat p) const;

 private:
  double lon0_ = 0, lat1_ = 0, kx_ = 1, scale_ = 1, pad_ = 0, width_ = 0, height_ = 0;
};

// A pixel value for SVG: rounded to 0.1, without a trailing ".0" ("100", "12.5", "-3").
std::string px(double v);

// `<svg ...>` with viewBox, size and an accessible label, and a light background.
std::string svg_open(const MapFrame& frame, std::string_view label);

// Path data ("M..L..Z" per ring) of a polygon's rings in whole pixels, repeated points and points
// on a straight line through their neighbours dropped; rings left with fewer than 3 points are
// dropped; "" when none is left.
std::string polygon_path(const MapFrame& frame, const Shape& shape);

// A legend entry: a swatch colour and its label (HTML-escaped when written).
struct ColourClass {
  std::string_view colour;
  std::string_view label;
};

// Walking time against the category's threshold: green within it, amber, then red; the last
// class is "no facility reachable".
inline constexpr std::array<ColourClass, 6> kTimeClasses = {{
    {"#1a9850", "≤ 0.5 × 时限 threshold"},
    {"#91cf60", "≤ 时限 threshold"},
    {"#fdc64c", "≤ 1.5 × 时限"},
    {"#f46d43", "≤ 2 × 时限"},
    {"#d73027", "> 2 × 时限"},
    {"#67001f", "不可达 unreachable"},
}};
// ratio = time / threshold; none = unreachable.
std::size_t time_class(std::optional<double> ratio);

// People in a gap area: light to dark red.
inline constexpr std::array<ColourClass, 5> kGapClasses = {{
    {"#fcbba1", "< 50 人 people"},
    {"#fc9272", "50–199"},
    {"#fb6a4a", "200–999"},
    {"#de2d26", "1,000–4,999"},
    {"#a50f15", "≥ 5,000"},
}};
std::size_t gap_class(double people);

// Coverage share: green from the checklist's 95% down to red below 40%.
inline constexpr std::array<ColourClass, 5> kCoverageClasses = {{
    {"#1a9850", "≥ 95%"},
    {"#91cf60", "80–95%"},
    {"#fdc64c", "60–80%"},
    {"#f46d43", "40–60%"},
    {"#d73027", "< 40%"},
}};
std::size_t coverage_class(double share);

// Values on a grid of square bins `bin` pixels wide over the frame's inner area. Each bin shows
// the class of its people-weighted median value (equal weights when nobody lives there).
class BinGrid {
 public:
  BinGrid(const MapFrame& frame, double bin);
  // value: any ordered quantity (+infinity sorts last, e.g. unreachable); weight >= 0.
  void add(LonLat p, double value, double weight);
  std::size_t size() const { return cells_.size(); }
  // One path per class: horizontal runs of bins of the same class as strokes one bin wide, in bin
  // units (row r is drawn at y = r, shifted half a bin down by the group's transform). classify maps a bin's median value to an index into `colours`.
  template <class Classify, std::size_t N>
  std::string svg(Classify classify, const std::array<ColourClass, N>& colours) const {
    std::vector<std::pair<long long, std::size_t>> cls;
    for (const auto& [key, values] : cells_) cls.emplace_back(key, classify(median(values)));
    std::vector<std::string_view> fill;
    for (const auto& c : colours) fill.push_back(c.colour);
    return render(cls, fill);
  }

 private:
  using Values = std::vector<std::pair<double, double>>;  // value, weight
  static double median(const Values& values);
  std::string render(const std::vector<std::pair<long long, std::size_t>>& cls,
                     const std::vector<std::string_view>& fill) const;
  const MapFrame& frame_;
  double bin_;
  long long columns_;
  std::map<long long, Values> cells_;  // key = row * columns + column: rows top to bottom
};

}  // namespace lc::report
