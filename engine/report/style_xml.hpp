// lc::report one layer style as plain data (how features are classed and drawn, what is
// labelled) and its two serialisations: QGIS 3.22 QML and OGC SLD 1.1. The choice of style for a
// result layer lives in styles.hpp; this file only knows the two formats.
#pragma once

#include <string>
#include <vector>

namespace lc::report {

struct Rgba {
  int r = 0, g = 0, b = 0, a = 255;
};

enum class SymbolKind { marker, line, fill };

// A graduated class holds values in [lo, hi] (the first match wins, so boundaries go to the lower
// class); a categorized class holds one value.
struct StyleClass {
  std::string label;
  Rgba color;
  double lo = 0, hi = 0;
  std::string value;
  // SLD only, for categories drawn from an expression over two fields: "category" = `category`
  // and `field` = `field_value`.
  std::string category, field_value;
};

struct StyleSpec {
  enum class Kind { single, graduated, categorized } kind = Kind::single;
  SymbolKind symbol = SymbolKind::marker;
  // The value classed: `field` divided by `divide_by`, only for rows whose `category` is `only_category`
  // (all rows when empty); with `null_in_last` a missing value falls into the last class.
  std::string field;
  double divide_by = 1.0;
  std::string only_category;
  bool null_in_last = false;
  std::string expression;  // QGIS expression used instead of the field (categorized by several fields)
  std::vector<StyleClass> classes;
  Rgba single_color;           // Kind::single
  double marker_size_mm = 2.0;
  std::string label_field;     // labels centred on the symbol ("" = none)
  std::string order_desc;      // drawn largest first by this field ("" = file order)
};

// The QGIS expression or field name QGIS classes on.
std::string qgis_attribute(const StyleSpec& s);
std::string to_qml(const StyleSpec& s);
std::string to_sld(const StyleSpec& s, const std::string& layer, const std::string& style_name);

}  // namespace lc::report
