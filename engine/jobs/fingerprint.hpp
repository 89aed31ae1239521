// jobs: what a job task's outputs depend on, so that `lifecircle run` keeps a finished task only
// when none of it changed (docs/jobs.md, "Resuming"): the lifecircle that runs it (git describe
// at build time and the job format), the resolved value of every option of its command (its
// client reads them from the command's own option definitions, defaults included: the catalog and
// checklist a command reads when none is named are its options' default values), the contents of
// every file those values name, and the outputs of the tasks it runs after. Contents are hashed with
// XXH3-128 (libxxhash) on every run: equal size and modification time never stand in for equal
// contents, since copies keep modification times and an edit can keep the size (300 -> 600).
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lc::jobs {

// The format of job records and of what a task's fingerprint covers; bumped when either changes,
// so that records of an older lifecircle, or of a build without git, are not trusted.
inline constexpr int kJobFormat = 2;

struct InputFile {
  std::string option;  // the option whose value names it, e.g. "--catalog"
  std::string path;
  std::uintmax_t size = 0;
  std::int64_t mtime_ns = 0;  // recorded to help a reader of the record; contents decide (a PostgreSQL
                              // table: its state's hash, io::table_states)
  std::string hash;           // XXH3-128 of the contents, 32 hex digits
};

struct OptionValue {
  std::string name;                 // "--catalog", or a positional's name
  std::vector<std::string> values;  // as given, else the definition's default (empty: unset)
};

struct Fingerprint {
  int format = 0;
  std::string version;  // git describe of the build
  std::vector<OptionValue> options;
  std::vector<InputFile> inputs;
  std::vector<std::pair<std::string, std::string>> upstream;  // task it runs after -> hash of its outputs
  std::string digest;  // XXH3-128 over all of the above
};

// XXH3-128 of a file's bytes as 32 hex digits; nothing when it cannot be read.
std::optional<std::string> file_hash(const std::string& path);

// XXH3-128 of strings, each delimited, as 32 hex digits.
std::string strings_hash(const std::vector<std::string>& parts);

// The fingerprint of a task run by the lifecircle `version` (git describe of the build) with
// `options`, every option that decides its outputs with its value (sorted by name; passwords
// redacted), and `given`, the same values with passwords (parallel: what is read); run after tasks
// whose outputs hash to `upstream`. Files that output options name (is_output_path_key) are the
// task's results, not its inputs. `before`, the task's recorded fingerprint if any, spares hashing
// a PostgreSQL input table's rows again while nothing has written to it since (its state, recorded
// as the input's mtime_ns).
Fingerprint fingerprint(std::string version, std::vector<OptionValue> options, const std::vector<OptionValue>& given,
                        std::vector<std::pair<std::string, std::string>> upstream,
                        const Fingerprint* before = nullptr);

// What differs between an earlier run's fingerprint and this one, for people
// ("catalog data/geo/categories.toml changed; lifecircle changed (a1b2 -> c3d4)"); empty when
// nothing does.
std::string why_changed(const Fingerprint& now, const Fingerprint& before);

// A record's whole numbers, checked: nlohmann converts 1e300 or -1 to an integer type without
// a word (undefined for 1e300), and a record may be damaged. Throw nlohmann::json::type_error.
std::uintmax_t json_unsigned(const nlohmann::json& j);
std::int64_t json_integer(const nlohmann::json& j);

nlohmann::json to_json(const Fingerprint& fp);
// Throws nlohmann::json::exception when the JSON does not hold a fingerprint.
Fingerprint fingerprint_from_json(const nlohmann::json& j);

}  // namespace lc::jobs
