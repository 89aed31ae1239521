#include "io/atomic_file.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/error.hpp"

namespace lc::io {

namespace fs = std::filesystem;

void check_writable(const std::string& path, bool overwrite) {
  const fs::path p(path);
  const fs::path dir = p.has_parent_path() ? p.parent_path() : fs::path(".");
  if (!fs::is_directory(dir)) throw OutputError(path, "folder " + dir.string() + " does not exist");
  if (access(dir.c_str(), W_OK) != 0) throw OutputError(path, "folder is not writable");
  if (!overwrite && fs::exists(p))
    throw OutputError(path, "exists already (use --overwrite to replace it)");
}

AtomicFile::AtomicFile(std::string path, bool overwrite) : path_(std::move(path)) {
  check_writable(path_, overwrite);
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
  if (std::fwrite(text.data(), 1, text.size(), stream()) != text.size())
    throw OutputError(path_, std::string("write failed: ") + std::strerror(errno));
}

void AtomicFile::commit() {
  if (file_) {
    const bool ok = std::fflush(file_) == 0 && fsync(fileno(file_)) == 0;
    const int err = errno;
    std::fclose(file_);
    file_ = nullptr;
    if (!ok) throw OutputError(path_, std::string("write failed: ") + std::strerror(err));
  }
  std::error_code ec;
  fs::rename(temp_, path_, ec);
  if (ec) throw OutputError(path_, "cannot move the finished file into place: " + ec.message());
  committed_ = true;
}

}  // namespace lc::io
