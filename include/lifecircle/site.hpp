// lifecircle site: where to build new facilities of one category so that the most people not yet
// reached within its threshold are (greedy maximal covering, with a site count, a coverage target
// or quotas per district). What the command `lifecircle site` computes, as one call.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <lifecircle/context.hpp>
#include <lifecircle/inputs.hpp>
#include <lifecircle/table.hpp>

namespace lifecircle {

struct SiteRequest {
  NetworkSource network;          // read and built unless `built` is given; class_field: the street classes
  std::optional<Network> built;
  FacilitySource facilities;      // the existing facilities: those of `category` already cover people
  OriginSource origins;
  std::string category;           // the category to site (a catalog id, or an ad-hoc one of the category field)
  std::string catalog;            // empty: Catalog::default_path()
  double default_threshold_min = 15;   // a category not in the catalog, walked at the general speed
  std::optional<double> speed_mps;     // instead of the catalog's speed profile of the category
  std::string season;             // "winter": speeds scaled by the catalog's winter factors (the
                                  // general profile's for one speed); empty: none
  double max_snap_m = 250;
  std::uint32_t min_component = 0;
  // The sites that could be built: a point layer (path, id_field) or `points` (their categories and
  // capacity unused), or, with `candidate_spacing_m` > 0 and no candidates given, points every so
  // many metres along the walkable streets (only those of `candidate_classes` when given).
  FacilitySource candidates;
  double candidate_spacing_m = 0;
  std::vector<std::string> candidate_classes;
  // Exactly one of: how many sites, the share of people to reach (0..1], or how many sites in each
  // district of `units` (candidates outside every district are not used).
  std::optional<std::size_t> count;
  std::optional<double> target_coverage;
  std::map<std::string, std::size_t> per_district;
  UnitSource units;               // the districts (with per_district; else only each site's district column)
};

struct SiteResult {
  // proposed_sites: rank, site_id, district, x, y (WGS84), new_covered, cumulative_covered,
  // cumulative_coverage; points.
  Table sites;
  // coverage_curve: sites, site_id, new_covered, covered, coverage; row 0 the existing facilities.
  Table curve;
  std::size_t existing = 0;        // facilities of the category
  double population = 0;           // the people the category serves
  double covered_population = 0;   // reached by the existing facilities
  std::size_t candidates = 0;
  std::size_t unsnapped_candidates = 0;             // farther than max_snap_m from the streets: cover no one
  std::vector<std::string> outside_districts;       // with per_district: candidates no district holds
  std::vector<std::string> warnings;                // a target or quota not reached, and why
};

SiteResult site(Context& ctx, const SiteRequest& request);

}  // namespace lifecircle
