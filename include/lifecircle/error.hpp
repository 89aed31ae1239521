// lifecircle errors: the one exception family of the engine and its API. Each kind maps to one
// exit code of the command line (and one exception class in Python); context (file, layer,
// feature, line) is added where the error is raised, never parsed back from the message. Messages
// speak of inputs and fields, never of command-line flags: clients map them to their own words.
#pragma once

#include <stdexcept>
#include <string>

namespace lifecircle {

enum class ErrorKind {
  usage = 2,        // a request that cannot be run as asked (options, contradictory settings)
  input = 3,        // bad input data: file, layer, feature, line
  output = 4,       // cannot write results
  cancelled = 130,  // the context's cancel check asked to stop (130: as for Ctrl-C in a shell)
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
  ErrorKind kind() const noexcept { return kind_; }
  int exit_code() const noexcept { return static_cast<int>(kind_); }

 private:
  ErrorKind kind_;
};

// The field of a request an error is about, in the request's words ("categories", "as_of"); a
// client names it in its own (the command line: --categories, --as-of).
struct Field {
  std::string name;
};

struct UsageError : Error {
  explicit UsageError(const std::string& what) : Error(ErrorKind::usage, what) {}
  // "FIELD: WHAT", with the field and what is wrong kept apart for clients to word again.
  UsageError(const Field& f, const std::string& what)
      : Error(ErrorKind::usage, f.name + ": " + what), field(f.name), detail(what) {}
  std::string field;   // empty: the error is about no single field
  std::string detail;  // the message without the field
};

// Where in the input something is wrong. Empty parts are left out of the message.
struct Where {
  std::string file;
  std::string layer;
  std::string feature;  // feature id, OSM element, or "line N"
};

// "FILE, layer LAYER, FEATURE: " with the empty parts left out.
std::string describe(const Where& where);

struct InputError : Error {
  InputError(const Where& w, const std::string& what) : Error(ErrorKind::input, describe(w) + what), where(w) {}
  Where where;
};

struct OutputError : Error {
  OutputError(const std::string& path, const std::string& what) : Error(ErrorKind::output, path + ": " + what) {}
};

struct Cancelled : Error {
  Cancelled() : Error(ErrorKind::cancelled, "cancelled") {}
};

}  // namespace lifecircle
