// lc::report the interactive map's data: the result tables turned into one JSON document that the
// page's script (map_script.cpp) draws with Leaflet. Geometry is made small for the screen:
// coordinates quantised to 1e-5 degrees (about 1 m), each ring written as its first point and then
// deltas, repeated points dropped and lines and rings simplified (Douglas-Peucker, about 2 m).
// Walking times are two characters per origin and category (tenths of a minute, rounded up, so
// that "within the threshold" is kept when the threshold is a whole number of tenths). Every
// string is escaped so that the JSON can sit inside <script type="application/json">: no `<`, `>`
// or `&` appears raw, so no name can end the script element, and invalid UTF-8 becomes U+FFFD.
// Docs: docs/report.md ("The interactive map").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "io/crs.hpp"
#include "io/table.hpp"
#include "report/html_report.hpp"
#include "network/graph.hpp"

namespace lc::report {

// The walkable streets as a table for ReportInput::streets: one LINESTRING (WGS84) per edge of the
// graph, column `class` (the edge's street class; "" when the source had none).
io::Table streets_table(const network::Graph& graph, const io::Projector& projector);

namespace detail {

struct Context;

// A JSON string literal (with its quotes) that is also safe inside an HTML <script> element.
std::string json_string(std::string_view text);

// Whether the report has the map: ReportLayout::interactive_map and origin or gap geometry.
bool map_drawn(const ReportInput& in);
// The map's JSON ("" when !map_drawn).
std::string map_data_json(const Context& ctx);

// Tenths of a minute as the map writes them: seconds / 6 rounded up, at most 4094; 4095 stands for
// "no facility reachable". Two characters of kTimeDigits each (high, low).
inline constexpr std::string_view kTimeDigits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
inline constexpr int kNoTime = 4095;
int time_code(std::optional<double> seconds);
std::string encode_time(int code);

// Points quantised to 1e-5 degrees, simplified: repeated points dropped, then Douglas-Peucker
// within `tolerance` units; a ring keeps at least 3 points (none when it cannot), a line 2.
using QPoint = std::pair<std::int64_t, std::int64_t>;
std::vector<QPoint> simplify(const std::vector<QPoint>& points, double tolerance, bool ring);

}  // namespace detail

}  // namespace lc::report
