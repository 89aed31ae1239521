// The run's input layers as the planner's report lists them (the command line's --report and the
// public html_report share it): each with its layer description (a GeoPackage's
// gpkg_contents.description), and the notice that the data are synthetic when one says so
// (lifecircle synth writes "SYNTHETIC ..." into every layer it generates).
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace lc::api {

// Appends (role, "FILE[:LAYER] — description") to `sources` for each (role, FILE[:LAYER]) input;
// sets `notice` to the synthetic-data notice when it is empty and an input is described SYNTHETIC.
void describe_inputs(const std::vector<std::pair<std::string, std::string>>& inputs,
                     std::vector<std::pair<std::string, std::string>>& sources, std::string& notice);

}  // namespace lc::api
