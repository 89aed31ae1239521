#include "jobs/fingerprint.hpp"

#include <xxhash.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>

#include "core/error.hpp"
#include "core/text.hpp"
#include "io/postgis.hpp"
#include "io/vector_reader.hpp"
#include "jobs/job_file.hpp"

namespace lc::jobs {

namespace {

namespace fs = std::filesystem;

// Streaming XXH3-128.
class Hasher {
 public:
  Hasher() : state_(XXH3_createState(), XXH3_freeState) { XXH3_128bits_reset(state_.get()); }
  void add(const void* data, std::size_t n) { XXH3_128bits_update(state_.get(), data, n); }
  // Length first, so that "ab","c" and "a","bc" differ.
  void add(const std::string& s) {
    const std::uint64_t n = s.size();
    add(&n, sizeof n);
    add(s.data(), s.size());
  }
  std::string hex() const {
    const XXH128_hash_t h = XXH3_128bits_digest(state_.get());
    char buf[33];
    std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(h.high64),
                  static_cast<unsigned long long>(h.low64));
    return buf;
  }

 private:
  std::unique_ptr<XXH3_state_t, XXH_errorcode (*)(XXH3_state_t*)> state_;
};

std::string key_of(const std::string& option_name) {
  return lower(option_name.substr(option_name.find_first_not_of('-')));
}

// The files a value may name: itself, FILE of FILE:LAYER, and the same after NAME= (report-sites).
std::vector<std::string> candidate_paths(const std::string& value) {
  std::vector<std::string> texts{value};
  if (const auto eq = value.find('='); eq != std::string::npos) texts.push_back(value.substr(eq + 1));
  std::vector<std::string> out;
  for (const auto& t : texts)
    if (!t.empty()) out.push_back(t), out.push_back(io::parse_layer_ref(t).file);
  return out;
}

bool hidden_below(const fs::path& p, const fs::path& root) {
  for (const auto& part : fs::relative(p, root))
    if (!part.empty() && part.string()[0] == '.') return true;
  return false;
}

// A shapefile is several files; the others beside the .shp decide its contents as much.
void add_shapefile_parts(const fs::path& shp, std::vector<std::string>& files) {
  for (const char* ext : {".shx", ".dbf", ".prj", ".cpg"}) {
    fs::path part = shp;
    part.replace_extension(ext);
    std::error_code ec;
    if (fs::is_regular_file(part, ec)) files.push_back(part.string());
  }
}

// The regular files a path names: itself, a shapefile's parts, or every visible file in a folder.
std::vector<std::string> files_at(const std::string& path) {
  std::vector<std::string> files;
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) {
    files.push_back(path);
    if (fs::path(path).extension() == ".shp") add_shapefile_parts(path, files);
  } else if (fs::is_directory(path, ec)) {
    for (const auto& e : fs::recursive_directory_iterator(path, ec))
      if (e.is_regular_file() && !hidden_below(e.path(), path)) files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
  }
  return files;
}

InputFile input_file(const std::string& option, const std::string& path) {
  std::error_code ec;
  InputFile f{option, path, fs::file_size(path, ec), 0, file_hash(path).value_or("unreadable")};
  if (ec) f.size = 0;
  const auto t = fs::last_write_time(path, ec);
  if (!ec)
    f.mtime_ns = static_cast<std::int64_t>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::file_clock::to_sys(t).time_since_epoch()).count());
  return f;
}

// A PostgreSQL table as an input: its row count as the size and a hash of all its rows (sorted as
// text, so that neither physical order nor VACUUM matters) as the contents, read by one query. The
// MD5 of every row is slow on big tables (2.7-3.4 s for 608,005 rows), so the table's cheap state
// (io::table_states: oid, rows, xmin) is recorded beside it, where a file's modification time goes:
// while the state is the one `before` recorded, nothing was written to the table and its recorded
// contents hash stands; any write makes the contents be hashed again (and a write that changes no
// value keeps the task).
InputFile pg_input(const std::string& option, const std::string& spec, const Fingerprint* before) {
  InputFile f{option, io::redacted(spec), 0, 0, "unreadable"};
  try {
    const io::PgSpec pg = io::parse_pg_spec(spec);
    if (pg.tables.size() == 1)
      if (const auto state = io::table_states(spec, pg.tables).at(0))
        f.mtime_ns = static_cast<std::int64_t>(std::stoull(strings_hash({*state}).substr(0, 15), nullptr, 16));
    if (before && f.mtime_ns != 0)
      for (const InputFile& was : before->inputs)
        if (was.path == f.path && was.mtime_ns == f.mtime_ns && was.hash != "unreadable") {
          f.size = was.size, f.hash = was.hash;
          return f;
        }
    const std::string digest = io::pg_table_digest(spec);  // "ROWS:MD5"
    f.size = std::stoull(digest.substr(0, digest.find(':')));
    f.hash = strings_hash({digest});
  } catch (const Error&) {  // the task itself says why it cannot read the table
  } catch (const std::exception&) {
  }
  return f;
}

// Every file the non-output options name, each once (under the first option naming it), and every
// PostgreSQL table. `given`: the values as given (with passwords), parallel to `options`.
std::vector<InputFile> inputs_of(const std::vector<OptionValue>& options, const std::vector<OptionValue>& given,
                                 const Fingerprint* before) {
  std::vector<InputFile> out;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < options.size(); ++i) {
    const OptionValue& o = options[i];
    if (is_output_path_key(key_of(o.name))) continue;
    for (const auto& v : given[i].values)
      if (io::is_postgis(v) && seen.insert(io::redacted(v)).second) out.push_back(pg_input(o.name, v, before));
    for (const auto& v : o.values)
      if (!io::is_postgis(v))
        for (const auto& candidate : candidate_paths(v))
          for (const auto& f : files_at(candidate))
            if (seen.insert(fs::path(f).lexically_normal().string()).second) out.push_back(input_file(o.name, f));
  }
  return out;
}

std::string digest_of(const Fingerprint& fp) {
  Hasher h;
  h.add(std::to_string(fp.format));
  h.add(fp.version);
  for (const auto& o : fp.options) {
    h.add(o.name);
    h.add(std::to_string(o.values.size()));
    for (const auto& v : o.values) h.add(v);
  }
  for (const auto& f : fp.inputs) h.add(f.path), h.add(f.hash);
  for (const auto& [task, outputs] : fp.upstream) h.add(task), h.add(outputs);
  return h.hex();
}

// A path as people read it: relative to the working folder when inside it.
std::string shown(const std::string& path) {
  std::error_code ec;
  const fs::path rel = fs::path(path).lexically_proximate(fs::current_path(ec));
  return !ec && !rel.empty() && *rel.begin() != ".." ? rel.string() : path;
}

std::string values_text(const std::vector<std::string>& values) {
  if (values.empty()) return "unset";
  std::string s;
  for (const auto& v : values) s += (s.empty() ? "" : ",") + v;
  return s.size() > 60 ? s.substr(0, 57) + "..." : s;
}

void option_reasons(const Fingerprint& now, const Fingerprint& before, std::vector<std::string>& out) {
  std::map<std::string, std::vector<std::string>> old;
  for (const auto& o : before.options) old[o.name] = o.values;
  for (const auto& o : now.options) {
    const auto it = old.find(o.name);
    const std::vector<std::string> was = it == old.end() ? std::vector<std::string>{} : it->second;
    if (was != o.values) out.push_back(o.name + " changed (" + values_text(was) + " -> " + values_text(o.values) + ")");
  }
}

void input_reasons(const Fingerprint& now, const Fingerprint& before, std::vector<std::string>& out) {
  std::map<std::string, const InputFile*> old;
  for (const auto& f : before.inputs) old[f.path] = &f;
  for (const auto& f : now.inputs) {
    const auto it = old.find(f.path);
    const std::string what = key_of(f.option) + " " + shown(f.path);
    if (it == old.end()) out.push_back(what + " is read now");
    else if (it->second->hash != f.hash || it->second->size != f.size) out.push_back(what + " changed");
    if (it != old.end()) old.erase(it);
  }
  for (const auto& [path, f] : old) out.push_back(key_of(f->option) + " " + shown(path) + " is no longer read");
}

void upstream_reasons(const Fingerprint& now, const Fingerprint& before, std::vector<std::string>& out) {
  std::map<std::string, std::string> old(before.upstream.begin(), before.upstream.end());
  for (const auto& [task, outputs] : now.upstream)
    if (old[task] != outputs) out.push_back("the outputs of '" + task + "' changed");
}

std::string joined(const std::vector<std::string>& reasons) {
  constexpr std::size_t kShown = 3;
  std::string s;
  for (std::size_t i = 0; i < reasons.size() && i < kShown; ++i) s += (s.empty() ? "" : "; ") + reasons[i];
  if (reasons.size() > kShown) s += "; and " + std::to_string(reasons.size() - kShown) + " more";
  return s;
}

}  // namespace

std::optional<std::string> file_hash(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  Hasher h;
  std::vector<char> buf(1 << 16);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    h.add(buf.data(), static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) return std::nullopt;
  return h.hex();
}

std::string strings_hash(const std::vector<std::string>& parts) {
  Hasher h;
  for (const auto& p : parts) h.add(p);
  return h.hex();
}

Fingerprint fingerprint(std::string version, std::vector<OptionValue> options, const std::vector<OptionValue>& given,
                        std::vector<std::pair<std::string, std::string>> upstream, const Fingerprint* before) {
  Fingerprint fp{kJobFormat, std::move(version), std::move(options), {}, std::move(upstream), ""};
  if (before && before->format != kJobFormat) before = nullptr;
  fp.inputs = inputs_of(fp.options, given, before);
  fp.digest = digest_of(fp);
  return fp;
}

std::string why_changed(const Fingerprint& now, const Fingerprint& before) {
  std::vector<std::string> reasons;
  if (before.format != now.format)
    reasons.push_back("recorded by a lifecircle of job format " + std::to_string(before.format) + " (this one: " +
                      std::to_string(now.format) + ")");
  else if (before.version != now.version)
    reasons.push_back("lifecircle changed (" + before.version + " -> " + now.version + ")");
  if (before.format == now.format) {
    option_reasons(now, before, reasons);
    input_reasons(now, before, reasons);
    upstream_reasons(now, before, reasons);
  }
  if (reasons.empty() && before.digest != now.digest) reasons.push_back("its record does not match its fingerprint");
  return joined(reasons);
}

std::uintmax_t json_unsigned(const nlohmann::json& j) {
  if (!j.is_number_unsigned()) throw nlohmann::json::type_error::create(302, "expected a whole number >= 0, not " + j.dump(), nullptr);
  return j.get<std::uintmax_t>();
}

std::int64_t json_integer(const nlohmann::json& j) {
  if (!j.is_number_integer() || (j.is_number_unsigned() && j.get<std::uint64_t>() > INT64_MAX))
    throw nlohmann::json::type_error::create(302, "expected a whole number, not " + j.dump(), nullptr);
  return j.get<std::int64_t>();
}

nlohmann::json to_json(const Fingerprint& fp) {
  nlohmann::json j{{"format", fp.format}, {"version", fp.version}, {"digest", fp.digest},
                   {"options", nlohmann::json::array()}, {"inputs", nlohmann::json::array()},
                   {"after", nlohmann::json::array()}};
  for (const auto& o : fp.options) j["options"].push_back({{"name", o.name}, {"values", o.values}});
  for (const auto& f : fp.inputs)
    j["inputs"].push_back({{"option", f.option}, {"path", f.path}, {"size", f.size}, {"mtime_ns", f.mtime_ns}, {"hash", f.hash}});
  for (const auto& [task, outputs] : fp.upstream) j["after"].push_back({{"task", task}, {"outputs", outputs}});
  return j;
}

Fingerprint fingerprint_from_json(const nlohmann::json& j) {
  Fingerprint fp;
  fp.format = static_cast<int>(json_integer(j.at("format")));
  fp.version = j.at("version").get<std::string>();
  fp.digest = j.at("digest").get<std::string>();
  for (const auto& o : j.at("options")) fp.options.push_back({o.at("name"), o.at("values").get<std::vector<std::string>>()});
  for (const auto& f : j.at("inputs"))
    fp.inputs.push_back({f.at("option"), f.at("path"), json_unsigned(f.at("size")), json_integer(f.at("mtime_ns")), f.at("hash")});
  for (const auto& a : j.at("after")) fp.upstream.emplace_back(a.at("task"), a.at("outputs"));
  return fp;
}

}  // namespace lc::jobs
