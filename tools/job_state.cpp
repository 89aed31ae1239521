#include "job_state.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "io/atomic_file.hpp"
#include "io/vector_reader.hpp"

namespace lc::tools {

namespace {

namespace fs = std::filesystem;

constexpr std::uint64_t kFnvOffset = 1469598103934665603ull;
constexpr std::uint64_t kFnvPrime = 1099511628211ull;

void mix(std::uint64_t& h, const void* data, std::size_t n) {
  const auto* p = static_cast<const unsigned char*>(data);
  for (std::size_t i = 0; i < n; ++i) h = (h ^ p[i]) * kFnvPrime;
}
void mix(std::uint64_t& h, const std::string& s) {
  mix(h, s.data(), s.size());
  mix(h, "\0", 1);  // "ab","c" and "a","bc" differ
}

std::string hex(std::uint64_t h) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}


std::string record_path(const Job& job, const std::string& task) { return state_dir(job) + "/" + task + ".json"; }

// Writers put unfinished files beside the target as hidden ".NAME.tmp-PID..." (io/atomic_file);
// hidden files are never results.
bool is_hidden(const fs::path& p) { return !p.filename().empty() && p.filename().string()[0] == '.'; }

bool is_temporary_of(const fs::path& entry, const fs::path& target) {
  const std::string name = entry.filename().string();
  return name.rfind("." + target.stem().string(), 0) == 0 && name.find(".tmp-") != std::string::npos;
}

}  // namespace

std::string content_hash(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw OutputError(path, "cannot read back an output to record it");
  std::uint64_t h = kFnvOffset;
  std::vector<char> buf(1 << 16);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    mix(h, buf.data(), static_cast<std::size_t>(in.gcount()));
  }
  return hex(h);
}

std::string state_dir(const Job& job) { return job.out_dir + "/.lifecircle-job"; }

void remove_stale_temporaries(const JobTask& task) {
  for (const auto& a : task.args) {
    if (!is_output_path_key(a.key)) continue;
    for (const auto& v : a.values) {
      std::error_code ec;
      const bool dir = fs::is_directory(v, ec);
      const fs::path folder = dir ? fs::path(v) : fs::path(v).parent_path();
      if (!fs::is_directory(folder, ec)) continue;
      for (const auto& e : fs::directory_iterator(folder, ec)) {
        const std::string name = e.path().filename().string();
        const bool stale = dir ? is_hidden(e.path()) && name.find(".tmp-") != std::string::npos
                               : is_temporary_of(e.path(), fs::path(v));
        if (stale && e.is_regular_file()) fs::remove(e.path(), ec);
      }
    }
  }
}

namespace {

bool is_result_file(const fs::directory_entry& e) {
  if (!e.is_regular_file()) return false;
  for (const auto& part : e.path()) if (is_hidden(part)) return false;
  return true;
}

}  // namespace

std::vector<OutputRecord> collect_outputs(const JobTask& task) {
  std::vector<std::string> files;
  for (const auto& a : task.args) {
    if (!is_output_path_key(a.key)) continue;
    for (const auto& v : a.values) {
      if (fs::is_directory(v)) {
        for (const auto& e : fs::recursive_directory_iterator(v))
          if (is_result_file(e)) files.push_back(e.path().string());
      } else if (fs::is_regular_file(v)) {
        files.push_back(v);
      }
    }
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  std::vector<OutputRecord> out;
  for (const auto& f : files) out.push_back({f, fs::file_size(f), content_hash(f)});
  return out;
}

std::string fingerprint(const JobTask& task, const std::vector<std::string>& argv, const std::vector<DoneRecord>& after) {
  std::uint64_t h = kFnvOffset;
  for (const auto& a : argv) mix(h, a);
  for (const auto& a : task.args) {
    if (!is_input_path_key(a.key)) continue;
    for (const auto& v : a.values) {
      const std::string f = io::parse_layer_ref(v).file;
      std::error_code ec;
      const auto size = fs::file_size(f, ec);
      const auto time = fs::last_write_time(f, ec).time_since_epoch().count();
      mix(h, f + "|" + std::to_string(ec ? 0 : size) + "|" + std::to_string(ec ? 0 : time));
    }
  }
  for (const auto& d : after)
    for (const auto& o : d.outputs) mix(h, o.path + "|" + o.hash);
  return hex(h);
}

std::optional<DoneRecord> read_done(const Job& job, const std::string& task) {
  std::ifstream in(record_path(job, task));
  if (!in) return std::nullopt;
  try {
    const auto j = nlohmann::json::parse(in);
    DoneRecord r{j.at("task"), j.at("fingerprint"), {}, j.at("seconds"), j.at("peak_mib"), j.at("rank")};
    for (const auto& o : j.at("outputs")) r.outputs.push_back({o.at("path"), o.at("size"), o.at("hash")});
    return r;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;  // an unreadable record only means the task runs again
  }
}

void write_done(const Job& job, const DoneRecord& r) {
  nlohmann::json j{{"task", r.task}, {"fingerprint", r.fingerprint}, {"seconds", r.seconds},
                   {"peak_mib", r.peak_mib}, {"rank", r.rank}, {"outputs", nlohmann::json::array()}};
  for (const auto& o : r.outputs) j["outputs"].push_back({{"path", o.path}, {"size", o.size}, {"hash", o.hash}});
  io::AtomicFile f(record_path(job, r.task), true);
  f.write(j.dump(1) + "\n");
  f.commit();
}

void forget_done(const Job& job, const std::string& task) {
  std::error_code ec;
  fs::remove(record_path(job, task), ec);
}

bool outputs_intact(const DoneRecord& r) {
  for (const auto& o : r.outputs) {
    std::error_code ec;
    if (!fs::is_regular_file(o.path, ec) || fs::file_size(o.path, ec) != o.size) return false;
    if (content_hash(o.path) != o.hash) return false;
  }
  return true;
}

}  // namespace lc::tools
