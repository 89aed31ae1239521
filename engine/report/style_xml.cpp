#include "report/style_xml.hpp"

#include <cstdio>

#include "report/html.hpp"

namespace lc::report {

namespace {

std::string num(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

std::string rgba(const Rgba& c) {
  return std::to_string(c.r) + "," + std::to_string(c.g) + "," + std::to_string(c.b) + "," + std::to_string(c.a);
}

std::string hex(const Rgba& c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", c.r & 255, c.g & 255, c.b & 255);
  return buf;
}

std::string attr(const std::string& name, const std::string& value) {
  return " " + name + "=\"" + html_escape(value) + "\"";
}

std::string quoted_literal(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("''") : std::string(1, c);
  return q + "'";
}

std::string prop(const std::string& k, const std::string& v) { return "     <prop" + attr("k", k) + attr("v", v) + "/>\n"; }

// One symbol with one simple layer. Properties as <prop k v>: what QGIS 3.22 reads, and what
// later versions still read for compatibility.
std::string symbol(const StyleSpec& s, const Rgba& c, const std::string& name) {
  static const char* kType[] = {"marker", "line", "fill"};
  std::string x = "   <symbol" + attr("type", kType[static_cast<int>(s.symbol)]) + attr("name", name) +
                  " alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">\n";
  switch (s.symbol) {
    case SymbolKind::marker:
      x += "    <layer class=\"SimpleMarker\" enabled=\"1\" locked=\"0\" pass=\"0\">\n" + prop("name", "circle") +
           prop("color", rgba(c)) + prop("outline_color", "255,255,255,255") + prop("outline_style", "solid") +
           prop("outline_width", "0.2") + prop("outline_width_unit", "MM") + prop("size", num(s.marker_size_mm)) +
           prop("size_unit", "MM") + prop("scale_method", "diameter") + prop("angle", "0") + prop("offset", "0,0") +
           prop("offset_unit", "MM") + prop("horizontal_anchor_point", "1") + prop("vertical_anchor_point", "1") +
           prop("joinstyle", "bevel");
      break;
    case SymbolKind::line:
      x += "    <layer class=\"SimpleLine\" enabled=\"1\" locked=\"0\" pass=\"0\">\n" + prop("line_color", rgba(c)) +
           prop("line_style", "solid") + prop("line_width", "0.6") + prop("line_width_unit", "MM") +
           prop("capstyle", "round") + prop("joinstyle", "round");
      break;
    case SymbolKind::fill:
      x += "    <layer class=\"SimpleFill\" enabled=\"1\" locked=\"0\" pass=\"0\">\n" + prop("color", rgba(c)) +
           prop("style", "solid") + prop("outline_color", rgba({c.r / 2, c.g / 2, c.b / 2, 255})) +
           prop("outline_style", "solid") + prop("outline_width", "0.26") + prop("outline_width_unit", "MM") +
           prop("joinstyle", "bevel") + prop("offset", "0,0") + prop("offset_unit", "MM");
      break;
  }
  return x + "    </layer>\n   </symbol>\n";
}

std::string labeling(const std::string& field) {
  return " <labeling type=\"simple\">\n  <settings calloutType=\"simple\">\n   <text-style" + attr("fieldName", field) +
         " isExpression=\"0\" fontFamily=\"DejaVu Sans\" namedStyle=\"Bold\" fontWeight=\"75\" fontSize=\"8\""
         " fontSizeUnit=\"Point\" textColor=\"255,255,255,255\" textOpacity=\"1\" fontItalic=\"0\">\n"
         "    <text-buffer bufferDraw=\"0\" bufferSize=\"1\" bufferSizeUnits=\"MM\" bufferColor=\"255,255,255,255\"/>\n"
         "   </text-style>\n"
         "   <text-format multilineAlign=\"3\" wrapChar=\"\"/>\n"
         "   <placement placement=\"1\" quadOffset=\"4\" dist=\"0\" distUnits=\"MM\" xOffset=\"0\" yOffset=\"0\""
         " offsetUnits=\"MM\" priority=\"10\"/>\n"
         "   <rendering drawLabels=\"1\" displayAll=\"1\" obstacle=\"0\" zIndex=\"1\" upsidedownLabels=\"0\""
         " scaleVisibility=\"0\" limitNumLabels=\"0\"/>\n"
         "  </settings>\n </labeling>\n";
}

}  // namespace

std::string qgis_attribute(const StyleSpec& s) {
  if (!s.expression.empty()) return s.expression;
  std::string e = "\"" + s.field + "\"";
  if (s.divide_by != 1.0) e += " / " + num(s.divide_by);
  if (s.null_in_last && !s.classes.empty()) e = "coalesce(" + e + ", " + num(s.classes.back().hi) + ")";
  if (!s.only_category.empty()) e = "CASE WHEN \"category\" = " + quoted_literal(s.only_category) + " THEN " + e + " END";
  return e == "\"" + s.field + "\"" ? s.field : e;
}

std::string to_qml(const StyleSpec& s) {
  static const char* kType[] = {"singleSymbol", "graduatedSymbol", "categorizedSymbol"};
  std::string x = "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n<qgis version=\"3.22.16-Białowieża\""
                  " styleCategories=\"Symbology|Labeling\"" +
                  attr("labelsEnabled", s.label_field.empty() ? "0" : "1") + ">\n";
  x += " <renderer-v2" + attr("type", kType[static_cast<int>(s.kind)]) + " symbollevels=\"0\" forceraster=\"0\"" +
       " referencescale=\"-1\"" + attr("enableorderby", s.order_desc.empty() ? "0" : "1");
  if (s.kind != StyleSpec::Kind::single) x += attr("attr", qgis_attribute(s));
  if (s.kind == StyleSpec::Kind::graduated) x += " graduatedMethod=\"GraduatedColor\"";
  x += ">\n";
  if (s.kind == StyleSpec::Kind::graduated) {
    x += "  <ranges>\n";
    for (std::size_t i = 0; i < s.classes.size(); ++i)
      x += "   <range" + attr("lower", num(s.classes[i].lo)) + attr("upper", num(s.classes[i].hi)) +
           attr("symbol", std::to_string(i)) + attr("label", s.classes[i].label) + " render=\"true\"/>\n";
    x += "  </ranges>\n";
  } else if (s.kind == StyleSpec::Kind::categorized) {
    x += "  <categories>\n";
    for (std::size_t i = 0; i < s.classes.size(); ++i)
      x += "   <category" + attr("value", s.classes[i].value) + attr("symbol", std::to_string(i)) +
           attr("label", s.classes[i].label) + " render=\"true\"/>\n";
    x += "  </categories>\n";
  }
  x += "  <symbols>\n";
  if (s.kind == StyleSpec::Kind::single) x += symbol(s, s.single_color, "0");
  for (std::size_t i = 0; i < s.classes.size(); ++i) x += symbol(s, s.classes[i].color, std::to_string(i));
  x += "  </symbols>\n";
  if (!s.order_desc.empty())
    x += "  <orderby>\n   <orderByClause asc=\"0\" nullsFirst=\"0\">" + html_escape("\"" + s.order_desc + "\"") +
         "</orderByClause>\n  </orderby>\n";
  x += "  <rotation/>\n  <sizescale/>\n </renderer-v2>\n";
  if (!s.label_field.empty()) x += labeling(s.label_field);
  x += " <blendMode>0</blendMode>\n <featureBlendMode>0</featureBlendMode>\n <layerOpacity>1</layerOpacity>\n</qgis>\n";
  return x;
}

namespace {

std::string literal(const std::string& v) { return "<ogc:Literal>" + html_escape(v) + "</ogc:Literal>"; }
std::string property(const std::string& f) { return "<ogc:PropertyName>" + html_escape(f) + "</ogc:PropertyName>"; }

std::string compare(const char* op, const std::string& field, const std::string& value) {
  return std::string("<ogc:") + op + ">" + property(field) + literal(value) + "</ogc:" + op + ">";
}

std::string all_of(const std::vector<std::string>& parts) {
  if (parts.empty()) return "";
  if (parts.size() == 1) return parts[0];
  std::string x = "<ogc:And>";
  for (const auto& p : parts) x += p;
  return x + "</ogc:And>";
}

// The filter of class i, in the field's own units (the classes are in field / divide_by).
std::string class_filter(const StyleSpec& s, std::size_t i) {
  std::vector<std::string> parts;
  if (!s.only_category.empty()) parts.push_back(compare("PropertyIsEqualTo", "category", s.only_category));
  const StyleClass& c = s.classes[i];
  if (s.kind == StyleSpec::Kind::categorized) {
    if (!c.category.empty()) parts.push_back(compare("PropertyIsEqualTo", "category", c.category));
    parts.push_back(compare("PropertyIsEqualTo", s.field, c.category.empty() ? c.value : c.field_value));
  } else if (s.kind == StyleSpec::Kind::graduated) {
    std::vector<std::string> range{compare(i == 0 ? "PropertyIsGreaterThanOrEqualTo" : "PropertyIsGreaterThan", s.field,
                                           num(c.lo * s.divide_by)),
                                   compare("PropertyIsLessThanOrEqualTo", s.field, num(c.hi * s.divide_by))};
    std::string r = all_of(range);
    if (s.null_in_last && i + 1 == s.classes.size())
      r = "<ogc:Or>" + r + "<ogc:PropertyIsNull>" + property(s.field) + "</ogc:PropertyIsNull></ogc:Or>";
    parts.push_back(r);
  }
  const std::string f = all_of(parts);
  return f.empty() ? "" : "     <ogc:Filter>" + f + "</ogc:Filter>\n";
}

std::string symbolizer(const StyleSpec& s, const Rgba& c) {
  const std::string stroke = "<se:Stroke><se:SvgParameter name=\"stroke\">" +
                             (s.symbol == SymbolKind::fill ? hex({c.r / 2, c.g / 2, c.b / 2, 255}) : std::string("#ffffff")) +
                             "</se:SvgParameter></se:Stroke>";
  const std::string fill = "<se:Fill><se:SvgParameter name=\"fill\">" + hex(c) +
                           "</se:SvgParameter><se:SvgParameter name=\"fill-opacity\">" + num(c.a / 255.0) +
                           "</se:SvgParameter></se:Fill>";
  switch (s.symbol) {
    case SymbolKind::marker:
      return "     <se:PointSymbolizer><se:Graphic><se:Mark><se:WellKnownName>circle</se:WellKnownName>" + fill + stroke +
             "</se:Mark><se:Size>" + num(s.marker_size_mm * 3.78) + "</se:Size></se:Graphic></se:PointSymbolizer>\n";
    case SymbolKind::line:
      return "     <se:LineSymbolizer><se:Stroke><se:SvgParameter name=\"stroke\">" + hex(c) +
             "</se:SvgParameter><se:SvgParameter name=\"stroke-width\">2</se:SvgParameter></se:Stroke></se:LineSymbolizer>\n";
    case SymbolKind::fill:
      return "     <se:PolygonSymbolizer>" + fill + stroke + "</se:PolygonSymbolizer>\n";
  }
  return "";
}

std::string rule(const StyleSpec& s, const std::string& label, const std::string& filter, const Rgba& c) {
  return "    <se:Rule>\n     <se:Name>" + html_escape(label) + "</se:Name>\n     <se:Description><se:Title>" +
         html_escape(label) + "</se:Title></se:Description>\n" + filter + symbolizer(s, c) + "    </se:Rule>\n";
}

}  // namespace

std::string to_sld(const StyleSpec& s, const std::string& layer, const std::string& style_name) {
  std::string x =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<StyledLayerDescriptor xmlns=\"http://www.opengis.net/sld\""
      " xmlns:ogc=\"http://www.opengis.net/ogc\" xmlns:se=\"http://www.opengis.net/se\""
      " xmlns:xlink=\"http://www.w3.org/1999/xlink\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
      " version=\"1.1.0\" xsi:schemaLocation=\"http://www.opengis.net/sld"
      " http://schemas.opengis.net/sld/1.1.0/StyledLayerDescriptor.xsd\">\n"
      " <NamedLayer>\n  <se:Name>" + html_escape(layer) + "</se:Name>\n  <UserStyle>\n   <se:Name>" +
      html_escape(style_name) + "</se:Name>\n   <se:FeatureTypeStyle>\n";
  if (s.kind == StyleSpec::Kind::single) x += rule(s, style_name, "", s.single_color);
  for (std::size_t i = 0; i < s.classes.size(); ++i) x += rule(s, s.classes[i].label, class_filter(s, i), s.classes[i].color);
  if (!s.label_field.empty())
    x += "    <se:Rule>\n     <se:TextSymbolizer><se:Label>" + property(s.label_field) +
         "</se:Label><se:Font><se:SvgParameter name=\"font-size\">11</se:SvgParameter></se:Font>"
         "<se:LabelPlacement><se:PointPlacement><se:AnchorPoint><se:AnchorPointX>0.5</se:AnchorPointX>"
         "<se:AnchorPointY>0.5</se:AnchorPointY></se:AnchorPoint></se:PointPlacement></se:LabelPlacement>"
         "<se:Fill><se:SvgParameter name=\"fill\">#ffffff</se:SvgParameter></se:Fill></se:TextSymbolizer>\n    </se:Rule>\n";
  return x + "   </se:FeatureTypeStyle>\n  </UserStyle>\n </NamedLayer>\n</StyledLayerDescriptor>\n";
}

}  // namespace lc::report
