#include "cli_errors.hpp"

#include "core/redact.hpp"

namespace lc::tools {

std::string flag_of(const std::string& field) {
  // Fields of a request's parts whose flag is not their name; the network's others are its own
  // (network.walk_profile: --walk-profile).
  if (field == "network.class_field") return "--street-class-field";
  std::string flag = "--" + (field.starts_with("network.") ? field.substr(8) : field);
  for (char& c : flag)
    if (c == '_') c = '-';
  return flag;
}

std::string cli_message(const Error& e) {
  const auto* usage = dynamic_cast<const UsageError*>(&e);
  // Redacted once more here, the one place every message passes: no PostgreSQL password is printed.
  if (!usage || usage->wording.names.empty()) return redacted(e.what());
  return redacted(usage->wording.word(flag_of));
}

}  // namespace lc::tools
