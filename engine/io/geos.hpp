// lc::io GEOS plumbing shared by every module that does geometry with GEOS's reentrant C API:
// one context per task, RAII for geometries, prepared geometries and STRtrees so an exception
// thrown halfway leaks nothing, WKT in and out, and reprojection through io::Projector that never
// lets an exception unwind through GEOS's C frames.
#pragma once

#include <geos_c.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <numeric>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "io/crs.hpp"
#include "io/geo.hpp"

namespace lc::io::geos {


struct GeomDeleter {
  GEOSContextHandle_t h;
  void operator()(GEOSGeometry* g) const { GEOSGeom_destroy_r(h, g); }
};
using GeomPtr = std::unique_ptr<GEOSGeometry, GeomDeleter>;

struct PreparedDeleter {
  GEOSContextHandle_t h;
  void operator()(const GEOSPreparedGeometry* p) const { GEOSPreparedGeom_destroy_r(h, p); }
};
using PreparedPtr = std::unique_ptr<const GEOSPreparedGeometry, PreparedDeleter>;

// The forward or inverse projection as a GEOS coordinate callback.
struct ProjectCall {
  const io::Projector& projector;
  bool forward;
};

inline int project_xy(double* x, double* y, void* data) {
  const auto* call = static_cast<const ProjectCall*>(data);
  try {  // no exception may unwind through GEOS's C frames
    if (call->forward) {
      // Metric coordinates are kept to a millimetre, so that edges aligned before the lon/lat
      // round trip (e.g. on grid lines) stay exactly aligned instead of leaving slivers. Rounding
      // here rather than with GEOSGeom_setPrecision keeps the geometry's precision model floating;
      // a fixed one would make every later overlay round its results to the millimetre too.
      const Point p = call->projector.forward({*x, *y});
      *x = std::round(p.x * 1e3) / 1e3, *y = std::round(p.y * 1e3) / 1e3;
    } else {
      const LonLat p = call->projector.inverse({*x, *y});
      *x = p.lon, *y = p.lat;
    }
    return 1;
  } catch (...) {
    return 0;
  }
}

class Geos {
 public:
  GEOSContextHandle_t h;

  Geos() : h(GEOS_init_r()) {
    GEOSContext_setErrorMessageHandler_r(h, &Geos::on_error, this);
    reader_ = GEOSWKTReader_create_r(h);
  }
  ~Geos() {
    GEOSWKTReader_destroy_r(h, reader_);
    GEOS_finish_r(h);
  }
  Geos(const Geos&) = delete;
  Geos& operator=(const Geos&) = delete;

  GeomPtr own(GEOSGeometry* g) const { return GeomPtr(g, GeomDeleter{h}); }
  PreparedPtr prepare(const GEOSGeometry* g) const {
    return PreparedPtr(GEOSPrepare_r(h, g), PreparedDeleter{h});
  }
  GeomPtr point(double x, double y) const { return own(GEOSGeom_createPointFromXY_r(h, x, y)); }
  const std::string& last_error() const { return error_; }

  std::string write_wkt(const GEOSGeometry* g, int precision = 8) const {
    GEOSWKTWriter* w = GEOSWKTWriter_create_r(h);
    GEOSWKTWriter_setRoundingPrecision_r(h, w, precision);
    char* text = GEOSWKTWriter_write_r(h, w, g);
    std::string out = text ? text : "";
    GEOSFree_r(h, text);
    GEOSWKTWriter_destroy_r(h, w);
    return out;
  }

  GeomPtr read_wkt(const std::string& wkt, const Where& where) {
    GeomPtr g = own(GEOSWKTReader_read_r(h, reader_, wkt.c_str()));
    if (!g) throw InputError(where, "geometry cannot be read by GEOS: " + error_);
    return g;
  }

  // Reprojects a copy. Rounding to the millimetre can, rarely, fold a sliver of a valid polygon;
  // such a copy is made valid again so that overlays do not fail on it.
  GeomPtr project(const GEOSGeometry* g, const io::Projector& p, bool forward, const Where& where) {
    ProjectCall call{p, forward};
    GeomPtr out = own(GEOSGeom_transformXY_r(h, g, &project_xy, &call));
    if (out && forward && GEOSisValid_r(h, out.get()) == 0) out = own(GEOSMakeValid_r(h, out.get()));
    if (!out)
      throw InputError(where, std::string("geometry cannot be projected ") +
                                  (forward ? "to" : "from") + " EPSG:" + std::to_string(p.epsg()));
    return out;
  }

  GeomPtr metric_from_wkt(const std::string& wkt, const io::Projector& p, const Where& where) {
    return project(read_wkt(wkt, where).get(), p, true, where);
  }

 private:
  static void on_error(const char* message, void* self) { static_cast<Geos*>(self)->error_ = message; }
  GEOSWKTReader* reader_ = nullptr;
  std::string error_;
};

// An STRtree over geometries the caller keeps alive; queries answer indices in insertion order.
class Tree {
 public:
  Tree(GEOSContextHandle_t h, const std::vector<const GEOSGeometry*>& geoms)
      : h_(h), tree_(GEOSSTRtree_create_r(h, 10)), ids_(geoms.size()) {
    std::iota(ids_.begin(), ids_.end(), std::size_t{0});
    for (std::size_t i = 0; i < geoms.size(); ++i)
      GEOSSTRtree_insert_r(h_, tree_, geoms[i], &ids_[i]);
  }
  ~Tree() { GEOSSTRtree_destroy_r(h_, tree_); }
  Tree(const Tree&) = delete;
  Tree& operator=(const Tree&) = delete;

  std::vector<std::size_t> query(const GEOSGeometry* g) const {
    std::vector<std::size_t> hits;
    GEOSSTRtree_query_r(h_, tree_, g, &Tree::collect, &hits);
    std::sort(hits.begin(), hits.end());
    return hits;
  }

 private:
  static void collect(void* item, void* hits) {
    static_cast<std::vector<std::size_t>*>(hits)->push_back(*static_cast<const std::size_t*>(item));
  }
  GEOSContextHandle_t h_;
  GEOSSTRtree* tree_;
  std::vector<std::size_t> ids_;  // the items handed to GEOS point into this
};

inline std::vector<Point> ring_points(GEOSContextHandle_t h, const GEOSGeometry* ring) {
  const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(h, ring);
  unsigned n = 0;
  GEOSCoordSeq_getSize_r(h, seq, &n);
  std::vector<Point> pts(n);
  for (unsigned i = 0; i < n; ++i) GEOSCoordSeq_getXY_r(h, seq, i, &pts[i].x, &pts[i].y);
  return pts;
}


}  // namespace lc::io::geos
