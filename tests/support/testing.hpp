#pragma once
// Small helpers shared by all test areas: temporary directories and fixture files.
#include <unistd.h>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace ambassador::testing {

// A fresh directory under the system temp dir, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("ambassador-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    for (auto it = cleanups_.rbegin(); it != cleanups_.rend(); ++it) (*it)();
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  // Runs `cleanup` when the directory goes (last registered, first run), e.g. to drop a test's database schema.
  void on_cleanup(std::function<void()> cleanup) { cleanups_.push_back(std::move(cleanup)); }

 private:
  std::filesystem::path path_;
  std::vector<std::function<void()>> cleanups_;
};

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// A file under tests/fixtures, e.g. fixture("slack/url_verification.json").
inline std::string fixture(const std::string& relative) {
  return read_file(std::filesystem::path(AMBASSADOR_FIXTURES_DIR) / relative);
}

inline void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

}  // namespace ambassador::testing
