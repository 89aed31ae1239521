// lifecircle errors: the one exception family of the engine and its API. Each kind maps to one
// exit code of the command line (and one exception class in Python); context (file, layer,
// feature, line) is added where the error is raised, never parsed back from the message. Messages
// speak of inputs and fields, never of command-line flags: clients map them to their own words.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

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

// A message that names request fields inside it: each field written "{name}" in `text` and listed
// in `names` ("give one of {count}, {target_coverage}, {per_district}"). What it says with each
// field named by `name_of`: the request's own names for what(), a client's (--count) for its users.
// A "{...}" whose name is not listed (a district called "{north}") is left as it is.
struct FieldText {
  std::string text;
  std::vector<std::string> names;

  template <class NameOf>
  std::string word(NameOf&& name_of) const {
    std::string out = text;
    for (const auto& n : names) {
      const std::string marker = "{" + n + "}", to = name_of(n);
      for (auto at = out.find(marker); at != std::string::npos; at = out.find(marker, at + to.size()))
        out.replace(at, marker.size(), to);
    }
    return out;
  }
  std::string plain() const {
    return word([](const std::string& n) { return n; });
  }
};

struct UsageError : Error {
  explicit UsageError(const std::string& what) : Error(ErrorKind::usage, what) {}
  // "FIELD: WHAT", with the field and what is wrong kept apart for clients to word again.
  UsageError(const Field& f, const std::string& what)
      : Error(ErrorKind::usage, f.name + ": " + what), field(f.name), detail(what), wording{"{" + f.name + "}: " + what, {f.name}} {}
  // The same where what is wrong names other fields too ("{street_class_field}").
  UsageError(const Field& f, const FieldText& what)
      : Error(ErrorKind::usage, f.name + ": " + what.plain()), field(f.name), detail(what.plain()),
        wording{"{" + f.name + "}: " + what.text, with(f.name, what.names)} {}
  // About several fields at once, or a field inside a sentence ("{count} must be at least 1").
  explicit UsageError(const FieldText& what) : Error(ErrorKind::usage, what.plain()), wording(what) {}
  std::string field;   // empty: the error is about no single field
  std::string detail;  // the message without the field
  FieldText wording;   // the message with its fields marked; empty names: what() names no field

 private:
  static std::vector<std::string> with(const std::string& first, std::vector<std::string> rest) {
    rest.insert(rest.begin(), first);
    return rest;
  }
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
