#include "plan/siting_ip.hpp"

#include <algorithm>

#include "core/error.hpp"

#ifdef LIFECIRCLE_HAVE_GLPK
#include <glpk.h>
#endif

namespace lc::plan {

#ifdef LIFECIRCLE_HAVE_GLPK

bool ip_available() { return true; }

namespace {

// Which candidates cover each origin: the cover sets turned inside out.
std::vector<std::vector<int>> coverers(const SitingProblem& p) {
  std::vector<std::vector<int>> by_origin(p.demand.size());
  for (std::size_t c = 0; c + 1 < p.covers.first.size(); ++c)
    for (auto i = p.covers.first[c]; i < p.covers.first[c + 1]; ++i) by_origin[p.covers.ids[i]].push_back(static_cast<int>(c));
  return by_origin;
}

}  // namespace

std::optional<IpSolution> ip_mclp(const SitingProblem& p, std::size_t count) {
  if (!p.candidate_capacity.empty()) throw UsageError("the siting integer program does not take capacities");
  const int nc = static_cast<int>(p.covers.first.size()) - 1, no = static_cast<int>(p.demand.size());
  const auto by_origin = coverers(p);
  glp_prob* lp = glp_create_prob();
  glp_set_obj_dir(lp, GLP_MAX);
  // Columns 1..nc: x_c (sites); nc+1..nc+no: y_o (origin covered).
  glp_add_cols(lp, nc + no);
  for (int c = 1; c <= nc; ++c) glp_set_col_kind(lp, c, GLP_BV);
  for (int o = 0; o < no; ++o) {
    glp_set_col_bnds(lp, nc + 1 + o, GLP_DB, 0.0, 1.0);
    glp_set_obj_coef(lp, nc + 1 + o, p.demand[static_cast<std::size_t>(o)]);
  }
  // Rows 1..no: y_o - sum x_c <= 0; row no+1: sum x_c = count.
  glp_add_rows(lp, no + 1);
  std::vector<int> ia{0}, ja{0};
  std::vector<double> ar{0.0};
  for (int o = 0; o < no; ++o) {
    glp_set_row_bnds(lp, o + 1, GLP_UP, 0.0, 0.0);
    ia.push_back(o + 1), ja.push_back(nc + 1 + o), ar.push_back(1.0);
    for (int c : by_origin[static_cast<std::size_t>(o)]) ia.push_back(o + 1), ja.push_back(c + 1), ar.push_back(-1.0);
  }
  const double sites = static_cast<double>(std::min<std::size_t>(count, static_cast<std::size_t>(nc)));
  glp_set_row_bnds(lp, no + 1, GLP_FX, sites, sites);
  for (int c = 1; c <= nc; ++c) ia.push_back(no + 1), ja.push_back(c), ar.push_back(1.0);
  glp_load_matrix(lp, static_cast<int>(ia.size()) - 1, ia.data(), ja.data(), ar.data());
  glp_iocp parm;
  glp_init_iocp(&parm);
  parm.presolve = GLP_ON;
  parm.msg_lev = GLP_MSG_OFF;
  std::optional<IpSolution> out;
  if (glp_intopt(lp, &parm) == 0 && glp_mip_status(lp) == GLP_OPT) {
    IpSolution s;
    for (int c = 1; c <= nc; ++c)
      if (glp_mip_col_val(lp, c) > 0.5) s.chosen.push_back(static_cast<std::uint32_t>(c - 1));
    // The objective recomputed from the chosen sites, so rounding in y never leaks into it.
    std::vector<char> covered(static_cast<std::size_t>(no), 0);
    for (auto c : s.chosen)
      for (auto i = p.covers.first[c]; i < p.covers.first[c + 1]; ++i) covered[p.covers.ids[i]] = 1;
    for (int o = 0; o < no; ++o) s.covered += covered[static_cast<std::size_t>(o)] ? p.demand[static_cast<std::size_t>(o)] : 0.0;
    out = std::move(s);
  }
  glp_delete_prob(lp);
  return out;
}

#else

bool ip_available() { return false; }

std::optional<IpSolution> ip_mclp(const SitingProblem& p, std::size_t) {
  if (!p.candidate_capacity.empty()) throw UsageError("the siting integer program does not take capacities");
  return std::nullopt;
}

#endif

}  // namespace lc::plan
