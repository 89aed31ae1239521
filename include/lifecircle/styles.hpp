// lifecircle styles: the QGIS styles the command line writes into a GeoPackage's layer_styles
// (graduated minutes against the threshold, gap areas by people, numbered sites, isochrones by
// minutes, ...; docs/exports.md), for a client that makes layers of the result tables itself:
// the QGIS plugin (qgis/) applies them to the layers it adds to a project.
#pragma once

#include <string>
#include <vector>

#include "lifecircle/table.hpp"

namespace lifecircle {

struct LayerStyle {
  std::string layer;        // the table's name ("origin_access")
  std::string name;         // the style's name (layer_styles.styleName, at most 30 characters)
  std::string qml;          // QGIS 3.22 QML
  std::string sld;          // OGC SLD 1.1
  std::string description;  // what it shows
  bool is_default = false;  // the layer's default style (the first of its layer)
};

// The styles of the tables that have one (tables with geometry of a known kind; others get none),
// exactly as the command line writes them for the same tables: per-category layers (origin_access,
// reach, community_coverage, ...) get one style per category, the default first.
std::vector<LayerStyle> layer_styles(const std::vector<const Table*>& tables);

}  // namespace lifecircle
