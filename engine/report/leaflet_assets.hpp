// lc::report Leaflet's script and style sheet, copied from Debian's libjs-leaflet into the binary
// at configure time (engine/report/embed_leaflet.cmake), so that every report carries its map
// library inline. Not a public API.
#pragma once

#include <string_view>

namespace lc::report::detail {

extern const std::string_view kLeafletVersion;  // L.version of the embedded script
extern const std::string_view kLeafletJs;
extern const std::string_view kLeafletCss;  // url(...) references removed

}  // namespace lc::report::detail
