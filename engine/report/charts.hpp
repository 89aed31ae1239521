// lc::report charts as inline SVG: horizontal bars of coverage shares (grouped by circle level)
// and histograms of people by walking time. Plain geometry and text, no script; colours from
// the classes in svg_map.hpp so the charts read like the maps.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace lc::report {

struct Bar {
  std::string label;
  double share = 0;  // 0..1
  bool emphasis = false;  // drawn bold: the level's completeness
};

struct BarGroup {
  std::string title;
  std::vector<Bar> bars;
};

// One row per bar, a title row per group; bar colour by coverage class, value printed after it.
std::string bar_chart(const std::vector<BarGroup>& groups, double width);

// People by minutes to the nearest facility of one category: `bins` one-minute bins from 0, then
// "more" (beyond the last bin) and "none" (nothing reachable).
struct Histogram {
  std::vector<double> people;  // per one-minute bin
  double more = 0, none = 0;
  double threshold_min = 0;
  void add(std::optional<double> seconds, double weight);
  double total() const;
};
Histogram make_histogram(int bins, double threshold_min);

// Bars coloured by the time class of their upper edge against the threshold, a dashed line at
// the threshold, the y axis as a share of the category's people.
std::string histogram_svg(const Histogram& h, double width, double height, const std::string& label);

}  // namespace lc::report
