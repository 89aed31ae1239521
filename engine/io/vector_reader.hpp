// lc::io vector input through GDAL/OGR: points and lines from any vector source (GeoPackage,
// GeoJSON, Shapefile, FlatGeobuf, CSV with lon/lat columns), addressed as FILE[:LAYER].
// Everything comes back in WGS84 lon/lat with the requested attribute values as strings;
// every defect is an InputError naming file, layer and feature.
#pragma once

#include <string>
#include <vector>

#include "io/geo.hpp"

namespace lc::io {

struct LayerRef {
  std::string file;
  std::string layer;  // empty: the source's only (or first) layer
};

// "roads.gpkg:streets" -> {roads.gpkg, streets}; a path that exists as given is never split.
LayerRef parse_layer_ref(const std::string& text);

// points: Point, or a point on the surface of a polygon; lines: LineString parts;
// polygons: Polygon/MultiPolygon kept whole (as WKT) plus a point on their surface.
enum class GeomKind { points, lines, polygons };

struct ReadRequest {
  GeomKind kind = GeomKind::points;
  std::string id_field;             // empty: the feature id (FID)
  std::vector<std::string> fields;  // attribute values wanted, in this order
};

struct VectorFeature {
  std::string id;
  std::vector<std::vector<LonLat>> parts;  // points: one part of one point; lines: one per part
  std::string wkt;                         // polygons: the geometry in WGS84 lon/lat
  std::vector<std::string> repairs;        // polygons: what was repaired (invalid input)
  std::vector<std::string> values;         // parallel to ReadRequest::fields ("" when null)
};

struct VectorLayer {
  std::string file;
  std::string layer;
  std::vector<VectorFeature> features;
  std::vector<std::string> warnings;
};

VectorLayer read_vector(const LayerRef& ref, const ReadRequest& request);

// What the layer holds, from its declared type or else its first feature with a geometry.
GeomKind layer_kind(const LayerRef& ref);

// The name of the layer a read of `ref` takes (its own, or the source's first).
std::string layer_name(const LayerRef& ref);

// The layer's attribute field names, in order.
std::vector<std::string> layer_fields(const LayerRef& ref);

// A file's coordinates may be declared in another CRS than its layers say: the current
// context's input_epsg (core/context.hpp) is consulted by every read.

// Registers GDAL drivers once; safe to call from anywhere.
void ensure_gdal();

// While it lives, GDAL's messages on this thread are captured instead of printed (GDAL keeps
// its handlers per thread); the readers and writers read them back (CPLGetLastErrorMsg) and
// report them with their context. API entry points hold one for the whole call.
class GdalErrorScope {
 public:
  GdalErrorScope();
  ~GdalErrorScope();
  GdalErrorScope(const GdalErrorScope&) = delete;
  GdalErrorScope& operator=(const GdalErrorScope&) = delete;
};

}  // namespace lc::io
