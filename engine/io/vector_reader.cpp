#include "io/vector_reader.hpp"

#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogr_api.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <filesystem>
#include <memory>
#include <map>
#include <mutex>
#include <optional>

#include "core/context.hpp"
#include "core/error.hpp"
#include "io/gdal_dataset.hpp"
#include "io/postgis.hpp"

namespace lc::io {

namespace {

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         std::equal(suffix.rbegin(), suffix.rend(), s.rbegin(),
                    [](char a, char b) { return std::tolower(a) == std::tolower(b); });
}

DatasetPtr open_dataset(const std::string& file) {
  ensure_gdal();
  if (is_postgis(file)) return DatasetPtr(open_postgis_table(file));
  if (!std::filesystem::exists(file)) throw InputError({file, "", ""}, "no such file");
  // A CSV's point geometry comes from its lon/lat columns; the names below are those planners'
  // exports use (Amap-style tables are handled by their own importer).
  const char* csv_options[] = {"X_POSSIBLE_NAMES=lon,lng,longitude,x",
                               "Y_POSSIBLE_NAMES=lat,latitude,y", "KEEP_GEOM_COLUMNS=NO",
                               nullptr};
  const bool csv = ends_with(file, ".csv");
  CPLErrorReset();
  auto* ds = static_cast<GDALDataset*>(GDALOpenEx(file.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY,
                                                  nullptr, csv ? csv_options : nullptr, nullptr));
  if (!ds) {
    std::string why = CPLGetLastErrorMsg();
    throw InputError({file, "", ""},
                     "cannot open as a vector data source" + (why.empty() ? "" : ": " + why));
  }
  return DatasetPtr(ds);
}

OGRLayer* pick_layer(GDALDataset& ds, const LayerRef& ref) {
  if (is_postgis(ref.file)) {  // the one table of tables= (open_postgis_table)
    OGRLayer* table = ds.GetLayer(0);
    if (wkbFlatten(table->GetGeomType()) == wkbNone)
      throw InputError({ref.file, table->GetName(), ""}, "the table has no geometry column");
    return table;
  }
  if (ds.GetLayerCount() == 0) throw InputError({ref.file, "", ""}, "has no layers");
  if (ref.layer.empty()) return ds.GetLayer(0);
  if (OGRLayer* l = ds.GetLayerByName(ref.layer.c_str())) return l;
  std::string names;
  for (int i = 0; i < ds.GetLayerCount(); ++i)
    names += (i ? ", " : "") + std::string(ds.GetLayer(i)->GetName());
  throw InputError({ref.file, ref.layer, ""}, "no such layer (layers: " + names + ")");
}

// For a shapefile whose `ext` sidecar (.dbf: the attributes, .prj: the CRS) is missing, a note
// saying so; empty otherwise.
std::string missing_sidecar(const std::string& file, const std::string& ext) {
  if (!ends_with(file, ".shp")) return "";
  std::string upper = ext;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::filesystem::path side(file);
  if (std::filesystem::exists(side.replace_extension(ext)) || std::filesystem::exists(side.replace_extension(upper)))
    return "";
  return "; the shapefile has no " + ext + " (" + (ext == ".dbf" ? "its attribute table" : "its CRS") +
         ") beside it";
}

int field_index(OGRLayer& layer, const Where& where, const std::string& name) {
  OGRFeatureDefn* defn = layer.GetLayerDefn();
  const int i = defn->GetFieldIndex(name.c_str());
  if (i >= 0) return i;
  std::string names;
  for (int k = 0; k < defn->GetFieldCount(); ++k)
    names += (k ? ", " : "") + std::string(defn->GetFieldDefn(k)->GetNameRef());
  throw InputError(where, "no field '" + name + "' (fields: " + names + ")" + missing_sidecar(where.file, ".dbf"));
}

std::unique_ptr<OGRCoordinateTransformation> to_wgs84(const OGRSpatialReference* src) {
  if (!src) return nullptr;
  OGRSpatialReference wgs84;
  wgs84.importFromEPSG(4326);
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  OGRSpatialReference s(*src);
  s.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return std::unique_ptr<OGRCoordinateTransformation>(OGRCreateCoordinateTransformation(&s, &wgs84));
}

bool lonlat_ok(double x, double y) {
  return std::isfinite(x) && std::isfinite(y) && x >= -180 && x <= 180 && y >= -90 && y <= 90;
}

struct FeatureReader {
  const Where& layer_where;
  const ReadRequest& req;
  OGRCoordinateTransformation* transform;  // nullptr: coordinates are taken as lon/lat
  bool has_crs;

  Where where(const std::string& id) const {
    return {layer_where.file, layer_where.layer, "feature " + id};
  }

  std::vector<LonLat> convert(const std::string& id, std::vector<double> xs,
                              std::vector<double> ys) const {
    for (std::size_t i = 0; i < xs.size(); ++i)
      if (!std::isfinite(xs[i]) || !std::isfinite(ys[i]))
        throw InputError(where(id), "coordinate is NaN or infinite");
    if (transform && !transform->Transform(static_cast<int>(xs.size()), xs.data(), ys.data()))
      throw InputError(where(id), "coordinates cannot be transformed to WGS84");
    std::vector<LonLat> out(xs.size());
    for (std::size_t i = 0; i < xs.size(); ++i) {
      if (!lonlat_ok(xs[i], ys[i])) {
        // Swapped when the pair reads as lon/lat the other way round (Wuhai at 39 E 106 N).
        const bool swapped = lonlat_ok(ys[i], xs[i]);
        const std::string hint =
            swapped ? " (lat/lon swapped?)"
            : has_crs ? (std::fabs(xs[i]) > 360 || std::fabs(ys[i]) > 360
                             ? " (values like metres under a lon/lat CRS: is the .prj or CRS the layer's own?)"
                             : "")
                      : ": the layer has no CRS and its coordinates look projected; give it a CRS (a .prj; "
                        "coverage also takes --input-crs LAYER=EPSG:N)" + missing_sidecar(layer_where.file, ".prj");
        throw InputError(where(id), "coordinate (" + std::to_string(xs[i]) + ", " + std::to_string(ys[i]) +
                                        ") is outside lon/lat range" + hint);
      }
      out[i] = {xs[i], ys[i]};
    }
    return out;
  }

  std::vector<LonLat> line_part(const std::string& id, const OGRLineString& line) const {
    std::vector<double> xs(line.getNumPoints()), ys(line.getNumPoints());
    for (int i = 0; i < line.getNumPoints(); ++i) xs[i] = line.getX(i), ys[i] = line.getY(i);
    if (xs.size() < 2) throw InputError(where(id), "line has fewer than 2 points");
    return convert(id, std::move(xs), std::move(ys));
  }

  std::vector<std::vector<LonLat>> lines(const std::string& id, const OGRGeometry& g) const {
    const auto type = wkbFlatten(g.getGeometryType());
    if (type == wkbLineString) return {line_part(id, *g.toLineString())};
    if (type == wkbMultiLineString) {
      std::vector<std::vector<LonLat>> parts;
      for (const OGRLineString* l : *g.toMultiLineString())
        if (!l->IsEmpty()) parts.push_back(line_part(id, *l));
      return parts;
    }
    throw InputError(where(id), std::string(OGRGeometryTypeToName(type)) +
                                    " where a line was expected");
  }

  // Polygons come back whole, in WGS84, valid: an invalid one is repaired with GEOS (MakeValid)
  // and the repair reported, never used as it is; one that cannot be repaired is an error.
  std::string polygon(const std::string& id, const OGRGeometry& g, std::vector<std::string>& repairs) const {
    const auto type = wkbFlatten(g.getGeometryType());
    if (type != wkbPolygon && type != wkbMultiPolygon)
      throw InputError(where(id), std::string(OGRGeometryTypeToName(type)) + " where a polygon was expected");
    std::unique_ptr<OGRGeometry> copy(g.clone());
    copy->flattenTo2D();
    OGREnvelope env;
    copy->getEnvelope(&env);
    convert(id, {env.MinX, env.MaxX}, {env.MinY, env.MaxY});  // NaN and range checks
    if (transform && copy->transform(transform) != OGRERR_NONE)
      throw InputError(where(id), "polygon cannot be transformed to WGS84");
    if (!copy->IsValid()) {
      std::unique_ptr<OGRGeometry> fixed(copy->MakeValid());
      if (!fixed || fixed->IsEmpty() || !fixed->IsValid())
        throw InputError(where(id), "invalid polygon that cannot be repaired");
      repairs.push_back("feature " + id + ": invalid polygon (self-intersection?) repaired");
      copy = std::move(fixed);
    }
    char* text = nullptr;
    copy->exportToWkt(&text);
    std::string wkt = text ? text : "";
    CPLFree(text);
    return wkt;
  }

  std::vector<std::vector<LonLat>> point(const std::string& id, const OGRGeometry& g) const {
    const auto type = wkbFlatten(g.getGeometryType());
    OGRPoint p;
    if (type == wkbPoint) {
      p = *g.toPoint();
    } else if (type == wkbPolygon || type == wkbMultiPolygon || type == wkbMultiPoint) {
      // Polygons stand for their facility by a point guaranteed inside them (not the centroid,
      // which can fall in a courtyard or outside an L-shaped plot).
      OGRGeometryH s = OGR_G_PointOnSurface(OGRGeometry::ToHandle(const_cast<OGRGeometry*>(&g)));
      if (!s) throw InputError(where(id), "no point on the surface (invalid polygon?)");
      p = *OGRGeometry::FromHandle(s)->toPoint();
      OGR_G_DestroyGeometry(s);
    } else {
      throw InputError(where(id), std::string(OGRGeometryTypeToName(type)) +
                                      " where a point or polygon was expected");
    }
    return {convert(id, {p.getX()}, {p.getY()})};
  }
};

}  // namespace

namespace {

// The CRS the run's context says `file` is in, whatever the file says (Context::input_epsg).
std::optional<int> crs_override(const std::string& file) {
  const auto& given = current_context().input_epsg;
  auto it = given.find(file);
  return it == given.end() ? std::nullopt : std::optional<int>(it->second);
}

}  // namespace

void ensure_gdal() {
  static std::once_flag once;
  std::call_once(once, [] { GDALAllRegister(); });
}

GdalErrorScope::GdalErrorScope() {
  ensure_gdal();
  CPLPushErrorHandler(CPLQuietErrorHandler);
}

GdalErrorScope::~GdalErrorScope() { CPLPopErrorHandler(); }

LayerRef parse_layer_ref(const std::string& text) {
  if (is_postgis(text)) return {text, ""};  // PG:... is one source, whatever colons it holds
  if (std::filesystem::exists(text)) return {text, ""};
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) return {text, ""};
  return {text.substr(0, colon), text.substr(colon + 1)};
}

GeomKind layer_kind(const LayerRef& ref) {
  DatasetPtr ds = open_dataset(ref.file);
  OGRLayer* layer = pick_layer(*ds, ref);
  auto kind_of = [](OGRwkbGeometryType t) -> std::optional<GeomKind> {
    t = wkbFlatten(t);
    if (t == wkbPoint || t == wkbMultiPoint) return GeomKind::points;
    if (t == wkbLineString || t == wkbMultiLineString) return GeomKind::lines;
    if (t == wkbPolygon || t == wkbMultiPolygon) return GeomKind::polygons;
    return std::nullopt;
  };
  if (auto k = kind_of(layer->GetGeomType())) return *k;
  layer->ResetReading();
  for (OGRFeatureUniquePtr f{layer->GetNextFeature()}; f; f.reset(layer->GetNextFeature()))
    if (const OGRGeometry* g = f->GetGeometryRef())
      if (auto k = kind_of(g->getGeometryType())) return *k;
  throw InputError({ref.file, layer->GetName(), ""}, "has no point, line or polygon features");
}

std::string layer_name(const LayerRef& ref) {
  DatasetPtr ds = open_dataset(ref.file);
  return pick_layer(*ds, ref)->GetName();
}

std::vector<std::string> layer_fields(const LayerRef& ref) {
  DatasetPtr ds = open_dataset(ref.file);
  OGRFeatureDefn* defn = pick_layer(*ds, ref)->GetLayerDefn();
  std::vector<std::string> names;
  for (int k = 0; k < defn->GetFieldCount(); ++k) names.emplace_back(defn->GetFieldDefn(k)->GetNameRef());
  return names;
}

VectorLayer read_vector(const LayerRef& ref, const ReadRequest& req) {
  DatasetPtr ds = open_dataset(ref.file);
  OGRLayer* layer = pick_layer(*ds, ref);
  VectorLayer out{redacted(ref.file), layer->GetName(), {}, {}};
  const Where lw{ref.file, out.layer, ""};
  const int id_index = req.id_field.empty() ? -1 : field_index(*layer, lw, req.id_field);
  std::vector<int> indices;
  for (const auto& f : req.fields) indices.push_back(field_index(*layer, lw, f));

  const OGRSpatialReference* srs = layer->GetSpatialRef();
  OGRSpatialReference declared;
  if (const auto epsg = crs_override(ref.file)) {
    if (declared.importFromEPSG(*epsg) != OGRERR_NONE) throw UsageError(FieldText{"{input_crs}: unknown EPSG:" + std::to_string(*epsg), {"input_crs"}});
    srs = &declared;
  }
  auto transform = to_wgs84(srs);
  if (srs && !transform) throw InputError(lw, "its CRS cannot be transformed to WGS84");
  const FeatureReader reader{lw, req, transform.get(), srs != nullptr};
  layer->ResetReading();
  for (OGRFeatureUniquePtr f{layer->GetNextFeature()}; f; f.reset(layer->GetNextFeature())) {
    VectorFeature vf;
    vf.id = id_index >= 0 ? f->GetFieldAsString(id_index) : std::to_string(f->GetFID());
    if (id_index >= 0 && !f->IsFieldSetAndNotNull(id_index))
      throw InputError(reader.where("FID " + std::to_string(f->GetFID())),
                       "id field '" + req.id_field + "' is empty");
    const OGRGeometry* g = f->GetGeometryRef();
    if (const auto* pt = g ? dynamic_cast<const OGRPoint*>(g) : nullptr; pt && (std::isnan(pt->getX()) || std::isnan(pt->getY())))
      throw InputError(reader.where(vf.id), "coordinate is NaN or infinite");  // GDAL reads such a point as empty
    if (!g || g->IsEmpty())
      throw InputError(reader.where(vf.id),
                       ends_with(ref.file, ".csv")
                           ? "no point: the lon/lat columns are empty or not a number"
                           : "empty or missing geometry");
    if (req.kind == GeomKind::polygons) vf.wkt = reader.polygon(vf.id, *g, vf.repairs);
    vf.parts = req.kind == GeomKind::lines ? reader.lines(vf.id, *g) : reader.point(vf.id, *g);
    for (int i : indices) vf.values.push_back(f->IsFieldSetAndNotNull(i) ? f->GetFieldAsString(i) : "");
    for (const auto& r : vf.repairs) out.warnings.push_back(describe(lw) + r);
    out.features.push_back(std::move(vf));
  }
  if (!srs && !out.features.empty())
    out.warnings.push_back(describe(lw) + "no CRS" + missing_sidecar(ref.file, ".prj") +
                           "; coordinates are within lon/lat range and are taken as WGS84");
  return out;
}

}  // namespace lc::io
