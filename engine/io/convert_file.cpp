#include "io/convert_file.hpp"

#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal_priv.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <vector>

#include "core/error.hpp"
#include "core/text.hpp"
#include "io/atomic_file.hpp"
#include "io/gdal_dataset.hpp"
#include "io/vector_reader.hpp"

namespace lc::io {

namespace {

namespace fs = std::filesystem;

// Column names a CSV's points are read from (the same as io::read_vector's).
const std::vector<std::string> kLonNames{"lon", "lng", "longitude", "x"};
const std::vector<std::string> kLatNames{"lat", "latitude", "y"};

bool is_csv(const std::string& path) { return lower(fs::path(path).extension().string()) == ".csv"; }

DatasetPtr open_source(const std::string& file) {
  if (!fs::exists(file)) throw InputError({file, "", ""}, "no such file");
  // CSV: points from lon/lat columns, which are kept as fields so they can be rewritten.
  const char* csv_options[] = {"X_POSSIBLE_NAMES=lon,lng,longitude,x", "Y_POSSIBLE_NAMES=lat,latitude,y",
                               "KEEP_GEOM_COLUMNS=YES", nullptr};
  CPLErrorReset();
  auto* ds = static_cast<GDALDataset*>(GDALOpenEx(file.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr,
                                                  is_csv(file) ? csv_options : nullptr, nullptr));
  if (!ds) throw InputError({file, "", ""}, "cannot open as a vector data source" + gdal_reason());
  return DatasetPtr(ds);
}

struct OutputFormat {
  GDALDriver* driver = nullptr;
  bool single_layer = false;
};

OutputFormat output_format(const std::string& out) {
  const std::string ext = lower(fs::path(out).extension().string());
  static const std::vector<std::pair<std::string, std::string>> known{
      {".gpkg", "GPKG"},         {".geojson", "GeoJSON"},   {".json", "GeoJSON"},
      {".geojsonl", "GeoJSONSeq"}, {".geojsons", "GeoJSONSeq"}, {".fgb", "FlatGeobuf"},
      {".shp", "ESRI Shapefile"}, {".csv", "CSV"},          {".kml", "KML"},
      {".gml", "GML"},           {".sqlite", "SQLite"},     {".gpx", "GPX"}};
  GDALDriverManager* dm = GetGDALDriverManager();
  GDALDriver* driver = nullptr;
  for (const auto& [e, name] : known)
    if (e == ext) driver = dm->GetDriverByName(name.c_str());
  if (!driver && ext.size() > 1) {  // any other vector format that creates files of that extension
    for (int i = 0; i < dm->GetDriverCount() && !driver; ++i) {
      GDALDriver* d = dm->GetDriver(i);
      if (!d->GetMetadataItem(GDAL_DCAP_VECTOR) || !d->GetMetadataItem(GDAL_DCAP_CREATE)) continue;
      const char* exts = d->GetMetadataItem(GDAL_DMD_EXTENSIONS);
      if (!exts) exts = d->GetMetadataItem(GDAL_DMD_EXTENSION);
      if (!exts) continue;
      const CPLStringList list(CSLTokenizeString(exts));
      for (int k = 0; k < list.size(); ++k)
        if (lower(std::string(".") + list[k]) == ext) driver = d;
    }
  }
  if (!driver)
    throw UsageError(out + ": no GDAL vector format writes '" + ext +
                     "' files here (use .gpkg, .geojson, .fgb, .shp or .csv)");
  static const std::set<std::string> one_layer{"GeoJSON", "GeoJSONSeq", "FlatGeobuf", "ESRI Shapefile", "CSV"};
  return {driver, one_layer.count(driver->GetDescription()) > 0};
}

// The output dataset under its temporary name, removed (with every sidecar) unless committed.
class TempOutput {
 public:
  explicit TempOutput(const std::string& out) : out_(out) {
    const fs::path p(out);
    dir_ = p.has_parent_path() ? p.parent_path() : fs::path(".");
    ext_ = p.extension().string();
    stem_ = "." + p.filename().string() + ".tmp-" + std::to_string(getpid());
    temp_ = (dir_ / (stem_ + ext_)).string();
    remove_files();  // a stale one from a killed run with the same process id
    remove_stale_temps(out);  // and those of other killed runs
  }
  ~TempOutput() {
    ds_.reset();
    if (!committed_) remove_files();
  }
  TempOutput(const TempOutput&) = delete;
  TempOutput& operator=(const TempOutput&) = delete;

  GDALDataset& create(GDALDriver& driver) {
    CPLErrorReset();
    ds_.reset(driver.Create(temp_.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds_) throw OutputError(out_, std::string("cannot create a ") + driver.GetDescription() + " file" + gdal_reason());
    return *ds_;
  }

  void commit() {
    CPLErrorReset();
    ds_.reset();  // drivers write headers, indexes and the file itself when closed
    if (CPLGetLastErrorType() >= CE_Failure) throw OutputError(out_, "cannot finish writing" + gdal_reason());
    const fs::path out(out_);
    const std::string base = (dir_ / out.stem()).string();  // roads.shp -> roads (+ .dbf, .shx...)
    std::vector<std::pair<fs::path, fs::path>> moves;
    for (const fs::path& f : files()) {
      const std::string rest = f.filename().string().substr(stem_.size());
      if (rest.empty() || rest[0] != '.') continue;  // a leftover journal: removed below
      moves.push_back({f, rest == ext_ ? out : fs::path(base + rest)});
    }
    if (lower(ext_) == ".shp")  // an old shapefile's sidecars that this one does not have
      for (const char* side : {".shx", ".dbf", ".prj", ".cpg", ".qix", ".sbn", ".sbx", ".qmd"}) {
        const fs::path old(base + side);
        const bool replaced = std::any_of(moves.begin(), moves.end(), [&](const auto& m) { return m.second == old; });
        std::error_code ec;
        if (!replaced) fs::remove(old, ec);
      }
    // The main file last, so that it appears only once its sidecars are in place.
    std::stable_partition(moves.begin(), moves.end(), [&](const auto& m) { return m.second != out; });
    for (const auto& [from, to] : moves) {
      std::error_code ec;
      fs::rename(from, to, ec);
      if (ec) throw OutputError(to.string(), "cannot move the finished file into place: " + ec.message());
    }
    committed_ = true;
  }

 private:
  std::vector<fs::path> files() const {
    std::vector<fs::path> found;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir_, ec)) {
      const std::string name = e.path().filename().string();
      if (name.size() > stem_.size() && name.compare(0, stem_.size(), stem_) == 0 &&
          (name[stem_.size()] == '.' || name[stem_.size()] == '-'))
        found.push_back(e.path());
    }
    return found;
  }
  void remove_files() const {
    for (const fs::path& f : files()) {
      std::error_code ec;
      fs::remove_all(f, ec);
    }
  }

  std::string out_, ext_, stem_, temp_;
  fs::path dir_;
  DatasetPtr ds_;
  bool committed_ = false;
};

// Whether a layer CRS is geographic lon/lat on WGS84 (or CGCS2000, which differs by centimetres).
bool is_wgs84_lonlat(const OGRSpatialReference& srs) {
  if (!srs.IsGeographic()) return false;
  const char* options[] = {"IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES",
                           "CRITERION=EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS", nullptr};
  for (int code : {4326, 4490}) {
    OGRSpatialReference ref;
    if (ref.importFromEPSG(code) == OGRERR_NONE && srs.IsSame(&ref, options)) return true;
  }
  return false;
}

// Whether the data's first coordinate is latitude (a lat/lon CRS without the GIS axis swap).
bool data_is_latlon(const OGRSpatialReference& srs) {
  const std::vector<int> mapping = srs.GetDataAxisToSRSAxisMapping();
  const int first = mapping.empty() ? 1 : mapping[0];
  return srs.EPSGTreatsAsLatLong() ? first == 1 : first == 2;
}

struct GeomFieldPlan {
  bool latlon = false;  // input axis order; output is always lon/lat
  bool has_crs = false;
};

// Calls f(x, y) on every vertex of g, in place.
void for_each_vertex(OGRGeometry& g, const std::function<void(double&, double&)>& f) {
  if (auto* pt = dynamic_cast<OGRPoint*>(&g)) {
    // GDAL marks a point read with a NaN coordinate as empty but keeps the NaN: that one is a
    // vertex (and rejected by the conversion), not an empty point to copy as it is.
    if (pt->IsEmpty() && !std::isnan(pt->getX()) && !std::isnan(pt->getY())) return;
    double x = pt->getX(), y = pt->getY();
    f(x, y);
    pt->setX(x);
    pt->setY(y);
  } else if (auto* sc = dynamic_cast<OGRSimpleCurve*>(&g)) {
    for (int i = 0; i < sc->getNumPoints(); ++i) {
      double x = sc->getX(i), y = sc->getY(i);
      f(x, y);
      sc->setPoint(i, x, y);  // keeps Z and M
    }
  } else if (auto* cc = dynamic_cast<OGRCompoundCurve*>(&g)) {
    for (int i = 0; i < cc->getNumCurves(); ++i) for_each_vertex(*cc->getCurve(i), f);
  } else if (auto* cp = dynamic_cast<OGRCurvePolygon*>(&g)) {
    if (OGRCurve* ring = cp->getExteriorRingCurve()) for_each_vertex(*ring, f);
    for (int i = 0; i < cp->getNumInteriorRings(); ++i) for_each_vertex(*cp->getInteriorRingCurve(i), f);
  } else if (auto* gc = dynamic_cast<OGRGeometryCollection*>(&g)) {
    for (int i = 0; i < gc->getNumGeometries(); ++i) for_each_vertex(*gc->getGeometryRef(i), f);
  } else if (auto* ps = dynamic_cast<OGRPolyhedralSurface*>(&g)) {
    for (int i = 0; i < ps->getNumGeometries(); ++i) for_each_vertex(*ps->getGeometryRef(i), f);
  } else {
    throw std::invalid_argument(std::string("unsupported geometry type ") + g.getGeometryName());
  }
}

std::string csv_coord(double v) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.9f", v);
  std::string s = buf;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

// A list field as a JSON array; reals with 15 significant digits (106.884789, not 106.88478899999999).
std::string list_as_json(const OGRFeature& f, int i) {
  if (f.GetFieldDefnRef(i)->GetType() == OFTRealList) {
    int n = 0;
    const double* v = f.GetFieldAsDoubleList(i, &n);
    std::string s = "[";
    for (int k = 0; k < n; ++k) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.15g", v[k]);
      s += (k ? ", " : "") + std::string(std::isfinite(v[k]) ? buf : "null");
    }
    return s + "]";
  }
  char* json = f.GetFieldAsSerializedJSon(i);
  std::string s = json ? json : "null";
  CPLFree(json);
  return s;
}

int find_field(OGRFeatureDefn& defn, const std::vector<std::string>& names) {
  for (const auto& n : names)
    for (int i = 0; i < defn.GetFieldCount(); ++i)
      if (lower(defn.GetFieldDefn(i)->GetNameRef()) == n) return i;
  return -1;
}

class LayerCopier {
 public:
  LayerCopier(const std::string& in, const std::string& out, const OutputFormat& fmt, GDALDataset& dst,
              ChineseDatum from, ChineseDatum to)
      : in_(in), out_(out), fmt_(fmt), dst_(dst), from_(from), to_(to) {}

  void copy(OGRLayer& src) {
    layer_ = src.GetName();
    const Where lw{in_, layer_, ""};
    OGRFeatureDefn* sdefn = src.GetLayerDefn();
    plans_.clear();
    for (int i = 0; i < sdefn->GetGeomFieldCount(); ++i) {
      const OGRSpatialReference* srs = sdefn->GetGeomFieldDefn(i)->GetSpatialRef();
      if (srs && !is_wgs84_lonlat(*srs)) {
        const char* name = srs->GetName();
        throw InputError(lw, std::string("its CRS (") + (name ? name : "unnamed") +
                                 ") is not WGS84 lon/lat; GCJ-02 and BD-09 are offsets of lon/lat "
                                 "positions: reproject the layer to EPSG:4326 first");
      }
      plans_.push_back({srs && data_is_latlon(*srs), srs != nullptr});
    }
    OGRLayer& dl = create_layer(src);
    const std::vector<int> map = field_map(*sdefn, *dl.GetLayerDefn());
    const bool csv_src = is_csv(in_);
    const int lon_field = csv_src ? find_field(*dl.GetLayerDefn(), kLonNames) : -1;
    const int lat_field = csv_src ? find_field(*dl.GetLayerDefn(), kLatNames) : -1;
    const int wkt_field = csv_src ? find_field(*dl.GetLayerDefn(), {"wkt"}) : -1;
    const bool keep_fid = src.GetFIDColumn() && *src.GetFIDColumn();

    const bool transaction = dst_.TestCapability(ODsCTransactions) && dst_.StartTransaction() == OGRERR_NONE;
    src.ResetReading();
    for (OGRFeatureUniquePtr f{src.GetNextFeature()}; f; f.reset(src.GetNextFeature())) {
      const std::string feature = "feature " + std::to_string(f->GetFID());
      OGRFeature g(dl.GetLayerDefn());
      CPLErrorReset();
      if (g.SetFrom(f.get(), map.data(), TRUE) != OGRERR_NONE)
        throw OutputError(out_, "layer " + layer_ + ", " + feature + ": cannot copy its fields" + gdal_reason());
      for (int i : json_lists_)
        if (f->IsFieldSetAndNotNull(i)) {
          g.SetField(map[static_cast<std::size_t>(i)], list_as_json(*f, i).c_str());
        }
      // Every source geometry is converted, also when the output keeps it only in columns (CSV).
      for (int i = 0; i < f->GetGeomFieldCount(); ++i) {
        const OGRGeometry* sg = f->GetGeomFieldRef(i);
        if (!sg) {
          if (i < g.GetGeomFieldCount()) g.SetGeomFieldDirectly(i, nullptr);
          continue;
        }
        std::unique_ptr<OGRGeometry> c(sg->clone());
        convert_geometry(*c, plans_[static_cast<std::size_t>(i)], feature);
        if (i == 0 && c->getGeometryType() == wkbPoint && !c->IsEmpty()) {
          const OGRPoint* p = c->toPoint();
          if (lon_field >= 0) g.SetField(lon_field, csv_coord(p->getX()).c_str());
          if (lat_field >= 0) g.SetField(lat_field, csv_coord(p->getY()).c_str());
        }
        if (i == 0 && wkt_field >= 0) g.SetField(wkt_field, c->exportToWkt().c_str());
        if (i < g.GetGeomFieldCount()) g.SetGeomFieldDirectly(i, c.release());
      }
      if (keep_fid) g.SetFID(f->GetFID());
      CPLErrorReset();
      if (dl.CreateFeature(&g) != OGRERR_NONE)
        throw OutputError(out_, "layer " + layer_ + ", " + feature + ": cannot write it" + gdal_reason());
      ++features_;
    }
    if (transaction && dst_.CommitTransaction() != OGRERR_NONE)
      throw OutputError(out_, "layer " + layer_ + ": cannot commit" + gdal_reason());
  }

  std::size_t features() const { return features_; }

 private:
  void convert_geometry(OGRGeometry& geom, const GeomFieldPlan& plan, const std::string& feature) {
    int vertex = 0;
    try {
      for_each_vertex(geom, [&](double& x, double& y) {
        ++vertex;
        LonLat p = plan.latlon ? LonLat{y, x} : LonLat{x, y};
        p = convert(p, from_, to_);
        x = p.lon;
        y = p.lat;
      });
    } catch (const InputError& e) {
      throw InputError({in_, layer_, feature},
                       "vertex " + std::to_string(vertex) + ": " + e.what() +
                           (plan.has_crs ? "" : "; the layer has no CRS, so its coordinates must be lon/lat"));
    } catch (const std::invalid_argument& e) {
      throw InputError({in_, layer_, feature}, e.what());
    }
  }

  std::unique_ptr<OGRSpatialReference> output_srs(const OGRSpatialReference* src) const {
    std::unique_ptr<OGRSpatialReference> srs;
    if (to_ == ChineseDatum::wgs84) {
      srs = std::make_unique<OGRSpatialReference>();
      srs->importFromEPSG(4326);
    } else if (src) {
      srs.reset(src->Clone());
    }
    if (srs) srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
  }

  OGRLayer& create_layer(OGRLayer& src) {
    OGRFeatureDefn* sdefn = src.GetLayerDefn();
    const int ngeom = sdefn->GetGeomFieldCount();
    const OGRwkbGeometryType gtype = ngeom > 0 ? sdefn->GetGeomFieldDefn(0)->GetType() : wkbNone;
    const auto srs = output_srs(ngeom > 0 ? sdefn->GetGeomFieldDefn(0)->GetSpatialRef() : nullptr);
    const std::string driver = fmt_.driver->GetDescription();
    CPLStringList options;
    if (driver == "ESRI Shapefile") options.SetNameValue("ENCODING", "UTF-8");
    if (driver == "GPKG" || driver == "SQLite") {
      std::string fid = src.GetFIDColumn() && *src.GetFIDColumn() ? src.GetFIDColumn() : "fid";
      while (sdefn->GetFieldIndex(fid.c_str()) >= 0) fid += "_";
      options.SetNameValue("FID", fid.c_str());
    }
    if (driver == "CSV" && ngeom > 0 && !is_csv(in_))
      options.SetNameValue("GEOMETRY", wkbFlatten(gtype) == wkbPoint ? "AS_XY" : "AS_WKT");
    CPLErrorReset();
    OGRLayer* dl = dst_.CreateLayer(layer_.c_str(), srs.get(), gtype, options.List());
    if (!dl) throw OutputError(out_, "layer " + layer_ + ": cannot create it" + gdal_reason());
    for (int i = 1; i < ngeom; ++i) {
      OGRGeomFieldDefn gf(sdefn->GetGeomFieldDefn(i));
      const auto gsrs = output_srs(sdefn->GetGeomFieldDefn(i)->GetSpatialRef());
      gf.SetSpatialRef(gsrs.get());
      CPLErrorReset();
      if (!dst_.TestCapability(ODsCCreateGeomFieldAfterCreateLayer) || dl->CreateGeomField(&gf) != OGRERR_NONE)
        throw OutputError(out_, "layer " + layer_ + ": the " + driver + " format cannot hold its geometry field " +
                                    gf.GetNameRef() + " (use .gpkg)" + gdal_reason());
    }
    // Field types the format cannot store (lists in a FlatGeobuf, say) become strings.
    const char* types = fmt_.driver->GetMetadataItem(GDAL_DMD_CREATIONFIELDDATATYPES);
    const CPLStringList supported(CSLTokenizeString(types ? types : ""));
    json_lists_.clear();
    for (int i = 0; i < sdefn->GetFieldCount(); ++i) {
      OGRFieldDefn fd(sdefn->GetFieldDefn(i));
      if (types && supported.FindString(OGRFieldDefn::GetFieldTypeName(fd.GetType())) < 0) {
        const OGRFieldType t = fd.GetType();
        const bool list = t == OFTIntegerList || t == OFTInteger64List || t == OFTRealList || t == OFTStringList;
        fd.SetSubType(OFSTNone);
        fd.SetType(OFTString);
        if (list) {  // as a JSON array, as GDAL reads such a field back from GeoJSON
          fd.SetSubType(OFSTJSON);
          json_lists_.push_back(i);
        }
      }
      CPLErrorReset();
      if (dl->CreateField(&fd, TRUE) != OGRERR_NONE)
        throw OutputError(out_, "layer " + layer_ + ": cannot create field " + fd.GetNameRef() + gdal_reason());
    }
    return *dl;
  }

  // Source field index -> output field index: by name, else by position (formats such as the
  // shapefile shorten names).
  std::vector<int> field_map(OGRFeatureDefn& sdefn, OGRFeatureDefn& ddefn) const {
    std::vector<int> map(static_cast<std::size_t>(sdefn.GetFieldCount()), -1);
    const bool same_count = sdefn.GetFieldCount() == ddefn.GetFieldCount();
    for (int i = 0; i < sdefn.GetFieldCount(); ++i) {
      int j = ddefn.GetFieldIndex(sdefn.GetFieldDefn(i)->GetNameRef());
      if (j < 0 && same_count) j = i;
      if (j < 0)
        throw OutputError(out_, "layer " + layer_ + ": field " + sdefn.GetFieldDefn(i)->GetNameRef() +
                                    " could not be created in the " + fmt_.driver->GetDescription() + " format");
      map[static_cast<std::size_t>(i)] = j;
    }
    return map;
  }

  const std::string& in_;
  const std::string& out_;
  const OutputFormat& fmt_;
  GDALDataset& dst_;
  ChineseDatum from_, to_;
  std::string layer_;
  std::vector<GeomFieldPlan> plans_;
  std::vector<int> json_lists_;  // source list fields written as JSON strings
  std::size_t features_ = 0;
};

}  // namespace

void convert_vector_file(const std::string& in, const std::string& out, ChineseDatum from, ChineseDatum to,
                         bool overwrite) {
  ensure_gdal();
  if (!fs::exists(in)) throw InputError({in, "", ""}, "no such file");
  check_writable(out, overwrite);
  const OutputFormat fmt = output_format(out);
  DatasetPtr src = open_source(in);

  const int nlayers = src->GetLayerCount();
  if (nlayers == 0) throw InputError({in, "", ""}, "has no layers");
  bool any_geometry = false;
  std::string names;
  for (int i = 0; i < nlayers; ++i) {
    OGRLayer* l = src->GetLayer(i);
    any_geometry = any_geometry || l->GetLayerDefn()->GetGeomFieldCount() > 0;
    names += (i ? ", " : "") + std::string(l->GetName());
  }
  if (!any_geometry)
    throw InputError({in, "", ""}, "has no geometry to convert" +
                                       std::string(is_csv(in) ? " (a CSV needs lon|lng|longitude|x and "
                                                                "lat|latitude|y columns, or a WKT column)"
                                                              : ""));
  if (fmt.single_layer && nlayers > 1)
    throw UsageError(out + ": the " + std::string(fmt.driver->GetDescription()) + " format holds one layer, but " +
                     in + " has " + std::to_string(nlayers) + " (" + names + "); write to a .gpkg instead");

  TempOutput temp(out);
  GDALDataset& dst = temp.create(*fmt.driver);
  LayerCopier copier(in, out, fmt, dst, from, to);
  for (int i = 0; i < nlayers; ++i) copier.copy(*src->GetLayer(i));
  src.reset();
  temp.commit();
}

std::string convert_wkt(const std::string& wkt, ChineseDatum from, ChineseDatum to) {
  OGRGeometry* raw = nullptr;
  if (wkt.empty() || OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &raw) != OGRERR_NONE || !raw)
    throw InputError({}, "unreadable geometry: " + wkt.substr(0, 60));
  std::unique_ptr<OGRGeometry> g(raw);
  for_each_vertex(*g, [&](double& x, double& y) {
    const LonLat c = convert({x, y}, from, to);
    x = c.lon, y = c.lat;
  });
  char* text = nullptr;
  g->exportToWkt(&text, wkbVariantIso);
  std::string out = text ? text : "";
  CPLFree(text);
  return out;
}

}  // namespace lc::io
