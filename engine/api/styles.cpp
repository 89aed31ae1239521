// The public layer_styles (include/lifecircle/styles.hpp): public tables back into the engine's
// io::Table, styled by lc::report as the command line's outputs are.
#include <lifecircle/styles.hpp>

#include "api/sources.hpp"
#include "io/table.hpp"
#include "report/styles.hpp"

namespace lifecircle {

std::vector<LayerStyle> layer_styles(const std::vector<const Table*>& tables) {
  std::vector<LayerStyle> out;
  for (const Table* t : tables) {
    if (!t || !t->has_geometry) continue;
    const lc::io::Table e = lc::api::engine_table(*t, false);
    bool first = true;
    for (auto& s : lc::report::layer_styles({&e})) {
      out.push_back({std::move(s.layer), std::move(s.name), std::move(s.qml), std::move(s.sld), std::move(s.description), first});
      first = false;
    }
  }
  return out;
}

}  // namespace lifecircle
