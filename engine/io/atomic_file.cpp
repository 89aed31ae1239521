#include "io/atomic_file.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/context.hpp"
#include "core/error.hpp"
#include "io/postgis.hpp"
#include "io/vector_reader.hpp"

namespace lc::io {

namespace fs = std::filesystem;

bool same_file(const std::string& a, const std::string& b) {
  if (is_postgis(a) || is_postgis(b)) return false;  // tables are told apart by write_postgis
  struct stat sa {}, sb {};
  const bool a_exists = ::stat(a.c_str(), &sa) == 0, b_exists = ::stat(b.c_str(), &sb) == 0;
  if (a_exists && b_exists) return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
  if (a_exists != b_exists) return false;  // one is there, the other is not: two names
  std::error_code ea, eb;
  const fs::path ca = fs::weakly_canonical(fs::absolute(a), ea), cb = fs::weakly_canonical(fs::absolute(b), eb);
  return !ea && !eb && ca == cb;
}

std::pair<std::string, std::string> input_at(const std::string& path) {
  for (const auto& [spec, what] : current_context().inputs)
    if (same_file(path, parse_layer_ref(spec).file)) return {spec, what};
  return {};
}

void check_not_an_input(const std::string& path) {
  const auto [spec, what] = input_at(path);
  if (spec.empty()) return;
  throw UsageError(path + ": is the same file as the input " + (what.empty() ? "" : what + " ") + spec +
                   "; an output never replaces an input (write it elsewhere)");
}

void check_writable(const std::string& path, bool overwrite, bool update) {
  if (is_postgis(path)) return check_postgis_writable(path);  // the tables: in the transaction that writes
  if (update && fs::path(path).extension() != ".gpkg")
    throw UsageError(path + ": only a GeoPackage (.gpkg) takes results as added layers");
  if (!update) check_not_an_input(path);
  const fs::path p(path);
  const fs::path dir = p.has_parent_path() ? p.parent_path() : fs::path(".");
  if (!fs::is_directory(dir)) throw OutputError(path, "folder " + dir.string() + " does not exist");
  if (access(dir.c_str(), W_OK) != 0) throw OutputError(path, "folder is not writable");
  if (!overwrite && !update && fs::exists(p))
    throw OutputError(path, "exists already (use --overwrite to replace it)");
}

std::string write_failure(int err) {
  std::string m = std::string("write failed: ") + std::strerror(err);
  if (err == ENOSPC || err == EFBIG || err == EDQUOT)
    m += " (the disk is full or a file size limit was reached); nothing was replaced";
  return m;
}

std::string space_hint(const std::string& path) {
  const fs::path p(path);
  const fs::path dir = p.has_parent_path() ? p.parent_path() : fs::path(".");
  std::string why;
  rlimit limit{};
  if (getrlimit(RLIMIT_FSIZE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY)
    why = "; a file size limit of " + std::to_string(limit.rlim_cur / 1024) + " KiB is set (ulimit -f)";
  struct statvfs fsinfo {};
  constexpr unsigned long long kLow = 16ull << 20;
  if (statvfs(dir.c_str(), &fsinfo) == 0 && static_cast<unsigned long long>(fsinfo.f_bavail) * fsinfo.f_frsize < kLow)
    why += "; only " + std::to_string(static_cast<unsigned long long>(fsinfo.f_bavail) * fsinfo.f_frsize / 1024) +
           " KiB are free on its disk";
  return why.empty() ? why : why + "; nothing was replaced";
}

namespace {

// The process id in "PREFIXpid..." when `name` starts with `prefix` followed by digits.
long pid_after(const std::string& name, const std::string& prefix) {
  if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) return -1;
  long pid = 0;
  std::size_t i = prefix.size();
  for (; i < name.size() && name[i] >= '0' && name[i] <= '9' && pid < 100000000; ++i) pid = pid * 10 + (name[i] - '0');
  return i > prefix.size() ? pid : -1;
}

}  // namespace

void remove_stale_temps(const std::string& path) {
  const fs::path p(path);
  const fs::path dir = p.has_parent_path() ? p.parent_path() : fs::path(".");
  const std::string by_name = "." + p.filename().string() + ".tmp-", by_stem = "." + p.stem().string() + ".tmp-";
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    long pid = pid_after(name, by_name);
    if (pid < 0) pid = pid_after(name, by_stem);
    if (pid <= 0 || pid == getpid()) continue;
    if (kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;  // its process still runs
    std::error_code rm;
    fs::remove_all(e.path(), rm);
  }
}

void sync_file(const std::string& file, const std::string& target) {
  const int fd = open(file.c_str(), O_RDONLY);
  const bool ok = fd >= 0 && fsync(fd) == 0;
  const int err = errno;
  if (fd >= 0) close(fd);
  if (!ok) throw OutputError(target, write_failure(err));
}

AtomicFile::AtomicFile(std::string path, bool overwrite) : path_(std::move(path)) {
  check_writable(path_, overwrite);
  remove_stale_temps(path_);
  const fs::path p(path_);
  std::string name = ".";  // hidden, so a folder listing shows only finished results
  name += p.filename().string();
  name += ".tmp-" + std::to_string(getpid());
  temp_ = (p.parent_path() / name).string();
}

AtomicFile::~AtomicFile() {
  if (file_) std::fclose(file_);
  if (!committed_) std::remove(temp_.c_str());
}

std::FILE* AtomicFile::stream() {
  if (!file_) {
    file_ = std::fopen(temp_.c_str(), "wb");
    if (!file_) throw OutputError(path_, std::string("cannot create: ") + std::strerror(errno));
  }
  return file_;
}

void AtomicFile::write(const std::string& text) {
  if (std::fwrite(text.data(), 1, text.size(), stream()) != text.size()) throw OutputError(path_, write_failure(errno));
}

void AtomicFile::commit() {
  if (file_) {
    const bool ok = std::fflush(file_) == 0 && fsync(fileno(file_)) == 0;
    const int err = errno;
    std::fclose(file_);
    file_ = nullptr;
    if (!ok) throw OutputError(path_, write_failure(err));
  }
  std::error_code ec;
  fs::rename(temp_, path_, ec);
  if (ec) throw OutputError(path_, "cannot move the finished file into place: " + ec.message());
  committed_ = true;
}

}  // namespace lc::io
