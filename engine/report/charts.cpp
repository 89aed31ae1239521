#include "report/charts.hpp"

#include <algorithm>
#include <cmath>

#include "report/cells.hpp"
#include "report/html.hpp"
#include "report/svg_map.hpp"

namespace lc::report {

namespace {

std::string text_at(double x, double y, const std::string& s, const char* anchor = "start", const char* cls = "") {
  return "<text x=\"" + px(x) + "\" y=\"" + px(y) + "\" text-anchor=\"" + anchor + "\"" +
         (*cls ? std::string(" class=\"") + cls + "\"" : std::string()) + ">" + html_escape(s) + "</text>";
}

std::string rect(double x, double y, double w, double h, std::string_view fill) {
  return "<rect x=\"" + px(x) + "\" y=\"" + px(y) + "\" width=\"" + px(w) + "\" height=\"" + px(h) + "\" fill=\"" +
         std::string(fill) + "\"/>";
}

}  // namespace

std::string bar_chart(const std::vector<BarGroup>& groups, double width) {
  const double row = 18, label_w = std::min(260.0, width * 0.42), value_w = 56;
  const double bar_w = std::max(40.0, width - label_w - value_w - 8);
  double y = 4;
  std::string body;
  for (const auto& g : groups) {
    body += text_at(4, y + 13, g.title, "start", "group");
    y += row + 2;
    for (const auto& b : g.bars) {
      const double share = std::clamp(b.share, 0.0, 1.0);
      body += text_at(label_w - 6, y + 12, b.label, "end", b.emphasis ? "strong" : "");
      body += rect(label_w, y + 2, bar_w, row - 5, "#ebebe6");
      body += rect(label_w, y + 2, bar_w * share, row - 5, kCoverageClasses[coverage_class(share)].colour);
      body += text_at(label_w + bar_w + 4, y + 12, format_share(b.share), "start", b.emphasis ? "strong" : "");
      y += row;
    }
    y += 6;
  }
  // The checklist's 95% mark, across every row.
  const double x95 = label_w + bar_w * 0.95;
  body += "<line x1=\"" + px(x95) + "\" y1=\"2\" x2=\"" + px(x95) + "\" y2=\"" + px(y) +
          "\" stroke=\"#333\" stroke-dasharray=\"3 3\" stroke-width=\"0.8\"/>";
  body += text_at(x95, y + 10, "95%", "middle", "axis");
  y += 14;
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 " + px(width) + " " + px(y) +
         "\" width=\"" + px(width) + "\" height=\"" + px(y) + "\" role=\"img\" aria-label=\"coverage by circle level\">" +
         body + "</svg>";
}

void Histogram::add(std::optional<double> seconds, double weight) {
  if (!(weight > 0)) return;
  if (!seconds) { none += weight; return; }
  const auto bin = static_cast<std::size_t>(std::max(0.0, std::floor(*seconds / 60.0)));
  if (bin < people.size()) people[bin] += weight;
  else more += weight;
}

double Histogram::total() const {
  double t = more + none;
  for (double p : people) t += p;
  return t;
}

Histogram make_histogram(int bins, double threshold_min) {
  Histogram h;
  h.people.assign(static_cast<std::size_t>(std::max(1, bins)), 0.0);
  h.threshold_min = threshold_min;
  return h;
}

std::string histogram_svg(const Histogram& h, double width, double height, const std::string& label) {
  const double left = 34, right = 6, top = 8, bottom = 22;
  const std::size_t n = h.people.size() + 2;  // + more + none
  const double plot_w = width - left - right, plot_h = height - top - bottom, bw = plot_w / static_cast<double>(n);
  const double total = h.total();
  double peak = 0;
  for (double p : h.people) peak = std::max(peak, p);
  peak = std::max({peak, h.more, h.none});
  const double top_share = total > 0 ? std::max(0.01, std::ceil(peak / total * 20.0) / 20.0) : 1.0;  // 5% steps
  std::string s = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 " + px(width) + " " +
                  px(height) + "\" width=\"" + px(width) + "\" height=\"" + px(height) + "\" role=\"img\" aria-label=\"" +
                  html_escape(label) + "\">";
  auto bar = [&](std::size_t i, double people, std::string_view colour) {
    if (!(people > 0) || !(total > 0)) return;
    const double hgt = plot_h * (people / total) / top_share;
    s += rect(left + bw * static_cast<double>(i) + 0.5, top + plot_h - hgt, std::max(0.5, bw - 1), hgt, colour);
  };
  for (std::size_t i = 0; i < h.people.size(); ++i) {
    const double upper_min = static_cast<double>(i + 1);
    const std::optional<double> ratio = h.threshold_min > 0 ? std::optional<double>(upper_min / h.threshold_min) : std::nullopt;
    bar(i, h.people[i], kTimeClasses[h.threshold_min > 0 ? time_class(ratio) : 1].colour);
  }
  bar(h.people.size(), h.more, kTimeClasses[4].colour);
  bar(h.people.size() + 1, h.none, kTimeClasses[5].colour);
  s += "<line x1=\"" + px(left) + "\" y1=\"" + px(top + plot_h) + "\" x2=\"" + px(left + plot_w) + "\" y2=\"" +
       px(top + plot_h) + "\" stroke=\"#555\" stroke-width=\"0.8\"/>";
  s += text_at(left - 3, top + 8, format_share(top_share), "end", "axis");
  s += text_at(left - 3, top + plot_h, "0", "end", "axis");
  const std::size_t bins = h.people.size();
  for (std::size_t m = 0; m <= bins; m += 5)
    s += text_at(left + bw * static_cast<double>(m), height - 10, std::to_string(m), "middle", "axis");
  s += text_at(left + bw * (static_cast<double>(bins) + 0.5), height - 10, ">", "middle", "axis");
  s += text_at(left + bw * (static_cast<double>(bins) + 1.5), height - 10, "∅", "middle", "axis");
  s += text_at(left + plot_w, height - 1, "分钟 min", "end", "axis");
  if (h.threshold_min > 0 && h.threshold_min <= static_cast<double>(bins)) {
    const double x = left + bw * h.threshold_min;
    s += "<line x1=\"" + px(x) + "\" y1=\"" + px(top) + "\" x2=\"" + px(x) + "\" y2=\"" + px(top + plot_h) +
         "\" stroke=\"#222\" stroke-dasharray=\"3 2\" stroke-width=\"1\"/>";
  }
  return s + "</svg>";
}

}  // namespace lc::report
