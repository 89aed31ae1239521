// The version of the lifecircle library a program runs with (which may differ from the headers it
// was compiled against, when the shared library is updated underneath it).
#pragma once

#include <string_view>

namespace lifecircle {

// "MAJOR.MINOR.PATCH" of the project, as in CMakeLists.txt's project() and the library's soname.
std::string_view version();

}  // namespace lifecircle
