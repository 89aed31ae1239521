// The shared library lifecircle::lifecircle is every engine module linked whole (engine/CMakeLists.txt);
// this file holds only what belongs to the library itself.
#include <lifecircle/version.hpp>

namespace lifecircle {

std::string_view version() { return LIFECIRCLE_LIBRARY_VERSION; }

}  // namespace lifecircle
