#include "cli_errors.hpp"

namespace lc::tools {

std::string cli_message(const Error& e) {
  const auto* usage = dynamic_cast<const UsageError*>(&e);
  if (!usage || usage->field.empty()) return e.what();
  std::string flag = "--" + usage->field;
  for (char& c : flag)
    if (c == '_') c = '-';
  return flag + ": " + usage->detail;
}

}  // namespace lc::tools
