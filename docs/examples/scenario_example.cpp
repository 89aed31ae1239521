// Where to put new fitness sets, and what they would change: lifecircle::site proposes the sites
// and lifecircle::compare measures the scenario against the base, on one network built once.
#include <lifecircle/compare.hpp>
#include <lifecircle/error.hpp>
#include <lifecircle/site.hpp>

#include <cstdio>
#include <string>

int main(int argc, char** argv) {
  if (argc < 2) return std::fprintf(stderr, "usage: %s CITY.gpkg (lifecircle synth wuhai)\n", argv[0]), 2;
  const std::string city = argv[1];
  lifecircle::Context ctx;
  try {
    lifecircle::NetworkSource streets;
    streets.path = city + ":streets";
    const lifecircle::Network network = lifecircle::Network::build(ctx, streets);  // reused below

    lifecircle::SiteRequest site;
    site.built = network;
    site.facilities = {city + ":facilities", {}, "category", "id", "", lifecircle::Datum::wgs84};
    site.origins.path = city + ":compounds";
    site.origins.fields.population = "population";
    site.category = "fitness";
    site.count = 5;                        // or target_coverage, or per_district with units
    site.candidate_spacing_m = 100;        // candidates every 100 m along these streets
    site.candidate_classes = {"local", "arterial"};
    const lifecircle::SiteResult proposed = lifecircle::site(ctx, site);
    const auto* id = proposed.sites.column("site_id");
    const auto* coverage = proposed.sites.column("cumulative_coverage");
    std::printf("fitness: %.1f%% covered today\n", 100 * proposed.covered_population / proposed.population);
    for (std::size_t r = 0; r < proposed.sites.rows(); ++r)
      std::printf("  site %zu %-12s -> %.1f%%\n", r + 1, id->text[r].c_str(), 100 * coverage->real[r]);
    const double gained = proposed.sites.column("cumulative_covered")->real.back() - proposed.covered_population;
    std::printf("site: %.0f people newly covered\n", gained);

    lifecircle::CompareRequest scenario;   // the proposed sites built, as a scenario
    scenario.built = network;
    scenario.facilities = site.facilities;
    scenario.origins = site.origins;
    const auto *x = proposed.sites.column("x"), *y = proposed.sites.column("y");
    for (std::size_t r = 0; r < proposed.sites.rows(); ++r)
      scenario.add_facilities.points.push_back({"new_" + id->text[r], {x->real[r], y->real[r]}, {"fitness"}, 1});
    scenario.origin_changes = false;       // the summary only
    const lifecircle::CompareResult change = lifecircle::compare(ctx, scenario);
    const lifecircle::Table& s = change.summary;
    for (std::size_t r = 0; r < s.rows(); ++r)
      if (s.column("unit")->text[r] == "ALL" && s.column("category")->text[r] == "fitness")
        std::printf("compare: %.0f people newly covered\n", s.column("newly_covered")->real[r]);
  } catch (const lifecircle::Error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return e.exit_code();
  }
}
