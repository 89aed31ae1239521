// Test helpers for the planner's report: the page's scripts are exactly the interactive map's
// three (its JSON data, Leaflet, the map), none with a src; without them the page must hold
// nothing that fetches anything.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace lc::test {

struct ReportScripts {
  std::string rest;               // the page without its script elements
  std::string json;               // the map's data ("" when there is no map)
  std::vector<std::string> code;  // the other scripts' texts, in order
  int count = 0;
};

// Splits the page at its <script> elements; any opener other than "<script>" and the map data's
// fails the test (no src, no other type).
inline ReportScripts split_scripts(const std::string& html) {
  static const std::string kData = "<script type=\"application/json\" id=\"map-data\">", kCode = "<script>", kEnd = "</script>";
  ReportScripts s;
  std::size_t at = 0;
  while (true) {
    const std::size_t open = html.find("<script", at);
    if (open == std::string::npos) break;
    s.rest += html.substr(at, open - at);
    const bool data = html.compare(open, kData.size(), kData) == 0;
    EXPECT_TRUE(data || html.compare(open, kCode.size(), kCode) == 0) << html.substr(open, 80);
    const std::size_t body = open + (data ? kData.size() : kCode.size());
    const std::size_t end = html.find(kEnd, body);
    EXPECT_NE(end, std::string::npos);
    if (end == std::string::npos) break;
    (data ? s.json : s.code.emplace_back()) = html.substr(body, end - body);
    ++s.count;
    at = end + kEnd.size();
  }
  s.rest += html.substr(at);
  return s;
}

// Self-contained: nothing outside the scripts loads anything, and the scripts name no source.
inline void expect_self_contained(const std::string& html) {
  const ReportScripts s = split_scripts(html);
  for (const char* external : {"<script", "src=", "<link", "@import", "url(", "href=\"http", "<iframe"})
    EXPECT_EQ(s.rest.find(external), std::string::npos) << external;
  EXPECT_TRUE(s.count == 0 || s.count == 3) << s.count << " scripts";
  EXPECT_EQ(s.json.find('<'), std::string::npos) << "the map's data can close its script element";
}

}  // namespace lc::test
