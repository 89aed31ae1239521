// lc::core errors: the one exception family of the project. Each kind maps to one exit code,
// and only the CLI's main() catches (house rule 6). Context (file, layer, feature, line) is added
// where the error is raised or on the way out, never parsed back from the message.
#pragma once

#include <stdexcept>
#include <string>

namespace lc {

enum class ErrorKind {
  usage = 2,   // bad arguments or options
  input = 3,   // bad input data: file, layer, feature, line
  output = 4,  // cannot write results
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
  ErrorKind kind() const noexcept { return kind_; }
  int exit_code() const noexcept { return static_cast<int>(kind_); }

 private:
  ErrorKind kind_;
};

struct UsageError : Error {
  explicit UsageError(const std::string& what) : Error(ErrorKind::usage, what) {}
};

// Where in the input something is wrong. Empty parts are left out of the message.
struct Where {
  std::string file;
  std::string layer;
  std::string feature;  // feature id, OSM element, or "line N"
};

std::string describe(const Where& where);

struct InputError : Error {
  InputError(const Where& w, const std::string& what)
      : Error(ErrorKind::input, describe(w) + what), where(w) {}
  Where where;
};

struct OutputError : Error {
  OutputError(const std::string& path, const std::string& what)
      : Error(ErrorKind::output, path + ": " + what) {}
};

}  // namespace lc
