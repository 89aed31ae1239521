#include "synth/wuhai.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numbers>
#include <set>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>

#include "io/crs.hpp"
#include "io/geo.hpp"
#include "synth/common.hpp"

namespace lc::synth {

long long urban_population(const DistrictFacts& d) {
  return std::llround(static_cast<double>(d.population) * kUrbanShare);
}

namespace {

enum Stream : std::uint64_t { kLayout = 1, kCompounds = 2, kPeople = 3, kFacilities = 4 };

// ---------------------------------------------------------------------------------------------
// Geometry helpers

// A district's own grid: u east, v north, in whole metres, rotated by theta about the seat.
struct Frame {
  Point origin;
  double c = 1, s = 0;
  Point metric(double u, double v) const { return {origin.x + c * u - s * v, origin.y + s * u + c * v}; }
};

std::string point_wkt(LonLat p) { return "POINT (" + coord(p) + ")"; }

std::string line_wkt(const std::vector<LonLat>& pts) {
  std::string s = "LINESTRING (";
  for (std::size_t i = 0; i < pts.size(); ++i) s += (i ? ", " : "") + coord(pts[i]);
  return s + ")";
}

// `ring` closed (first == last).
std::string polygon_wkt(const std::vector<LonLat>& ring) {
  std::string s = "POLYGON ((";
  for (std::size_t i = 0; i < ring.size(); ++i) s += (i ? ", " : "") + coord(ring[i]);
  return s + "))";
}

std::string cn_number(int n) {  // 1..99
  static const char* digit[] = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  if (n < 10) return digit[n];
  if (n < 20) return std::string("十") + digit[n % 10];
  return std::string(digit[n / 10]) + "十" + digit[n % 10];
}

// ---------------------------------------------------------------------------------------------
// The river: a band around a hand-drawn centreline (control points invented for this generator,
// loosely where the Yellow River runs between the districts; not traced from any map).

constexpr std::array<LonLat, 9> kRiverControl = {{{106.803, 39.330},
                                                  {106.789, 39.395},
                                                  {106.774, 39.450},
                                                  {106.760, 39.500},
                                                  {106.763, 39.555},
                                                  {106.772, 39.610},
                                                  {106.779, 39.665},
                                                  {106.777, 39.720},
                                                  {106.784, 39.790}}};

struct River {
  std::vector<Point> centre;  // south to north, increasing y
  std::vector<double> half;   // half width at each centre point
  std::vector<Point> ring;    // closed, counter-clockwise

  explicit River(const io::Projector& proj) {
    std::vector<Point> ctl;
    for (const LonLat& p : kRiverControl) ctl.push_back(proj.forward(p));
    const std::size_t n = ctl.size();
    constexpr int kSteps = 8;
    for (std::size_t i = 0; i + 1 < n; ++i) {  // uniform Catmull-Rom through the control points
      const Point p0 = ctl[i == 0 ? 0 : i - 1], p1 = ctl[i], p2 = ctl[i + 1], p3 = ctl[std::min(i + 2, n - 1)];
      for (int k = 0; k < kSteps; ++k) {
        const double t = k / static_cast<double>(kSteps), t2 = t * t, t3 = t2 * t;
        const auto cr = [&](double a, double b, double c, double d) {
          return 0.5 * (2 * b + (-a + c) * t + (2 * a - 5 * b + 4 * c - d) * t2 + (-a + 3 * b - 3 * c + d) * t3);
        };
        centre.push_back({cr(p0.x, p1.x, p2.x, p3.x), cr(p0.y, p1.y, p2.y, p3.y)});
      }
    }
    centre.push_back(ctl.back());
    for (std::size_t k = 0; k < centre.size(); ++k)
      half.push_back((350.0 + 40.0 * std::sin(0.37 * static_cast<double>(k) + 0.5)) / 2.0);
    for (std::size_t k = 1; k < centre.size(); ++k)
      if (!(centre[k].y > centre[k - 1].y)) throw std::logic_error("synth: river centreline is not monotone");
    std::vector<Point> west, east;
    for (std::size_t k = 0; k < centre.size(); ++k) {
      const Point a = centre[k == 0 ? 0 : k - 1], b = centre[std::min(k + 1, centre.size() - 1)];
      const double tx = b.x - a.x, ty = b.y - a.y, len = std::hypot(tx, ty);
      const double nx = -ty / len, ny = tx / len;  // left of the flow (north): the west bank
      west.push_back({centre[k].x + nx * half[k], centre[k].y + ny * half[k]});
      east.push_back({centre[k].x - nx * half[k], centre[k].y - ny * half[k]});
    }
    ring = east;
    ring.insert(ring.end(), west.rbegin(), west.rend());
    ring.push_back(ring.front());
  }

  // Centreline x and half width at northing y.
  std::pair<double, double> at(double y) const {
    if (y <= centre.front().y) return {centre.front().x, half.front()};
    for (std::size_t k = 0; k + 1 < centre.size(); ++k)
      if (y <= centre[k + 1].y) {
        const double t = (y - centre[k].y) / (centre[k + 1].y - centre[k].y);
        return {centre[k].x + t * (centre[k + 1].x - centre[k].x), half[k] + t * (half[k + 1] - half[k])};
      }
    return {centre.back().x, half.back()};
  }

  // The centreline from northing ya to yb (ya < yb), ends interpolated.
  std::vector<Point> between(double ya, double yb) const {
    std::vector<Point> out{{at(ya).first, ya}};
    for (const Point& p : centre)
      if (p.y > ya && p.y < yb) out.push_back(p);
    out.push_back({at(yb).first, yb});
    return out;
  }
};

// ---------------------------------------------------------------------------------------------
// The city under construction

enum Side { kS = 0, kE = 1, kN = 2, kW = 3 };
constexpr const char* kGateName[4] = {"南门", "东门", "北门", "西门"};

struct Line {
  std::string cls, name;
  int axis = 2;  // 0: along u in its district frame, 1: along v, 2: explicit order
  std::vector<std::pair<double, std::uint32_t>> pts;  // (position, vertex)
};

struct SubBlock {
  int d = 0, cell = 0;
  int u0 = 0, u1 = 0, v0 = 0, v1 = 0;  // bounding street centrelines
  std::array<int, 4> side{};           // line per Side
  bool is_public = false;
  int compound = -1;
};

struct Cell {
  int d = 0, i = 0, j = 0;
  bool edge = false;
  double centrality = 0;  // 1 at the centre of the grid, 0 at its corners
  std::vector<int> subblocks;
};

struct Compound {
  std::string id, name;
  int d = 0, sb = 0;
  int U0 = 0, U1 = 0, V0 = 0, V1 = 0;  // walls
  bool spine_h = true;
  int spine_at = 0;  // v of a horizontal spine, u of a vertical one
  std::vector<std::pair<int, int>> ring;
  long long population = 0, households = 0;
  double elderly = 0, weight = 0;
  std::vector<int> gates;
  std::array<std::vector<std::pair<int, int>>, 4> wall_gates;  // gate points per side
};

struct Gate {
  std::string id;
  int compound = 0, side = 0;
  int pos = 0;  // where the spur meets the street: u on S/N sides, v on W/E sides
  std::uint32_t vertex = 0;
};

struct Facility {
  std::string category, name;
  int d = 0;
  LonLat at;
  long long capacity = 1;
};

struct DistrictConfig {
  int nx, ny, spacing;
  double theta_deg, service;  // grid rotation; facility provision relative to 海勃湾区
  const char* short_name;
};
constexpr std::array<DistrictConfig, 3> kConfig = {{
    {9, 12, 460, -4.0, 1.0, "海勃"},
    {6, 8, 440, 6.0, 0.7, "乌达"},
    {5, 7, 470, -12.0, 0.65, "海南"},
}};

struct District {
  const DistrictFacts* facts = nullptr;
  DistrictConfig cfg{};
  Frame frame;
  std::vector<int> X, Y, a, b;  // grid lines; row j holds cells a[j] <= i < b[j]
  std::vector<int> vline, hline;           // arterial line per grid line (-1: none)
  std::vector<int> hlo, hhi;               // extent of each horizontal arterial, in grid columns
  std::vector<int> cells, subblocks, compounds;
  long long urban = 0;
  std::vector<LonLat> outline;
};

enum class Site { gate, inside, street, arterial, public_block, corner };

struct Rule {
  std::string_view id;
  double per_person;  // facilities per urban resident in 海勃湾区, scaled by each district's service
  std::array<int, 3> fixed;  // used when per_person == 0
  Site site;
  int cap_lo, cap_hi;  // capacity range where the category has a capacity field
};

// Densities chosen as plausible for a Chinese prefecture city, thinner in 乌达区/海南区.
constexpr Rule kRules[] = {
    {"convenience_store", 1.0 / 1500, {}, Site::gate, 0, 0},
    {"supermarket", 1.0 / 10000, {}, Site::arterial, 0, 0},
    {"fresh_market", 1.0 / 15000, {}, Site::public_block, 0, 0},
    {"breakfast", 1.0 / 3500, {}, Site::gate, 0, 0},
    {"community_service", 1.0 / 3000, {}, Site::street, 0, 0},
    {"pharmacy", 1.0 / 3500, {}, Site::street, 0, 0},
    {"express_post", 1.0 / 2000, {}, Site::gate, 0, 0},
    {"recycling_point", 1.0 / 6000, {}, Site::gate, 0, 0},
    {"library", 1.0 / 25000, {}, Site::public_block, 20, 200},
    {"culture_station", 1.0 / 8000, {}, Site::street, 0, 0},
    {"fitness", 1.0 / 3000, {}, Site::inside, 0, 0},
    {"kindergarten", 1.0 / 7000, {}, Site::street, 180, 360},
    {"primary_school", 1.0 / 12000, {}, Site::public_block, 1200, 2400},
    {"middle_school", 1.0 / 25000, {}, Site::public_block, 1200, 2000},
    {"elder_dining", 0, {12, 3, 2}, Site::gate, 30, 80},
    {"elder_day_care", 1.0 / 20000, {}, Site::street, 20, 60},
    {"elder_care_complex", 0, {3, 1, 1}, Site::public_block, 100, 300},
    {"health_station", 1.0 / 9000, {}, Site::street, 0, 0},
    {"health_centre", 0, {6, 2, 2}, Site::public_block, 20, 60},
    {"hospital", 0, {3, 1, 1}, Site::public_block, 300, 800},
    {"childcare", 1.0 / 12000, {}, Site::gate, 30, 100},
    {"public_toilet", 1.0 / 4000, {}, Site::corner, 0, 0},
    {"parking", 1.0 / 5000, {}, Site::corner, 50, 400},
    {"water_bill_point", 0, {5, 2, 1}, Site::street, 0, 0},
};
constexpr Rule kDefaultRule = {"", 1.0 / 20000, {}, Site::street, 20, 100};

constexpr const char* kCompoundPrefix[] = {
    "阳光", "幸福", "和谐", "滨河", "金泰", "康乐", "团结", "新华", "锦绣", "御景", "泰和", "明珠", "丽景", "兴盛",
    "长青", "安居", "翠苑", "桃源", "紫薇", "欣荣", "祥和", "瑞丰", "怡景", "温馨", "春晖", "朝阳", "东方", "北辰",
    "南苑", "西城", "静园", "绿洲", "沙湖", "馨园", "富民", "永安", "嘉禾", "书香", "银河", "星光"};
constexpr const char* kCompoundSuffix[] = {"小区", "花园", "家园", "新村", "嘉园", "名居", "雅苑", "公寓"};
constexpr const char* kPhase[] = {"二期", "三期", "四期", "五期", "六期", "七期", "八期", "九期"};
constexpr const char* kStreetWord[] = {"和平", "团结", "友谊", "光明", "幸福", "建设", "育才", "振兴",
                                       "园林", "安康", "丰收", "青年", "文化", "健康", "长青", "永乐"};

class City {
 public:
  City(const access::Catalog& catalog, std::uint64_t seed)
      : catalog_(catalog), seed_(seed), proj_(32648), river_(proj_), layout_(seed, kLayout),
        crng_(seed, kCompounds), people_(seed, kPeople), frng_(seed, kFacilities) {
    districts_.resize(kWuhaiDistricts.size());
    for (std::size_t d = 0; d < districts_.size(); ++d) layout(static_cast<int>(d));
    for (std::size_t d = 0; d < districts_.size(); ++d) populate(static_cast<int>(d));
    roads_and_bridges();
    outlines();
    for (const auto& c : catalog_.categories) place(c);
  }

  std::vector<io::Table> tables() const;

 private:
  // -- vertices and lines
  std::uint32_t local(int d, int u, int v) {
    const auto key = std::make_tuple(d, u, v);
    const auto it = keys_.find(key);
    if (it != keys_.end()) return it->second;
    const std::uint32_t id = add_vertex(districts_[d].frame.metric(u, v));
    keys_.emplace(key, id);
    return id;
  }
  std::uint32_t add_vertex(Point p) {
    lonlat_.push_back(proj_.inverse(p));
    metric_.push_back(p);
    return static_cast<std::uint32_t>(lonlat_.size() - 1);
  }
  int new_line(std::string cls, std::string name, int axis) {
    lines_.push_back({std::move(cls), std::move(name), axis, {}});
    return static_cast<int>(lines_.size() - 1);
  }
  // Adds the district-local point (u, v) to a straight grid line.
  void on(int line, int d, int u, int v) {
    Line& l = lines_[line];
    l.pts.emplace_back(l.axis == 0 ? u : v, local(d, u, v));
  }
  void push(int line, std::uint32_t vertex) {
    Line& l = lines_[line];
    l.pts.emplace_back(static_cast<double>(l.pts.size()), vertex);
  }
  LonLat at(int d, double u, double v) const { return proj_.inverse(districts_[d].frame.metric(u, v)); }

  void layout(int d);
  void cell(int d, int i, int j, const std::vector<int>& row_line, const std::vector<int>& row_v,
            const std::vector<int>& col_line, const std::vector<int>& col_u);
  void add_subblock(int d, int cell, SubBlock sb);
  void compound(int d, int sb);
  void populate(int d);
  void roads_and_bridges();
  void outlines();
  void place(const access::Category& c);
  double spatial(int cell) const {
    const Cell& c = cells_[cell];
    return (c.edge ? 0.45 : 1.0) * (0.6 + 0.8 * c.centrality);
  }
  std::pair<int, int> side_range(const SubBlock& sb, int side) const {
    return side == kS || side == kN ? std::pair{sb.u0, sb.u1} : std::pair{sb.v0, sb.v1};
  }
  // A point `inset` metres inside the sub-block from the street on `side`, at `along`.
  static std::pair<double, double> frontage(const SubBlock& sb, int side, double along, double inset) {
    switch (side) {
      case kS: return {along, sb.v0 + inset};
      case kN: return {along, sb.v1 - inset};
      case kW: return {sb.u0 + inset, along};
      default: return {sb.u1 - inset, along};
    }
  }

  const access::Catalog& catalog_;
  std::uint64_t seed_;
  io::Projector proj_;
  River river_;
  Rng layout_, crng_, people_, frng_;

  std::vector<District> districts_;
  std::map<std::tuple<int, int, int>, std::uint32_t> keys_;
  std::vector<LonLat> lonlat_;
  std::vector<Point> metric_;
  std::vector<Line> lines_;
  std::vector<Cell> cells_;
  std::vector<SubBlock> subblocks_;
  std::vector<Compound> compounds_;
  std::vector<Gate> gates_;
  std::vector<Facility> facilities_;
  std::set<std::string> names_;
  int street_names_ = 0, footpaths_ = 0;
};

void City::layout(int d) {
  District& D = districts_[d];
  D.facts = &kWuhaiDistricts[d];
  D.cfg = kConfig[d];
  D.urban = urban_population(*D.facts);
  const double th = D.cfg.theta_deg * std::numbers::pi / 180.0;
  D.frame = {proj_.forward({D.facts->seat_lon, D.facts->seat_lat}), std::cos(th), std::sin(th)};
  Rng& r = layout_;
  const int nx = D.cfg.nx, ny = D.cfg.ny;
  const auto lines = [&](int n, std::vector<int>& grid) {
    std::vector<int> w(n);
    int total = 0;
    for (int& x : w) total += x = D.cfg.spacing + r.range(-40, 40);
    grid.assign(1, -total / 2);
    for (int x : w) grid.push_back(grid.back() + x);
  };
  lines(nx, D.X);
  lines(ny, D.Y);
  // Corners cut in steps, so every grid line's arterial stays one piece.
  const int maxcut = nx >= 8 ? 2 : 1;
  const auto cut = [&] {
    const double u = r.uniform();
    return u < 0.3 ? 0 : (u < 0.75 || maxcut == 1) ? 1 : 2;
  };
  const int sw = cut(), se = cut(), nw = cut(), ne = cut();
  D.a.resize(ny);
  D.b.resize(ny);
  for (int j = 0; j < ny; ++j) {
    const int top = ny - 1 - j;
    D.a[j] = std::max({0, sw - j, nw - top});
    D.b[j] = nx - std::max({0, se - j, ne - top});
  }
  const auto present = [&](int i, int j) { return i >= 0 && j >= 0 && i < nx && j < ny && D.a[j] <= i && i < D.b[j]; };
  const std::string sn = D.cfg.short_name;

  // Arterials: one line per grid line, with a vertex at every grid crossing.
  D.vline.assign(nx + 1, -1);
  for (int i = 0; i <= nx; ++i) {
    int lo = -1, hi = -1;
    for (int j = 0; j < ny; ++j)
      if (D.a[j] <= i && i <= D.b[j]) (lo < 0 ? lo : hi) = j, hi = j;
    if (lo < 0) continue;
    D.vline[i] = new_line("arterial", sn + "经" + cn_number(i + 1) + "路", 1);
    for (int j = lo; j <= hi + 1; ++j) on(D.vline[i], d, D.X[i], D.Y[j]);
  }
  D.hline.assign(ny + 1, -1);
  D.hlo.assign(ny + 1, 0);
  D.hhi.assign(ny + 1, 0);
  for (int j = 0; j <= ny; ++j) {
    int lo = nx, hi = 0;
    for (int row : {j - 1, j})
      if (row >= 0 && row < ny) lo = std::min(lo, D.a[row]), hi = std::max(hi, D.b[row]);
    D.hline[j] = new_line("arterial", sn + "纬" + cn_number(j + 1) + "路", 0);
    D.hlo[j] = lo;
    D.hhi[j] = hi;
    for (int i = lo; i <= hi; ++i) on(D.hline[j], d, D.X[i], D.Y[j]);
  }
  // Through-streets: local streets that run on across the arterials.
  const auto street_name = [&] {
    const int k = street_names_++;
    const int n = static_cast<int>(std::size(kStreetWord));
    return sn + kStreetWord[k % n] + (k / n ? cn_number(k / n + 1) : "") + "街";
  };
  std::vector<int> row_line(ny, -1), row_v(ny, 0), col_line(nx, -1), col_u(nx, 0);
  for (int j = 0; j < ny; ++j) {
    if (D.b[j] - D.a[j] < 2 || !r.chance(0.35)) continue;
    row_v[j] = (D.Y[j] + D.Y[j + 1]) / 2 + r.range(-30, 30);
    row_line[j] = new_line("local", street_name(), 0);
    for (int i = D.a[j]; i <= D.b[j]; ++i) {
      on(row_line[j], d, D.X[i], row_v[j]);
      on(D.vline[i], d, D.X[i], row_v[j]);
    }
  }
  for (int i = 0; i < nx; ++i) {
    int lo = -1, hi = -1;
    for (int j = 0; j < ny; ++j)
      if (present(i, j)) (lo < 0 ? lo : hi) = j, hi = j;
    if (lo < 0 || hi - lo < 1 || !r.chance(0.3)) continue;
    col_u[i] = (D.X[i] + D.X[i + 1]) / 2 + r.range(-30, 30);
    col_line[i] = new_line("local", street_name(), 1);
    for (int j = lo; j <= hi + 1; ++j) {
      on(col_line[i], d, col_u[i], D.Y[j]);
      on(D.hline[j], d, col_u[i], D.Y[j]);
    }
  }
  // Cells in serpentine order (facility sampling walks them in this order, which spreads picks).
  const double half_w = (D.X.back() - D.X.front()) / 2.0, half_h = (D.Y.back() - D.Y.front()) / 2.0;
  for (int j = 0; j < ny; ++j)
    for (int k = 0; k < nx; ++k) {
      const int i = j % 2 == 0 ? k : nx - 1 - k;
      if (!present(i, j)) continue;
      Cell c;
      c.d = d, c.i = i, c.j = j;
      c.edge = !present(i - 1, j) || !present(i + 1, j) || !present(i, j - 1) || !present(i, j + 1);
      const double cu = (D.X[i] + D.X[i + 1]) / 2.0 / half_w, cv = (D.Y[j] + D.Y[j + 1]) / 2.0 / half_h;
      c.centrality = std::clamp(1.0 - std::hypot(cu, cv) / 1.2, 0.0, 1.0);
      cells_.push_back(c);
      D.cells.push_back(static_cast<int>(cells_.size() - 1));
      cell(d, i, j, row_line, row_v, col_line, col_u);
    }
  // Public land: schools, hospitals, markets, parks (a diagonal footpath through every third).
  const int n = static_cast<int>(D.subblocks.size());
  const int n_pub = static_cast<int>(std::lround(0.16 * n));
  const double step = static_cast<double>(n) / n_pub, start = r.uniform() * step;
  for (int k = 0; k < n_pub; ++k) {
    SubBlock& sb = subblocks_[D.subblocks[static_cast<int>(start + k * step)]];
    sb.is_public = true;
    if (k % 3 == 2) {
      const int f = new_line("footpath", sn + "公园步道", 2);
      push(f, local(d, sb.u0, sb.v0));
      push(f, local(d, sb.u1, sb.v1));
    }
  }
  for (int s : D.subblocks)
    if (!subblocks_[s].is_public) compound(d, s);
}

void City::cell(int d, int i, int j, const std::vector<int>& row_line, const std::vector<int>& row_v,
                const std::vector<int>& col_line, const std::vector<int>& col_u) {
  District& D = districts_[d];
  Rng& r = layout_;
  const int x0 = D.X[i], x1 = D.X[i + 1], y0 = D.Y[j], y1 = D.Y[j + 1];
  bool has_h = row_line[j] >= 0, has_v = col_line[i] >= 0;
  if (!has_h) has_h = r.chance(0.35);
  if (!has_v) has_v = r.chance(0.35);
  if (!has_h && !has_v) (r.chance(0.5) ? has_h : has_v) = true;
  int lh = -1, lv = -1, vh = 0, uv = 0;
  const std::string sn = D.cfg.short_name;
  if (has_h) {
    if (row_line[j] >= 0) {
      lh = row_line[j], vh = row_v[j];
    } else {
      vh = (y0 + y1) / 2 + r.range(-40, 40);
      lh = new_line("local", sn + std::to_string(++street_names_) + "号巷", 0);
      on(lh, d, x0, vh);
      on(lh, d, x1, vh);
      on(D.vline[i], d, x0, vh);
      on(D.vline[i + 1], d, x1, vh);
    }
  }
  if (has_v) {
    if (col_line[i] >= 0) {
      lv = col_line[i], uv = col_u[i];
    } else {
      uv = (x0 + x1) / 2 + r.range(-40, 40);
      lv = new_line("local", sn + std::to_string(++street_names_) + "号巷", 1);
      on(lv, d, uv, y0);
      on(lv, d, uv, y1);
      on(D.hline[j], d, uv, y0);
      on(D.hline[j + 1], d, uv, y1);
    }
  }
  if (has_h && has_v) {
    on(lh, d, uv, vh);
    on(lv, d, uv, vh);
  }
  std::vector<int> us{x0}, vs{y0};
  if (has_v) us.push_back(uv);
  if (has_h) vs.push_back(vh);
  us.push_back(x1);
  vs.push_back(y1);
  const int cell_index = D.cells.back();
  for (std::size_t rv = 0; rv + 1 < vs.size(); ++rv)
    for (std::size_t cu = 0; cu + 1 < us.size(); ++cu) {
      SubBlock sb;
      sb.d = d;
      sb.cell = cell_index;
      sb.u0 = us[cu], sb.u1 = us[cu + 1], sb.v0 = vs[rv], sb.v1 = vs[rv + 1];
      sb.side[kS] = rv == 0 ? D.hline[j] : lh;
      sb.side[kN] = rv + 2 == vs.size() ? D.hline[j + 1] : lh;
      sb.side[kW] = cu == 0 ? D.vline[i] : lv;
      sb.side[kE] = cu + 2 == us.size() ? D.vline[i + 1] : lv;
      add_subblock(d, cell_index, sb);
    }
}

// Long sub-blocks are often cut in two by a footpath between two compounds.
void City::add_subblock(int d, int cell_index, SubBlock sb) {
  Rng& r = layout_;
  const int w = sb.u1 - sb.u0, h = sb.v1 - sb.v0;
  std::vector<SubBlock> parts{sb};
  if (std::max(w, h) > 360 && r.chance(0.6)) {
    const int f = new_line("footpath", districts_[d].cfg.short_name + std::string("步行道") + std::to_string(++footpaths_),
                           h >= w ? 0 : 1);
    SubBlock lo = sb, hi = sb;
    if (h >= w) {
      const int vm = (sb.v0 + sb.v1) / 2 + r.range(-20, 20);
      on(f, d, sb.u0, vm);
      on(f, d, sb.u1, vm);
      on(sb.side[kW], d, sb.u0, vm);
      on(sb.side[kE], d, sb.u1, vm);
      lo.v1 = hi.v0 = vm;
      lo.side[kN] = hi.side[kS] = f;
    } else {
      const int um = (sb.u0 + sb.u1) / 2 + r.range(-20, 20);
      on(f, d, um, sb.v0);
      on(f, d, um, sb.v1);
      on(sb.side[kS], d, um, sb.v0);
      on(sb.side[kN], d, um, sb.v1);
      lo.u1 = hi.u0 = um;
      lo.side[kE] = hi.side[kW] = f;
    }
    parts = {lo, hi};
  }
  for (const SubBlock& p : parts) {
    // Every corner is a vertex of both streets that meet there.
    on(p.side[kS], d, p.u0, p.v0), on(p.side[kS], d, p.u1, p.v0);
    on(p.side[kN], d, p.u0, p.v1), on(p.side[kN], d, p.u1, p.v1);
    on(p.side[kW], d, p.u0, p.v0), on(p.side[kW], d, p.u0, p.v1);
    on(p.side[kE], d, p.u1, p.v0), on(p.side[kE], d, p.u1, p.v1);
    subblocks_.push_back(p);
    const int index = static_cast<int>(subblocks_.size() - 1);
    districts_[d].subblocks.push_back(index);
    cells_[cell_index].subblocks.push_back(index);
  }
}

// A gated compound inside a sub-block: walls set back from the streets, a spine path along its
// long axis, 1-4 gates whose paths meet a short entrance lane from the street at the gate.
void City::compound(int d, int sbi) {
  SubBlock& sb = subblocks_[sbi];
  Rng& r = crng_;
  District& D = districts_[d];
  const auto setback = [&](int side) {
    const std::string& c = lines_[sb.side[side]].cls;
    return c == "arterial" ? 30 : c == "local" ? 18 : 16;
  };
  Compound c;
  c.d = d, c.sb = sbi;
  c.U0 = sb.u0 + setback(kW), c.U1 = sb.u1 - setback(kE), c.V0 = sb.v0 + setback(kS), c.V1 = sb.v1 - setback(kN);
  c.spine_h = c.U1 - c.U0 >= c.V1 - c.V0;
  c.spine_at = c.spine_h ? (c.V0 + c.V1) / 2 : (c.U0 + c.U1) / 2;
  c.id = std::string(D.facts->code) + "-" + [&] {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%03d", static_cast<int>(D.compounds.size() + 1));
    return std::string(buf);
  }();
  {
    const std::string base = std::string(kCompoundPrefix[r.range(0, static_cast<int>(std::size(kCompoundPrefix)) - 1)]) +
                             kCompoundSuffix[r.range(0, static_cast<int>(std::size(kCompoundSuffix)) - 1)];
    c.name = base;
    for (std::size_t k = 0; names_.count(c.name); ++k)
      c.name = k < std::size(kPhase) ? base + kPhase[k] : base + std::to_string(k + 2) + "期";
    names_.insert(c.name);
  }
  // Gate sides, weighted: local streets first, then arterials, then footpaths.
  std::array<double, 4> w{};
  for (int s = 0; s < 4; ++s) {
    const std::string& cls = lines_[sb.side[s]].cls;
    w[s] = cls == "local" ? 3 : cls == "arterial" ? 2 : 1;
  }
  const int n_gates = 1 + r.chance(0.65) + r.chance(0.35) + r.chance(0.12);
  std::array<bool, 4> chosen{};
  for (int g = 0; g < n_gates; ++g) {
    double total = 0;
    for (int s = 0; s < 4; ++s) total += chosen[s] ? 0 : w[s];
    double x = r.uniform() * total;
    int pick = 3;
    for (int s = 0; s < 4; ++s) {
      if (chosen[s]) continue;
      if (x < w[s]) {
        pick = s;
        break;
      }
      x -= w[s];
    }
    while (chosen[pick]) pick = (pick + 1) % 4;
    chosen[pick] = true;
  }
  const int ci = static_cast<int>(compounds_.size());
  const int spine = new_line("compound_path", c.name + "内部道路", c.spine_h ? 0 : 1);
  const auto sp = [&](int along) { return c.spine_h ? std::pair{along, c.spine_at} : std::pair{c.spine_at, along}; };
  const int s_lo = (c.spine_h ? c.U0 : c.V0) + 15, s_hi = (c.spine_h ? c.U1 : c.V1) - 15;
  on(spine, d, sp(s_lo).first, sp(s_lo).second);
  on(spine, d, sp(s_hi).first, sp(s_hi).second);
  std::vector<int> junctions;
  for (int s = 0; s < 4; ++s) {
    if (!chosen[s]) continue;
    const bool long_side = c.spine_h == (s == kS || s == kN);
    int pos = c.spine_at;
    if (long_side) {
      const int lo = (c.spine_h ? c.U0 : c.V0), hi = (c.spine_h ? c.U1 : c.V1);
      const int j = std::max(0, static_cast<int>(((hi - lo) / 2 - 40) * 0.6));
      pos = (lo + hi) / 2 + r.range(-j, j);
    }
    std::pair<int, int> gate, street, inner;
    switch (s) {
      case kS: gate = {pos, c.V0}, street = {pos, sb.v0}; break;
      case kN: gate = {pos, c.V1}, street = {pos, sb.v1}; break;
      case kW: gate = {c.U0, pos}, street = {sb.u0, pos}; break;
      default: gate = {c.U1, pos}, street = {sb.u1, pos}; break;
    }
    if (long_side) inner = sp(pos), junctions.push_back(pos);
    else inner = sp(s == kW || s == kS ? s_lo : s_hi);
    on(spine, d, inner.first, inner.second);
    on(sb.side[s], d, street.first, street.second);
    const std::uint32_t gv = local(d, gate.first, gate.second);
    c.wall_gates[s].push_back(gate);
    const int spur = new_line("local", c.name + kGateName[s] + "入口", 2);
    push(spur, local(d, street.first, street.second));
    push(spur, gv);
    const int path = new_line("compound_path", c.name + "内部道路", 2);
    push(path, gv);
    push(path, local(d, inner.first, inner.second));
    Gate g;
    g.compound = ci, g.side = s, g.pos = pos, g.vertex = gv;
    gates_.push_back(g);
    c.gates.push_back(static_cast<int>(gates_.size() - 1));
  }
  // Dead-end branches to the buildings.
  for (int q : {1, 3}) {
    const int along = s_lo + (s_hi - s_lo) * q / 4;
    bool clear = true;
    for (int jn : junctions) clear = clear && std::abs(jn - along) > 12;
    if (!clear) continue;
    const int to = q == 1 ? (c.spine_h ? c.V1 : c.U1) - 12 : (c.spine_h ? c.V0 : c.U0) + 12;
    const int branch = new_line("compound_path", c.name + "内部道路", 2);
    const auto from = sp(along);
    on(spine, d, from.first, from.second);
    push(branch, local(d, from.first, from.second));
    push(branch, c.spine_h ? local(d, along, to) : local(d, to, along));
  }
  // Walls, sometimes with a corner cut off.
  const std::array<std::pair<int, int>, 4> corner = {{{c.U0, c.V0}, {c.U1, c.V0}, {c.U1, c.V1}, {c.U0, c.V1}}};
  const int cut = r.chance(0.3) ? r.range(0, 3) : -1;
  const int cut_by = r.range(15, 30);
  const auto toward = [&](std::pair<int, int> p, std::pair<int, int> q) {
    const auto sgn = [](int x) { return (x > 0) - (x < 0); };
    return std::pair{p.first + cut_by * sgn(q.first - p.first), p.second + cut_by * sgn(q.second - p.second)};
  };
  // Corner k starts side k (S, E, N, W counter-clockwise); the gates are vertices of the wall.
  for (int k = 0; k < 4; ++k) {
    if (k == cut) {
      c.ring.push_back(toward(corner[k], corner[(k + 3) % 4]));
      c.ring.push_back(toward(corner[k], corner[(k + 1) % 4]));
    } else {
      c.ring.push_back(corner[k]);
    }
    for (const auto& g : c.wall_gates[k]) c.ring.push_back(g);  // at most one gate per side
  }
  c.ring.push_back(c.ring.front());
  sb.compound = ci;
  compounds_.push_back(std::move(c));
  D.compounds.push_back(ci);
}

// People: denser towards the centre, summed exactly to the district's urban population.
void City::populate(int d) {
  District& D = districts_[d];
  Rng& r = people_;
  double total = 0;
  for (int ci : D.compounds) {
    Compound& c = compounds_[ci];
    const Cell& cell = cells_[subblocks_[c.sb].cell];
    const double area = static_cast<double>(c.U1 - c.U0) * (c.V1 - c.V0);
    c.weight = area * (0.8 + 0.5 * cell.centrality) * (0.75 + 0.5 * r.uniform());
    total += c.weight;
  }
  long long assigned = 0;
  std::vector<std::pair<double, int>> rest;
  for (int ci : D.compounds) {
    Compound& c = compounds_[ci];
    const double exact = static_cast<double>(D.urban) * c.weight / total;
    c.population = static_cast<long long>(std::floor(exact));
    assigned += c.population;
    rest.emplace_back(-(exact - std::floor(exact)), ci);
  }
  std::sort(rest.begin(), rest.end());
  for (long long k = 0; k < D.urban - assigned; ++k) ++compounds_[rest[k % rest.size()].second].population;
  for (int ci : D.compounds) {
    Compound& c = compounds_[ci];
    const Cell& cell = cells_[subblocks_[c.sb].cell];
    c.households = std::llround(static_cast<double>(c.population) / (2.45 + 0.3 * r.uniform()));
    const double e = kElderly60Share + 0.08 * (cell.centrality - 0.4) + 0.03 * r.gauss();  // older centre
    c.elderly = std::round(std::clamp(e, 0.10, 0.30) * 1000.0) / 1000.0;
  }
}

// Roads between the districts and the three bridges, all outside the urban grids. No other
// street comes near the river.
void City::roads_and_bridges() {
  District& hb = districts_[0];
  District& wd = districts_[1];
  District& hn = districts_[2];
  const auto gv = [&](int d, int u, int v) { return local(d, u, v); };
  const auto bridge_ends = [&](double y) {
    const auto [x, h] = river_.at(y);
    return std::pair{add_vertex({x - h - 150, y}), add_vertex({x + h + 150, y})};
  };
  const auto line = [&](const char* cls, std::string name, std::initializer_list<std::uint32_t> vs) {
    const int l = new_line(cls, std::move(name), 2);
    for (std::uint32_t v : vs) push(l, v);
  };
  // North bridge: 海勃湾区's fourth parallel arterial, carried west over the river.
  const int jb = hb.cfg.ny / 3;
  const int hb_u = hb.X[hb.hlo[jb]], hb_v = hb.Y[jb];
  const std::uint32_t p1 = gv(0, hb_u - 200, hb_v);
  const auto [w1, e1] = bridge_ends(metric_[p1].y);
  line("arterial", "黄河北桥东路", {gv(0, hb_u, hb_v), p1, e1});
  line("bridge", "黄河北桥", {w1, e1});
  // West bank road from 乌达区's north-east corner up to the north bridge.
  const int wd_top = wd.cfg.ny;
  const int wd_ne_u = wd.X[wd.hhi[wd_top]], wd_ne_v = wd.Y[wd_top];
  {
    const int l = new_line("arterial", "西岸公路", 2);
    push(l, gv(1, wd_ne_u, wd_ne_v));
    const std::uint32_t p = gv(1, wd_ne_u, wd_ne_v + 250);
    push(l, p);
    for (const LonLat& c : kRiverControl) {
      const double y = proj_.forward(c).y;
      if (y > metric_[p].y + 500 && y < metric_[w1].y - 500) push(l, add_vertex({river_.at(y).first - 1300, y}));
    }
    push(l, w1);
  }
  // Middle bridge: 乌达区's middle parallel arterial, carried east to the east bank road.
  const int jm = wd.cfg.ny / 2;
  const int wd_u = wd.X[wd.hhi[jm]], wd_v = wd.Y[jm];
  const std::uint32_t p2 = gv(1, wd_u + 200, wd_v);
  const auto [w2, e2] = bridge_ends(metric_[p2].y);
  const std::uint32_t h2 = add_vertex({river_.at(metric_[p2].y).first + 2500, metric_[p2].y});
  line("arterial", "黄河中桥西路", {gv(1, wd_u, wd_v), p2, w2});
  line("bridge", "黄河中桥", {w2, e2});
  line("arterial", "黄河中桥东路", {e2, h2});
  // East bank road from 海勃湾区's south-west corner to 海南区's north-west corner.
  {
    const int hb_su = hb.X[hb.hlo[0]], hb_sv = hb.Y[0];
    const int hn_top = hn.cfg.ny;
    const int hn_nu = hn.X[hn.hlo[hn_top]], hn_nv = hn.Y[hn_top];
    const std::uint32_t ps = gv(0, hb_su, hb_sv - 300), pn = gv(2, hn_nu, hn_nv + 300);
    const double ya = (metric_[ps].y + metric_[h2].y) / 2, yb = (metric_[h2].y + metric_[pn].y) / 2;
    const std::uint32_t a1 = add_vertex({river_.at(ya).first + 2500, ya});
    const std::uint32_t a2 = add_vertex({river_.at(yb).first + 2500, yb});
    line("arterial", "东岸公路", {gv(0, hb_su, hb_sv), ps, a1, h2, a2, pn, gv(2, hn_nu, hn_nv)});
  }
  // South bridge: 海南区's middle parallel arterial carried west; on the west bank a road up to
  // 乌达区's south-east corner.
  const int js = hn.cfg.ny / 2;
  const int hn_u = hn.X[hn.hlo[js]], hn_v = hn.Y[js];
  const std::uint32_t p3 = gv(2, hn_u - 200, hn_v);
  const auto [w3, e3] = bridge_ends(metric_[p3].y);
  line("arterial", "黄河南桥东路", {gv(2, hn_u, hn_v), p3, e3});
  line("bridge", "黄河南桥", {e3, w3});
  const int wd_se_u = wd.X[wd.hhi[0]], wd_se_v = wd.Y[0];
  line("arterial", "黄河南桥西路", {gv(1, wd_se_u, wd_se_v), gv(1, wd_se_u + 200, wd_se_v), w3});
}

// District outlines: drawn by this generator around the grids, the river's centreline between
// the banks; 海勃湾区 and 海南区 meet on an east-west line.
void City::outlines() {
  const auto m = [&](double lon, double lat) { return proj_.forward({lon, lat}); };
  const double y_split = m(106.80, 39.585).y;
  const Point split_east = m(106.93, 39.585);
  std::vector<Point> hb = river_.between(y_split, m(106.78, 39.78).y);
  std::vector<Point> ring{hb.front(), split_east, m(106.95, 39.70), m(106.935, 39.78)};
  ring.insert(ring.end(), hb.rbegin(), hb.rend());
  std::array<std::vector<Point>, 3> rings;
  rings[0] = ring;
  const std::vector<Point> hn = river_.between(m(106.80, 39.35).y, y_split);
  ring.assign(hn.rbegin(), hn.rend());
  for (const Point& p : {m(106.88, 39.34), m(106.975, 39.37), m(106.985, 39.48), split_east}) ring.push_back(p);
  ring.push_back(hn.back());
  rings[2] = ring;
  ring = river_.between(m(106.77, 39.40).y, m(106.77, 39.63).y);
  const Point first = ring.front();
  for (const Point& p : {m(106.69, 39.63), m(106.64, 39.56), m(106.65, 39.45), m(106.70, 39.40), first}) ring.push_back(p);
  rings[1] = ring;
  for (std::size_t d = 0; d < 3; ++d)
    for (const Point& p : rings[d]) districts_[d].outline.push_back(proj_.inverse(p));
}

// Systematic sampling proportional to weight, walking the candidates in their (spatial) order.
std::vector<int> systematic(const std::vector<double>& w, int n, Rng& r) {
  double total = 0;
  for (double x : w) total += x;
  std::vector<int> out;
  if (n <= 0 || !(total > 0)) return out;
  const double step = total / n, start = r.uniform() * step;
  double cum = 0;
  std::size_t k = 0;
  for (int m = 0; m < n; ++m) {
    const double target = start + m * step;
    while (k + 1 < w.size() && (cum + w[k] <= target || w[k] <= 0)) cum += w[k++];
    out.push_back(static_cast<int>(k));
  }
  return out;
}

void City::place(const access::Category& cat) {
  const Rule* rule = &kDefaultRule;
  for (const Rule& r : kRules)
    if (r.id == cat.id) rule = &r;
  Rng& r = frng_;
  std::string short_name = cat.name_zh.substr(0, cat.name_zh.find('/'));
  int serial = 0;
  const auto capacity = [&]() -> long long {
    if (cat.capacity_field.empty()) return 1;
    const int lo = rule->cap_lo > 0 ? rule->cap_lo : 20, hi = rule->cap_hi > 0 ? rule->cap_hi : 100;
    return r.range(lo, hi) / 5 * 5;
  };
  for (std::size_t d = 0; d < districts_.size(); ++d) {
    const District& D = districts_[d];
    const int di = static_cast<int>(d);
    int n = rule->per_person > 0
                ? static_cast<int>(std::lround(static_cast<double>(D.urban) * rule->per_person * D.cfg.service))
                : rule->fixed[d];
    n = std::max(n, 1);
    const auto emit = [&](double u, double v) {
      Facility f;
      f.category = cat.id;
      f.name = short_name + " " + std::to_string(++serial);
      f.d = di;
      f.at = at(di, u, v);
      f.capacity = capacity();
      facilities_.push_back(std::move(f));
    };
    std::vector<double> w;
    switch (rule->site) {
      case Site::gate:
      case Site::inside: {
        for (int ci : D.compounds)
          w.push_back(static_cast<double>(compounds_[ci].population) * spatial(subblocks_[compounds_[ci].sb].cell));
        std::map<int, int> times;
        for (int k : systematic(w, n, r)) {
          const Compound& c = compounds_[D.compounds[k]];
          const int t = times[k]++;
          if (rule->site == Site::inside) {
            const int lo = (c.spine_h ? c.U0 : c.V0) + 15, hi = (c.spine_h ? c.U1 : c.V1) - 15;
            const double along = r.range(lo, hi), off = r.chance(0.5) ? 6.0 : -6.0;
            c.spine_h ? emit(along, c.spine_at + off) : emit(c.spine_at + off, along);
            continue;
          }
          const Gate& g = gates_[c.gates[t % c.gates.size()]];
          const SubBlock& sb = subblocks_[c.sb];
          const auto [lo, hi] = side_range(sb, g.side);
          const int sign = (t / static_cast<int>(c.gates.size())) % 2 == 0 ? 1 : -1;
          const int along = std::clamp(g.pos + sign * r.range(15, 60), lo + 25, hi - 25);
          const auto [u, v] = frontage(sb, g.side, along, 9);
          emit(u, v);
        }
        break;
      }
      case Site::street:
      case Site::arterial:
      case Site::public_block: {
        const bool pub = rule->site == Site::public_block;
        double mean = 0;
        for (int ci : D.compounds) mean += static_cast<double>(compounds_[ci].population);
        mean /= static_cast<double>(D.compounds.size());
        std::vector<int> cand;
        for (int s : D.subblocks) {
          const SubBlock& sb = subblocks_[s];
          if (pub && !sb.is_public) continue;
          cand.push_back(s);
          const double people = sb.compound >= 0 ? static_cast<double>(compounds_[sb.compound].population) : 0.5 * mean;
          w.push_back((pub ? 1.0 : people) * spatial(sb.cell));
        }
        for (int k : systematic(w, n, r)) {
          const SubBlock& sb = subblocks_[cand[k]];
          std::vector<int> sides;
          for (int s = 0; s < 4; ++s) {
            const std::string& cls = lines_[sb.side[s]].cls;
            if (rule->site == Site::arterial ? cls == "arterial" : cls != "footpath") sides.push_back(s);
          }
          if (sides.empty())
            for (int s = 0; s < 4; ++s)
              if (lines_[sb.side[s]].cls != "footpath") sides.push_back(s);
          const int s = sides[r.range(0, static_cast<int>(sides.size()) - 1)];
          const auto [lo, hi] = side_range(sb, s);
          const int margin = pub ? 40 : 25;
          const auto [u, v] = frontage(sb, s, r.range(lo + margin, hi - margin), pub ? 18 : 10);
          emit(u, v);
        }
        break;
      }
      case Site::corner: {
        for (int ci : D.cells) {
          double people = 1;
          for (int s : cells_[ci].subblocks)
            if (subblocks_[s].compound >= 0) people += static_cast<double>(compounds_[subblocks_[s].compound].population);
          w.push_back(people * spatial(ci));
        }
        for (int k : systematic(w, n, r)) {
          const Cell& c = cells_[D.cells[k]];
          const int corner = r.range(0, 3);
          const bool east = corner == 1 || corner == 2, north = corner >= 2;
          emit(east ? D.X[c.i + 1] - 14.0 : D.X[c.i] + 14.0, north ? D.Y[c.j + 1] - 14.0 : D.Y[c.j] + 14.0);
        }
        break;
      }
    }
  }
}

std::vector<io::Table> City::tables() const {
  const std::string note(kSyntheticNote);
  const std::string seed = " Seed " + std::to_string(seed_) + ".";
  std::vector<io::Table> out(6);

  io::Table& districts = out[0];
  districts.name = "districts";
  districts.description = note +
                          "district outlines drawn by the generator around the real district seats (not the real "
                          "boundaries); population = 2021 resident population." + seed;
  districts.fields = {{"name", io::FieldType::text}, {"adcode", io::FieldType::integer}, {"population", io::FieldType::integer}};
  districts.has_geometry = true;
  for (const District& D : districts_)
    districts.add({std::string(D.facts->name), D.facts->adcode, D.facts->population}, polygon_wkt(D.outline));

  io::Table& river = out[1];
  river.name = "river";
  river.description = note + "the Yellow River as a 310-390 m band around a hand-drawn centreline between 乌达区 (west bank) "
                             "and 海勃湾区/海南区 (east bank); crossed only by the three bridge streets." + seed;
  river.fields = {{"name", io::FieldType::text}, {"width_m", io::FieldType::real}};
  river.has_geometry = true;
  {
    std::vector<LonLat> ring;
    for (const Point& p : river_.ring) ring.push_back(proj_.inverse(p));
    river.add({std::string("黄河"), 350.0}, polygon_wkt(ring));
  }

  io::Table& streets = out[2];
  streets.name = "streets";
  streets.description = note +
                        "walkable street centrelines: arterial superblocks of about 440-500 m, local streets, gated "
                        "compounds (compound_path) reached only through their gates, footpaths, 3 bridges; lines that "
                        "connect share exact vertices (no noding needed)." + seed;
  streets.fields = {{"id", io::FieldType::integer}, {"class", io::FieldType::text}, {"name", io::FieldType::text}};
  streets.has_geometry = true;
  long long id = 0;
  for (const Line& l : lines_) {
    std::vector<std::pair<double, std::uint32_t>> pts = l.pts;
    std::stable_sort(pts.begin(), pts.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<LonLat> ll;
    std::uint32_t last = UINT32_MAX;
    for (const auto& [pos, v] : pts)
      if (v != last) ll.push_back(lonlat_[v]), last = v;
    if (ll.size() < 2) continue;
    streets.add({++id, l.cls, l.name}, line_wkt(ll));
  }

  io::Table& compounds = out[3];
  compounds.name = "compounds";
  compounds.description = note +
                          "gated residential compounds; population sums to 95.9% (2021 urban share) of each district's "
                          "2021 resident population, households = population / 2.45-2.75, elderly_share = share aged "
                          "60+ around 0.18 (Wuhai 2021: 12.1% aged 65+)." + seed;
  compounds.fields = {{"id", io::FieldType::text},          {"name", io::FieldType::text},
                      {"district", io::FieldType::text},    {"households", io::FieldType::integer},
                      {"population", io::FieldType::integer}, {"elderly_share", io::FieldType::real}};
  compounds.has_geometry = true;
  for (const Compound& c : compounds_) {
    std::vector<LonLat> ring;
    for (const auto& [u, v] : c.ring) ring.push_back(at(c.d, u, v));
    compounds.add({c.id, c.name, std::string(districts_[c.d].facts->name), c.households, c.population, c.elderly},
                  polygon_wkt(ring));
  }

  io::Table& gates = out[4];
  gates.name = "gates";
  gates.description = note + "compound gates: where a compound's internal paths meet the entrance lane from the street "
                             "(the same vertex in the streets layer)." + seed;
  gates.fields = {{"id", io::FieldType::text}, {"compound_id", io::FieldType::text}};
  gates.has_geometry = true;
  for (std::size_t g = 0; g < gates_.size(); ++g) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "G%05d", static_cast<int>(g + 1));
    gates.add({std::string(buf), compounds_[gates_[g].compound].id}, point_wkt(lonlat_[gates_[g].vertex]));
  }

  io::Table& facilities = out[5];
  facilities.name = "facilities";
  facilities.description = note + "facilities of every catalog category at invented densities (thinner in 乌达区, 海南区 "
                                  "and at the urban edge), each within 30 m of a walkable street." + seed;
  facilities.fields = {{"id", io::FieldType::text},       {"name", io::FieldType::text},
                       {"category", io::FieldType::text}, {"capacity", io::FieldType::integer},
                       {"district", io::FieldType::text}};
  facilities.has_geometry = true;
  for (std::size_t k = 0; k < facilities_.size(); ++k) {
    const Facility& f = facilities_[k];
    char buf[16];
    std::snprintf(buf, sizeof buf, "F%05d", static_cast<int>(k + 1));
    facilities.add({std::string(buf), f.name, f.category, f.capacity, std::string(districts_[f.d].facts->name)},
                   point_wkt(f.at));
  }
  return out;
}

}  // namespace

std::vector<io::Table> synth_wuhai(const access::Catalog& catalog, const SynthOptions& options) {
  return City(catalog, options.seed).tables();
}

}  // namespace lc::synth
