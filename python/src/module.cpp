// lifecircle._lifecircle: the C++ half of the Python module (python/lifecircle/__init__.py is the
// other). It binds the public C++ API (include/lifecircle) and nothing else: the requests as
// classes whose fields Python sets by name, points and streets taken from numpy arrays in one call,
// results handed back as numpy arrays that own the engine's vectors (no copy per origin), the error
// family as Python exceptions, and a Context per call whose cancel check watches for Ctrl-C
// (KeyboardInterrupt) and whose progress sink calls a Python callable. Searches run with the GIL
// released; log messages reach Python as they come, on the calling thread (a `log` callable, or
// Python's warnings and logging).
#include <lifecircle/catalog.hpp>
#include <lifecircle/checklist.hpp>
#include <lifecircle/compare.hpp>
#include <lifecircle/context.hpp>
#include <lifecircle/coverage.hpp>
#include <lifecircle/datum.hpp>
#include <lifecircle/error.hpp>
#include <lifecircle/graph.hpp>
#include <lifecircle/inputs.hpp>
#include <lifecircle/isochrones.hpp>
#include <lifecircle/reach.hpp>
#include <lifecircle/report.hpp>
#include <lifecircle/site.hpp>
#include <lifecircle/styles.hpp>
#include <lifecircle/table.hpp>
#include <lifecircle/version.hpp>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace py = pybind11;
namespace lcp = lifecircle;

namespace {

// ---- arrays that own the engine's vectors ---------------------------------------------------

template <class T>
py::array_t<T> take(std::vector<T>&& v, std::vector<py::ssize_t> shape) {
  auto* owned = new std::vector<T>(std::move(v));
  py::capsule owner(owned, [](void* p) { delete static_cast<std::vector<T>*>(p); });
  return py::array_t<T>(std::move(shape), owned->data(), owner);
}

template <class T>
py::array_t<T> take(std::vector<T>&& v) {
  const auto n = static_cast<py::ssize_t>(v.size());
  return take(std::move(v), {n});
}

py::array_t<bool> bools(const std::vector<bool>& v) {
  py::array_t<bool> a(static_cast<py::ssize_t>(v.size()));
  auto m = a.mutable_unchecked<1>();
  for (std::size_t i = 0; i < v.size(); ++i) m(static_cast<py::ssize_t>(i)) = v[i];
  return a;
}

// ---- one call's context ---------------------------------------------------------------------

// The Context of one call: Ctrl-C, a cancel callable returning true (a host's own stop button:
// QGIS's QgsProcessingFeedback.isCanceled, on a thread where Ctrl-C is never seen) and a progress
// callable's exception become the cancel check,
// log messages go to Python as they come (a host's log: QGIS's Processing log while the run goes on):
// on the calling thread at once, from the engine's worker threads at the calling thread's next
// cancel check or progress report (every 20 ms or so), in the order they were logged; an exception
// the log callable raises stops the run, as the progress callable's does. The Python error that
// stopped the run is raised in the end.
class Call {
 public:
  Call(unsigned threads, py::object progress, bool verbose, py::object cancel = py::none(),
       py::object log = py::none())
      : ctx_(threads), progress_(std::move(progress)), cancel_(std::move(cancel)), log_(std::move(log)),
        caller_(std::this_thread::get_id()) {
    ctx_.level = verbose ? lcp::LogLevel::verbose : lcp::LogLevel::normal;
    ctx_.log = [this](bool warning, const std::string& message) {
      {
        const std::lock_guard<std::mutex> lock(mu_);
        messages_.emplace_back(warning, message);
      }
      if (std::this_thread::get_id() == caller_) {
        py::gil_scoped_acquire gil;
        deliver_messages();
      }
    };
    ctx_.cancelled = [this] { return cancelled(); };
    if (!progress_.is_none())
      ctx_.progress = [this](std::string_view stage, std::size_t done, std::size_t total) { report(stage, done, total); };
  }
  ~Call() {
    if (error_type_) {  // never raised (an engine error came first): drop it
      py::gil_scoped_acquire gil;
      Py_XDECREF(error_type_);
      Py_XDECREF(error_value_);
      Py_XDECREF(error_tb_);
    }
  }
  Call(const Call&) = delete;
  Call& operator=(const Call&) = delete;

  lcp::Context& ctx() { return ctx_; }

  // Runs `f(ctx)` without the GIL; then gives Python the messages and raises what stopped it.
  template <class F>
  auto run(F&& f) -> decltype(f(std::declval<lcp::Context&>())) {
    using R = decltype(f(std::declval<lcp::Context&>()));
    std::optional<R> result;
    std::exception_ptr failure;
    {
      py::gil_scoped_release nogil;
      try {
        result.emplace(f(ctx_));
      } catch (...) {
        failure = std::current_exception();
      }
    }
    deliver_messages();
    if (error_type_) {  // Ctrl-C or the progress callable raised: that, not "cancelled"
      PyErr_Restore(error_type_, error_value_, error_tb_);
      error_type_ = error_value_ = error_tb_ = nullptr;
      throw py::error_already_set();
    }
    if (failure) std::rethrow_exception(failure);
    return std::move(*result);
  }

 private:
  bool cancelled() {
    if (stop_.load(std::memory_order_relaxed)) return true;
    if (std::this_thread::get_id() != caller_) return false;  // signals are seen on the calling thread
    const auto now = std::chrono::steady_clock::now();
    if (now - last_check_ < std::chrono::milliseconds(20)) return false;
    last_check_ = now;
    py::gil_scoped_acquire gil;
    deliver_messages();  // the worker threads' messages since the last check
    if (PyErr_CheckSignals() != 0) keep_error();
    if (!stop_.load() && !cancel_.is_none()) {
      try {
        if (py::bool_(cancel_())) stop_.store(true);  // the engine's own Cancelled is raised
      } catch (py::error_already_set& e) {
        e.restore();
        keep_error();
      }
    }
    return stop_.load();
  }

  void report(std::string_view stage, std::size_t done, std::size_t total) {
    if (stop_.load(std::memory_order_relaxed)) return;
    py::gil_scoped_acquire gil;
    if (std::this_thread::get_id() == caller_) deliver_messages();
    if (stop_.load()) return;
    try {
      progress_(std::string(stage), done, total);
    } catch (py::error_already_set& e) {
      e.restore();
      keep_error();
    }
  }

  // The current Python error (GIL held) kept for the end of the call; the run is asked to stop.
  void keep_error() {
    if (!error_type_) PyErr_Fetch(&error_type_, &error_value_, &error_tb_);
    else PyErr_Clear();
    stop_.store(true);
  }

  // The messages logged so far to the log callable (or the module's _emit: warnings and logging),
  // on the calling thread, GIL held. One the callable refuses (raises) stops the run with that
  // error; the messages after it are dropped.
  void deliver_messages() {
    std::vector<std::pair<bool, std::string>> messages;
    {
      const std::lock_guard<std::mutex> lock(mu_);
      messages.swap(messages_);
    }
    if (messages.empty() || sink_failed_) return;
    try {
      const py::object sink = !log_.is_none() ? log_ : py::module_::import("lifecircle").attr("_emit");
      for (const auto& [warning, message] : messages) sink(warning, message);
    } catch (py::error_already_set& e) {
      e.restore();
      keep_error();
      sink_failed_ = true;
    }
  }

  lcp::Context ctx_;
  py::object progress_;
  py::object cancel_;
  py::object log_;
  std::thread::id caller_;
  std::chrono::steady_clock::time_point last_check_{};
  std::atomic<bool> stop_{false};
  bool sink_failed_ = false;  // caller thread only
  std::mutex mu_;
  std::vector<std::pair<bool, std::string>> messages_;
  PyObject* error_type_ = nullptr;
  PyObject* error_value_ = nullptr;
  PyObject* error_tb_ = nullptr;
};

// ---- inputs from arrays ---------------------------------------------------------------------

using Doubles = py::array_t<double, py::array::c_style | py::array::forcecast>;
using Offsets = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>;

void check_same(const char* source, std::size_t n, std::initializer_list<std::pair<const char*, std::size_t>> sizes) {
  for (const auto& [what, size] : sizes)
    if (size != n)
      throw lcp::UsageError(lcp::Field{source}, std::string(what) + " has " + std::to_string(size) + " values for " +
                                                    std::to_string(n) + " features");
}

lcp::LonLat finite_point(const char* source, const std::string& id, double lon, double lat) {
  if (!std::isfinite(lon) || !std::isfinite(lat))
    throw lcp::InputError({source, "", "feature " + id}, "coordinate is NaN or infinite");
  if (lon < -180 || lon > 180 || lat < -90 || lat > 90)
    throw lcp::InputError({source, "", "feature " + id}, "coordinate (" + std::to_string(lon) + ", " + std::to_string(lat) +
                                                            ") is outside lon/lat range");
  return {lon, lat};
}

void set_facilities(lcp::FacilitySource& s, const std::vector<std::string>& ids, const Doubles& lon, const Doubles& lat,
                    const std::vector<std::vector<std::string>>& categories, const Doubles& capacity) {
  const std::size_t n = ids.size();
  check_same("facilities", n, {{"lon", static_cast<std::size_t>(lon.size())}, {"lat", static_cast<std::size_t>(lat.size())},
                               {"categories", categories.size()}, {"capacity", static_cast<std::size_t>(capacity.size())}});
  const auto x = lon.unchecked<1>(), y = lat.unchecked<1>(), c = capacity.unchecked<1>();
  s.path.clear();
  s.points.clear();
  s.points.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto j = static_cast<py::ssize_t>(i);
    s.points.push_back({ids[i], finite_point("facilities", ids[i], x(j), y(j)), categories[i], c(j)});
  }
}

void set_origins(lcp::OriginSource& s, const std::vector<std::string>& ids, const Doubles& lon, const Doubles& lat,
                 const Doubles& population, const Doubles& elderly_share, const std::vector<std::string>& community) {
  const std::size_t n = ids.size();
  check_same("origins", n, {{"lon", static_cast<std::size_t>(lon.size())}, {"lat", static_cast<std::size_t>(lat.size())},
                            {"population", static_cast<std::size_t>(population.size())},
                            {"elderly_share", static_cast<std::size_t>(elderly_share.size())}, {"community", community.size()}});
  const auto x = lon.unchecked<1>(), y = lat.unchecked<1>(), p = population.unchecked<1>(), e = elderly_share.unchecked<1>();
  s.path.clear();
  s.points.clear();
  s.points.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto j = static_cast<py::ssize_t>(i);
    s.points.push_back({ids[i], finite_point("origins", ids[i], x(j), y(j)), p(j), e(j), community[i]});
  }
}

// Streets as flat lon/lat arrays: street i has the points [first[i], first[i+1]).
void set_streets(lcp::NetworkSource& s, const Offsets& first, const Doubles& lon, const Doubles& lat,
                 const std::vector<std::string>& classes, const std::vector<std::string>& ids,
                 const char* source = "network") {
  const auto f = first.unchecked<1>();
  const std::size_t n = classes.size();
  check_same(source, n, {{"offsets", static_cast<std::size_t>(first.size()) - (first.size() > 0 ? 1 : 0)}, {"ids", ids.size()}});
  check_same(source, static_cast<std::size_t>(lon.size()), {{"lat", static_cast<std::size_t>(lat.size())}});
  const auto x = lon.unchecked<1>(), y = lat.unchecked<1>();
  s.path.clear();
  s.streets.clear();
  s.streets.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto a = f(static_cast<py::ssize_t>(i)), b = f(static_cast<py::ssize_t>(i + 1));
    if (a < 0 || b < a || b > lon.size()) throw lcp::UsageError(lcp::Field{source}, "street offsets out of order");
    lcp::Street street;
    street.street_class = classes[i];
    for (auto j = a; j < b; ++j) street.points.push_back(finite_point(source, ids[i], x(j), y(j)));
    s.streets.push_back(std::move(street));
  }
}

void add_unit(lcp::UnitSource& s, const std::string& name, const std::vector<Doubles>& rings) {
  lcp::Unit u{name, {}};
  for (const auto& r : rings) {
    if (r.ndim() != 2 || r.shape(1) != 2) throw lcp::UsageError(lcp::Field{"units"}, "a ring is not an (n, 2) array");
    const auto a = r.unchecked<2>();
    std::vector<lcp::LonLat> ring;
    for (py::ssize_t i = 0; i < r.shape(0); ++i) ring.push_back(finite_point("units", name, a(i, 0), a(i, 1)));
    u.rings.push_back(std::move(ring));
  }
  s.path.clear();
  s.polygons.push_back(std::move(u));
}

// ---- results --------------------------------------------------------------------------------

py::dict table_dict(lcp::Table&& t) {
  py::dict d;
  d["name"] = t.name;
  d["description"] = t.description;
  py::list columns;
  for (auto& c : t.columns) {
    py::dict col;
    col["name"] = c.name;
    col["null"] = bools(c.null);
    switch (c.type) {
      case lcp::ColumnType::real: col["type"] = "real", col["values"] = take(std::move(c.real)); break;
      case lcp::ColumnType::integer: col["type"] = "integer", col["values"] = take(std::move(c.integer)); break;
      case lcp::ColumnType::text: col["type"] = "text", col["values"] = py::cast(c.text); break;
    }
    columns.append(col);
  }
  d["columns"] = columns;
  if (t.has_geometry) {
    py::list wkb;
    for (const auto& g : t.wkb) wkb.append(g.empty() ? py::object(py::none()) : py::object(py::bytes(g)));
    d["wkb"] = wkb;
  } else {
    d["wkb"] = py::none();
  }
  return d;
}

// A table from Python: name, [(column, "real" | "integer" | "text", values, nulls)], [wkb or None] or None.
lcp::Table table_from_python(const std::string& name, const py::list& columns, const py::object& wkb) {
  lcp::Table t;
  t.name = name;
  for (const auto& item : columns) {
    const auto c = item.cast<py::tuple>();
    lcp::Column col;
    col.name = c[0].cast<std::string>();
    const auto type = c[1].cast<std::string>();
    col.null = c[3].cast<std::vector<bool>>();
    if (type == "real") col.type = lcp::ColumnType::real, col.real = c[2].cast<std::vector<double>>();
    else if (type == "integer") col.type = lcp::ColumnType::integer, col.integer = c[2].cast<std::vector<std::int64_t>>();
    else col.type = lcp::ColumnType::text, col.text = c[2].cast<std::vector<std::string>>();
    const std::size_t n = col.type == lcp::ColumnType::real ? col.real.size()
                          : col.type == lcp::ColumnType::integer ? col.integer.size() : col.text.size();
    if (n != col.null.size() || (!t.columns.empty() && n != t.columns.front().size()))
      throw py::value_error("table " + name + ": column " + col.name + " has " + std::to_string(n) + " values and " +
                            std::to_string(col.null.size()) + " nulls");
    t.columns.push_back(std::move(col));
  }
  if (!wkb.is_none()) {
    t.has_geometry = true;
    for (const auto& g : wkb.cast<py::list>()) t.wkb.push_back(g.is_none() ? std::string() : g.cast<std::string>());
  }
  return t;
}

py::dict reach_dict(lcp::ReachResult&& r) {
  const auto n = static_cast<py::ssize_t>(r.origin_ids.size());
  py::dict d;
  d["origin_ids"] = py::cast(r.origin_ids);
  std::vector<double> lon, lat;
  lon.reserve(r.origin_at.size()), lat.reserve(r.origin_at.size());
  for (const auto& p : r.origin_at) lon.push_back(p.lon), lat.push_back(p.lat);
  d["lon"] = take(std::move(lon));
  d["lat"] = take(std::move(lat));
  d["snap_m"] = take(std::move(r.snap_m));
  d["k"] = r.k;
  d["thresholds_min"] = py::cast(r.thresholds_min);
  d["epsg"] = r.epsg;
  py::list cats;
  const auto T = static_cast<py::ssize_t>(r.thresholds_min.size());
  for (auto& c : r.categories) {
    py::dict cd;
    cd["id"] = c.id;
    cd["nearest_s"] = take(std::move(c.nearest_s), {n, static_cast<py::ssize_t>(r.k)});
    cd["nearest_id"] = py::cast(c.nearest_id);
    cd["counts"] = take(std::move(c.counts), {n, T});
    cats.append(cd);
  }
  d["categories"] = cats;
  return d;
}

py::dict coverage_dict(lcp::CoverageResult&& r) {
  const auto n = static_cast<py::ssize_t>(r.origin_ids.size());
  py::dict d;
  d["origin_ids"] = py::cast(r.origin_ids);
  d["population"] = take(std::move(r.population));
  d["snapped"] = bools(r.snapped);
  py::list cats;
  for (auto& c : r.categories) {
    py::dict cd;
    cd["id"] = c.id;
    cd["threshold_s"] = c.threshold_s;
    cd["speed_mps"] = c.speed_mps;
    cd["group"] = c.group;
    cd["level"] = c.level;
    cd["nearest_s"] = take(std::move(c.nearest_s));
    cd["nearest_id"] = py::cast(c.nearest_id);
    cd["thresholds_min"] = py::cast(c.thresholds_min);
    cd["counts"] = take(std::move(c.counts), {n, static_cast<py::ssize_t>(c.thresholds_min.size())});
    cd["fca"] = take(std::move(c.fca));
    cd["fca_gaussian"] = take(std::move(c.fca_gaussian));
    cats.append(cd);
  }
  d["categories"] = cats;
  py::list tables;
  for (auto& t : r.tables) tables.append(table_dict(std::move(t)));
  d["tables"] = tables;
  d["summary"] = table_dict(std::move(r.summary));
  d["gap_report"] = r.gap_report;
  return d;
}

py::dict graph_dict(const lcp::Network& net) {
  lcp::GraphArrays g = lcp::graph_arrays(net);
  std::vector<double> lon, lat, glon, glat;
  for (const auto& p : g.node_at) lon.push_back(p.lon), lat.push_back(p.lat);
  for (const auto& p : g.geometry) glon.push_back(p.lon), glat.push_back(p.lat);
  py::dict d;
  d["node_lon"] = take(std::move(lon));
  d["node_lat"] = take(std::move(lat));
  d["node_component"] = take(std::move(g.node_component));
  d["edge_u"] = take(std::move(g.edge_u));
  d["edge_v"] = take(std::move(g.edge_v));
  d["edge_length_m"] = take(std::move(g.edge_length_m));
  d["edge_time_factor"] = take(std::move(g.edge_time_factor));
  d["edge_extra_s"] = take(std::move(g.edge_extra_s));
  d["edge_oneway"] = take(std::move(g.edge_oneway));
  d["edge_source"] = take(std::move(g.edge_source));
  d["edge_class"] = py::cast(g.edge_class);
  d["geometry_first"] = take(std::move(g.geometry_first));
  d["geometry_lon"] = take(std::move(glon));
  d["geometry_lat"] = take(std::move(glat));
  return d;
}

// ---- errors ---------------------------------------------------------------------------------

PyObject* g_error = nullptr;
PyObject* g_usage = nullptr;
PyObject* g_input = nullptr;
PyObject* g_output = nullptr;
PyObject* g_cancelled = nullptr;

PyObject* new_exception(py::module_& m, const char* name, PyObject* base, const char* doc) {
  const std::string qualified = std::string("lifecircle.") + name;
  PyObject* type = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, base, nullptr);
  if (!type) throw py::error_already_set();
  m.add_object(name, py::handle(type));
  return type;
}

void raise(PyObject* type, const std::string& message, const py::dict& attrs) {
  py::object exc = py::reinterpret_borrow<py::object>(type)(message);
  for (const auto& [k, v] : attrs) exc.attr(k) = v;
  PyErr_SetObject(type, exc.ptr());
}

void translate(std::exception_ptr p) {
  try {
    if (p) std::rethrow_exception(p);
  } catch (const lcp::UsageError& e) {
    py::dict a;
    a["field"] = e.field;
    a["detail"] = e.field.empty() ? std::string(e.what()) : e.detail;
    a["exit_code"] = e.exit_code();
    raise(g_usage, e.what(), a);
  } catch (const lcp::InputError& e) {
    py::dict a;
    a["file"] = e.where.file;
    a["layer"] = e.where.layer;
    a["feature"] = e.where.feature;
    a["exit_code"] = e.exit_code();
    raise(g_input, e.what(), a);
  } catch (const lcp::Error& e) {
    py::dict a;
    a["exit_code"] = e.exit_code();
    PyObject* type = e.kind() == lcp::ErrorKind::usage    ? g_usage
                     : e.kind() == lcp::ErrorKind::input  ? g_input
                     : e.kind() == lcp::ErrorKind::output ? g_output
                     : e.kind() == lcp::ErrorKind::cancelled ? g_cancelled
                                                            : g_error;
    raise(type, e.what(), a);
  }
}

}  // namespace

PYBIND11_MODULE(_lifecircle, m) {
  m.doc() = "lifecircle's engine (the C++ library lifecircle::lifecircle); use the package `lifecircle`";
  m.attr("__version__") = std::string(lcp::version());

  g_error = new_exception(m, "Error", PyExc_Exception, "A lifecircle error; exit_code is the command line's.");
  g_usage = new_exception(m, "UsageError", g_error,
                          "A request that cannot be run as asked (exit code 2): `field` names the keyword argument.");
  g_input = new_exception(m, "InputError", g_error,
                          "Bad input data (exit code 3): `file`, `layer`, `feature` say where.");
  g_output = new_exception(m, "OutputError", g_error, "Cannot write results (exit code 4).");
  g_cancelled = new_exception(m, "Cancelled", g_error, "The run was asked to stop.");
  py::register_exception_translator(&translate);

  py::enum_<lcp::Datum>(m, "Datum").value("wgs84", lcp::Datum::wgs84).value("gcj02", lcp::Datum::gcj02).value("bd09", lcp::Datum::bd09);
  m.def("parse_datum", [](const std::string& s) { return lcp::parse_datum(s); });
  // Coordinates from one datum to another (lifecircle convert's transform), arrays in, arrays out.
  m.def("convert", [](const Doubles& lon, const Doubles& lat, lcp::Datum from, lcp::Datum to) {
    if (lon.size() != lat.size()) throw py::value_error("convert: lon and lat differ in length");
    const auto n = static_cast<std::size_t>(lon.size());
    std::vector<double> x(n), y(n);
    const double* a = lon.data();
    const double* b = lat.data();
    {
      py::gil_scoped_release nogil;
      for (std::size_t i = 0; i < n; ++i) {
        const lcp::LonLat q = lcp::convert({a[i], b[i]}, from, to);
        x[i] = q.lon, y[i] = q.lat;
      }
    }
    return py::make_tuple(take(std::move(x)), take(std::move(y)));
  });

  py::class_<lcp::NetworkSource>(m, "NetworkSource")
      .def(py::init<>())
      .def_readwrite("path", &lcp::NetworkSource::path)
      .def_readwrite("datum", &lcp::NetworkSource::datum)
      .def_readwrite("merge_tolerance_m", &lcp::NetworkSource::merge_tolerance_m)
      .def_readwrite("node_crossings", &lcp::NetworkSource::node_crossings)
      .def_readwrite("class_field", &lcp::NetworkSource::class_field)
      .def_readwrite("epsg", &lcp::NetworkSource::epsg)
      .def_readwrite("walk_profile", &lcp::NetworkSource::walk_profile)
      .def("set_streets", [](lcp::NetworkSource& s, const Offsets& first, const Doubles& lon, const Doubles& lat,
                             const std::vector<std::string>& classes, const std::vector<std::string>& ids) {
        set_streets(s, first, lon, lat, classes, ids);
      })
      .def_property_readonly("street_count", [](const lcp::NetworkSource& s) { return s.streets.size(); });

  py::class_<lcp::Network>(m, "Network")
      .def_static("build", [](const lcp::NetworkSource& source, unsigned threads, py::object progress,
                              const std::map<std::string, int>& input_epsg, py::object cancel) {
        Call call(threads, std::move(progress), false, std::move(cancel));
        call.ctx().input_epsg = input_epsg;
        return call.run([&](lcp::Context& ctx) { return lcp::Network::build(ctx, source); });
      }, py::arg("source"), py::arg("threads"), py::arg("progress"), py::arg("input_epsg"), py::arg("cancel") = py::none())
      .def_property_readonly("node_count", &lcp::Network::nodes)
      .def_property_readonly("edge_count", &lcp::Network::edges)
      .def_property_readonly("components", &lcp::Network::components)
      .def_property_readonly("epsg", &lcp::Network::epsg)
      .def_property_readonly("source", &lcp::Network::source)
      .def("arrays", &graph_dict);

  py::class_<lcp::FacilitySource>(m, "FacilitySource")
      .def(py::init<>())
      .def_readwrite("path", &lcp::FacilitySource::path)
      .def_readwrite("category_field", &lcp::FacilitySource::category_field)
      .def_readwrite("id_field", &lcp::FacilitySource::id_field)
      .def_readwrite("capacity_field", &lcp::FacilitySource::capacity_field)
      .def_readwrite("datum", &lcp::FacilitySource::datum)
      .def("set_points", &set_facilities)
      .def_property_readonly("point_count", [](const lcp::FacilitySource& s) { return s.points.size(); });

  py::class_<lcp::PopulationFields>(m, "PopulationFields")
      .def(py::init<>())
      .def_readwrite("id", &lcp::PopulationFields::id)
      .def_readwrite("population", &lcp::PopulationFields::population)
      .def_readwrite("elderly_share", &lcp::PopulationFields::elderly_share)
      .def_readwrite("households", &lcp::PopulationFields::households)
      .def_readwrite("persons_per_household", &lcp::PopulationFields::persons_per_household);

  py::class_<lcp::OriginSource>(m, "OriginSource")
      .def(py::init<>())
      .def_readwrite("path", &lcp::OriginSource::path)
      .def_readwrite("type", &lcp::OriginSource::type)
      .def_readwrite("fields", &lcp::OriginSource::fields)
      .def_readwrite("entrances", &lcp::OriginSource::entrances)
      .def_readwrite("grid_cell_m", &lcp::OriginSource::grid_cell_m)
      .def_readwrite("grid_shape", &lcp::OriginSource::grid_shape)
      .def_readwrite("grid_boundary", &lcp::OriginSource::grid_boundary)
      .def_readwrite("datum", &lcp::OriginSource::datum)
      .def("set_points", &set_origins)
      .def_property_readonly("point_count", [](const lcp::OriginSource& s) { return s.points.size(); });

  py::class_<lcp::UnitSource>(m, "UnitSource")
      .def(py::init<>())
      .def_readwrite("path", &lcp::UnitSource::path)
      .def_readwrite("name_field", &lcp::UnitSource::name_field)
      .def_readwrite("datum", &lcp::UnitSource::datum)
      .def("add_unit", &add_unit);

  py::class_<lcp::ReachRequest>(m, "ReachRequest")
      .def(py::init<>())
      .def_readwrite("network", &lcp::ReachRequest::network)
      .def_readwrite("built", &lcp::ReachRequest::built)
      .def_readwrite("facilities", &lcp::ReachRequest::facilities)
      .def_readwrite("origins", &lcp::ReachRequest::origins)
      .def_readwrite("origins_at_nodes", &lcp::ReachRequest::origins_at_nodes)
      .def_readwrite("catalog", &lcp::ReachRequest::catalog)
      .def_readwrite("categories", &lcp::ReachRequest::categories)
      .def_readwrite("speed_mps", &lcp::ReachRequest::speed_mps)
      .def_readwrite("season", &lcp::ReachRequest::season)
      .def_readwrite("thresholds_min", &lcp::ReachRequest::thresholds_min)
      .def_readwrite("k", &lcp::ReachRequest::k)
      .def_readwrite("max_snap_m", &lcp::ReachRequest::max_snap_m)
      .def_readwrite("min_component", &lcp::ReachRequest::min_component);

  py::class_<lcp::CoverageRequest::Share>(m, "CoverageShare")
      .def(py::init<>())
      .def(py::init([](unsigned part, unsigned of) { return lcp::CoverageRequest::Share{part, of}; }), py::arg("part"),
           py::arg("of"))
      .def_readwrite("part", &lcp::CoverageRequest::Share::part)
      .def_readwrite("of", &lcp::CoverageRequest::Share::of);
  py::class_<lcp::CoverageRequest>(m, "CoverageRequest")
      .def(py::init<>())
      .def_readwrite("network", &lcp::CoverageRequest::network)
      .def_readwrite("built", &lcp::CoverageRequest::built)
      .def_readwrite("facilities", &lcp::CoverageRequest::facilities)
      .def_readwrite("origins", &lcp::CoverageRequest::origins)
      .def_readwrite("units", &lcp::CoverageRequest::units)
      .def_readwrite("catalog", &lcp::CoverageRequest::catalog)
      .def_readwrite("categories", &lcp::CoverageRequest::categories)
      .def_readwrite("default_threshold_min", &lcp::CoverageRequest::default_threshold_min)
      .def_readwrite("thresholds_min", &lcp::CoverageRequest::thresholds_min)
      .def_readwrite("k", &lcp::CoverageRequest::k)
      .def_readwrite("max_snap_m", &lcp::CoverageRequest::max_snap_m)
      .def_readwrite("min_component", &lcp::CoverageRequest::min_component)
      .def_readwrite("speed_mps", &lcp::CoverageRequest::speed_mps)
      .def_readwrite("season", &lcp::CoverageRequest::season)
      .def_readwrite("gap_point_radius_m", &lcp::CoverageRequest::gap_point_radius_m)
      .def_readwrite("checklist", &lcp::CoverageRequest::checklist)
      .def_readwrite("as_of", &lcp::CoverageRequest::as_of)
      .def_readwrite("plan_facilities", &lcp::CoverageRequest::plan_facilities)
      .def_readwrite("layout", &lcp::CoverageRequest::layout)
      .def_readwrite("share", &lcp::CoverageRequest::share);

  py::class_<lcp::IsochroneRequest>(m, "IsochroneRequest")
      .def(py::init<>())
      .def_readwrite("network", &lcp::IsochroneRequest::network)
      .def_readwrite("built", &lcp::IsochroneRequest::built)
      .def_readwrite("facilities", &lcp::IsochroneRequest::facilities)
      .def_readwrite("catalog", &lcp::IsochroneRequest::catalog)
      .def_readwrite("categories", &lcp::IsochroneRequest::categories)
      .def_readwrite("speed_mps", &lcp::IsochroneRequest::speed_mps)
      .def_readwrite("season", &lcp::IsochroneRequest::season)
      .def_readwrite("minutes", &lcp::IsochroneRequest::minutes)
      .def_readwrite("corridor_m", &lcp::IsochroneRequest::corridor_m)
      .def_readwrite("service_areas", &lcp::IsochroneRequest::service_areas)
      .def_readwrite("max_snap_m", &lcp::IsochroneRequest::max_snap_m)
      .def_readwrite("min_component", &lcp::IsochroneRequest::min_component);

  // The calls: (request, threads, progress callable or None, {file: EPSG}, verbose, cancel callable or
  // None, log callable(warning, message) or None) -> plain data.
  m.def("reach", [](const lcp::ReachRequest& request, unsigned threads, py::object progress,
                    const std::map<std::string, int>& input_epsg, bool verbose, py::object cancel, py::object log) {
    Call call(threads, std::move(progress), verbose, std::move(cancel), std::move(log));
    call.ctx().input_epsg = input_epsg;
    lcp::ReachResult r = call.run([&](lcp::Context& ctx) { return lcp::reach(ctx, request); });
    return reach_dict(std::move(r));
  }, py::arg("request"), py::arg("threads"), py::arg("progress"), py::arg("input_epsg"), py::arg("verbose"),
     py::arg("cancel") = py::none(), py::arg("log") = py::none());
  m.def("coverage", [](const lcp::CoverageRequest& request, unsigned threads, py::object progress,
                       const std::map<std::string, int>& input_epsg, bool verbose, py::object cancel, py::object log) {
    Call call(threads, std::move(progress), verbose, std::move(cancel), std::move(log));
    call.ctx().input_epsg = input_epsg;
    lcp::CoverageResult r = call.run([&](lcp::Context& ctx) { return lcp::coverage(ctx, request); });
    return coverage_dict(std::move(r));
  }, py::arg("request"), py::arg("threads"), py::arg("progress"), py::arg("input_epsg"), py::arg("verbose"),
     py::arg("cancel") = py::none(), py::arg("log") = py::none());
  m.def("isochrones", [](const lcp::IsochroneRequest& request, unsigned threads, py::object progress,
                         const std::map<std::string, int>& input_epsg, bool verbose, py::object cancel, py::object log) {
    Call call(threads, std::move(progress), verbose, std::move(cancel), std::move(log));
    call.ctx().input_epsg = input_epsg;
    lcp::IsochroneResult r = call.run([&](lcp::Context& ctx) { return lcp::isochrones(ctx, request); });
    py::dict d;
    d["isochrones"] = table_dict(std::move(r.isochrones));
    d["service_areas"] = table_dict(std::move(r.service_areas));
    return d;
  }, py::arg("request"), py::arg("threads"), py::arg("progress"), py::arg("input_epsg"), py::arg("verbose"),
     py::arg("cancel") = py::none(), py::arg("log") = py::none());
  py::class_<lcp::SiteRequest>(m, "SiteRequest")
      .def(py::init<>())
      .def_readwrite("network", &lcp::SiteRequest::network)
      .def_readwrite("built", &lcp::SiteRequest::built)
      .def_readwrite("facilities", &lcp::SiteRequest::facilities)
      .def_readwrite("origins", &lcp::SiteRequest::origins)
      .def_readwrite("category", &lcp::SiteRequest::category)
      .def_readwrite("catalog", &lcp::SiteRequest::catalog)
      .def_readwrite("default_threshold_min", &lcp::SiteRequest::default_threshold_min)
      .def_readwrite("speed_mps", &lcp::SiteRequest::speed_mps)
      .def_readwrite("season", &lcp::SiteRequest::season)
      .def_readwrite("max_snap_m", &lcp::SiteRequest::max_snap_m)
      .def_readwrite("min_component", &lcp::SiteRequest::min_component)
      .def_readwrite("candidates", &lcp::SiteRequest::candidates)
      .def_readwrite("candidate_spacing_m", &lcp::SiteRequest::candidate_spacing_m)
      .def_readwrite("candidate_classes", &lcp::SiteRequest::candidate_classes)
      .def_readwrite("count", &lcp::SiteRequest::count)
      .def_readwrite("target_coverage", &lcp::SiteRequest::target_coverage)
      .def_readwrite("per_district", &lcp::SiteRequest::per_district)
      .def_readwrite("units", &lcp::SiteRequest::units);

  py::class_<lcp::CompareRequest>(m, "CompareRequest")
      .def(py::init<>())
      .def_readwrite("network", &lcp::CompareRequest::network)
      .def_readwrite("built", &lcp::CompareRequest::built)
      .def_readwrite("facilities", &lcp::CompareRequest::facilities)
      .def_readwrite("origins", &lcp::CompareRequest::origins)
      .def_readwrite("units", &lcp::CompareRequest::units)
      .def_readwrite("catalog", &lcp::CompareRequest::catalog)
      .def_readwrite("default_threshold_min", &lcp::CompareRequest::default_threshold_min)
      .def_readwrite("speed_mps", &lcp::CompareRequest::speed_mps)
      .def_readwrite("season", &lcp::CompareRequest::season)
      .def_readwrite("max_snap_m", &lcp::CompareRequest::max_snap_m)
      .def_readwrite("min_component", &lcp::CompareRequest::min_component)
      .def_readwrite("add_facilities", &lcp::CompareRequest::add_facilities)
      .def_readwrite("remove_facilities", &lcp::CompareRequest::remove_facilities)
      .def_readwrite("remove_facilities_file", &lcp::CompareRequest::remove_facilities_file)
      .def_readwrite("add_links", &lcp::CompareRequest::add_links)
      .def_readwrite("link_snap_m", &lcp::CompareRequest::link_snap_m)
      .def_readwrite("full", &lcp::CompareRequest::full)
      .def_readwrite("origin_changes", &lcp::CompareRequest::origin_changes)
      .def("set_links", [](lcp::CompareRequest& r, const Offsets& first, const Doubles& lon, const Doubles& lat,
                           const std::vector<std::string>& ids) {
        lcp::NetworkSource s;
        set_streets(s, first, lon, lat, std::vector<std::string>(ids.size()), ids, "add_links");
        r.links = std::move(s.streets);
      });

  m.def("site", [](const lcp::SiteRequest& request, unsigned threads, py::object progress,
                   const std::map<std::string, int>& input_epsg, bool verbose, py::object cancel, py::object log) {
    Call call(threads, std::move(progress), verbose, std::move(cancel), std::move(log));
    call.ctx().input_epsg = input_epsg;
    lcp::SiteResult r = call.run([&](lcp::Context& ctx) { return lcp::site(ctx, request); });
    py::dict d;
    d["proposed_sites"] = table_dict(std::move(r.sites));
    d["coverage_curve"] = table_dict(std::move(r.curve));
    d["existing"] = r.existing;
    d["population"] = r.population;
    d["covered_population"] = r.covered_population;
    d["candidates"] = r.candidates;
    d["unsnapped_candidates"] = r.unsnapped_candidates;
    d["outside_districts"] = py::cast(r.outside_districts);
    d["warnings"] = py::cast(r.warnings);
    return d;
  }, py::arg("request"), py::arg("threads"), py::arg("progress"), py::arg("input_epsg"), py::arg("verbose"),
     py::arg("cancel") = py::none(), py::arg("log") = py::none());
  m.def("compare", [](const lcp::CompareRequest& request, unsigned threads, py::object progress,
                      const std::map<std::string, int>& input_epsg, bool verbose, py::object cancel, py::object log) {
    Call call(threads, std::move(progress), verbose, std::move(cancel), std::move(log));
    call.ctx().input_epsg = input_epsg;
    lcp::CompareResult r = call.run([&](lcp::Context& ctx) { return lcp::compare(ctx, request); });
    py::dict d;
    d["compare_summary"] = table_dict(std::move(r.summary));
    d["origin_changes"] = table_dict(std::move(r.origin_changes));
    d["unsnapped_added"] = r.unsnapped_added;
    return d;
  }, py::arg("request"), py::arg("threads"), py::arg("progress"), py::arg("input_epsg"), py::arg("verbose"),
     py::arg("cancel") = py::none(), py::arg("log") = py::none());
  m.def("catalog", [](const std::string& path) {
    const lcp::Catalog c = lcp::Catalog::load(path.empty() ? lcp::Catalog::default_path() : path);
    py::list rows;
    for (const auto& i : c.categories()) {
      py::dict r;
      r["id"] = i.id, r["name"] = i.name, r["level"] = i.level, r["group"] = i.group;
      r["threshold_s"] = i.threshold_s, r["speed_mps"] = i.speed_mps;
      r["name_zh"] = i.name_zh, r["name_en"] = i.name_en;
      rows.append(r);
    }
    return py::make_tuple(c.path(), rows);
  });
  m.def("checklist_json", [](const std::string& path, const std::string& catalog) { return lcp::checklist_json(path, catalog); });
  // The command line's QGIS styles of a table given as (name, [(column, type, values, nulls)], [wkb or None] or None).
  m.def("layer_styles", [](const std::string& name, const py::list& columns, const py::object& wkb) {
    const lcp::Table t = table_from_python(name, columns, wkb);
    py::list out;
    for (auto& s : lcp::layer_styles({&t})) {
      py::dict d;
      d["layer"] = s.layer, d["name"] = s.name, d["qml"] = s.qml, d["sld"] = s.sld;
      d["description"] = s.description, d["default"] = s.is_default;
      out.append(d);
    }
    return out;
  });
  // The planner's HTML report from tables given as [(name, columns, wkb, description)] (as layer_styles takes one).
  m.def("html_report", [](const py::list& tables, const std::string& catalog, const std::string& title,
                          const std::string& subtitle, const std::string& notice,
                          const std::vector<std::pair<std::string, std::string>>& parameters,
                          const std::vector<std::pair<std::string, std::string>>& sources, bool interactive_map,
                          const std::vector<std::pair<std::string, std::string>>& inputs) {
    std::vector<lcp::Table> owned;
    owned.reserve(tables.size());
    for (const auto& item : tables) {
      const auto t = item.cast<py::tuple>();
      owned.push_back(table_from_python(t[0].cast<std::string>(), t[1].cast<py::list>(), t[2]));
      if (t.size() > 3) owned.back().description = t[3].cast<std::string>();
    }
    std::vector<const lcp::Table*> ptrs;
    for (const auto& t : owned) ptrs.push_back(&t);
    lcp::ReportOptions o;
    o.catalog = catalog, o.title = title, o.subtitle = subtitle, o.notice = notice;
    o.parameters = parameters, o.sources = sources, o.interactive_map = interactive_map, o.inputs = inputs;
    std::string html;
    {
      py::gil_scoped_release nogil;
      html = lcp::html_report(ptrs, o);
    }
    return html;
  });
  m.def("default_catalog_path", &lcp::Catalog::default_path);
  m.def("default_checklist_path", &lcp::default_checklist_path);
}
