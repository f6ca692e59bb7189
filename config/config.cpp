#include "config/config.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string_view>

namespace ambassador::config {
namespace {

constexpr std::string_view kEnvPrefix = "env:";
constexpr std::string_view kFilePrefix = "file:";
constexpr std::string_view kNotAReference = "secrets must be a reference: env:NAME or file:PATH, never the value";

bool is_environment_variable_name(std::string_view name) {
  if (name.empty()) return false;
  const auto is_letter = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; };
  const auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  if (!is_letter(name.front())) return false;
  for (char c : name) {
    if (!is_letter(c) && !is_digit(c)) return false;
  }
  return true;
}

std::string read_secret_file(const std::string& reference, const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw std::runtime_error("secret " + reference + ": is a directory, not a file");
  }
  // fopen/fread rather than ifstream: errno then says why the file could not be read.
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) {
    throw std::runtime_error("secret " + reference + ": cannot read the file: " + std::strerror(errno));
  }
  std::string value;
  char buffer[4096];
  std::size_t count = 0;
  while ((count = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) value.append(buffer, count);
  if (std::ferror(file.get())) {
    throw std::runtime_error("secret " + reference + ": cannot read the file: " + std::strerror(errno));
  }
  // Files written with `echo` or an editor end in a newline that is not part of the secret.
  if (value.ends_with("\r\n")) {
    value.resize(value.size() - 2);
  } else if (value.ends_with('\n')) {
    value.pop_back();
  }
  if (value.empty()) throw std::runtime_error("secret " + reference + ": the file is empty");
  return value;
}

}  // namespace

std::string SecretRef::resolve() const {
  // Only a validated reference is echoed: an invalid one may be a secret pasted in by mistake.
  std::string why;
  if (!is_valid_reference(reference_, why)) throw std::runtime_error("secret reference is not usable: " + why);
  if (reference_.starts_with(kEnvPrefix)) {
    const std::string name = reference_.substr(kEnvPrefix.size());
    const char* value = std::getenv(name.c_str());
    if (value == nullptr || *value == '\0') {
      throw std::runtime_error("secret " + reference_ + ": environment variable " + name + " is not set or empty");
    }
    return value;
  }
  return read_secret_file(reference_, reference_.substr(kFilePrefix.size()));
}

bool SecretRef::is_valid_reference(const std::string& text, std::string& why) {
  if (text.starts_with(kEnvPrefix)) {
    if (is_environment_variable_name(std::string_view(text).substr(kEnvPrefix.size()))) return true;
    why = "env: must be followed by a variable name of letters, digits and '_' not starting with a digit";
    return false;
  }
  if (text.starts_with(kFilePrefix)) {
    if (text.size() > kFilePrefix.size()) return true;
    why = "file: must be followed by the path of the file holding the secret";
    return false;
  }
  why = kNotAReference;
  return false;
}

const DepartmentConfig* Config::find_department(std::string_view id) const {
  for (const DepartmentConfig& department : departments) {
    if (department.id == id) return &department;
  }
  return nullptr;
}

std::string Config::database_address() const {
  if (storage.backend != "postgres") return database_path();
  auto url = storage.postgres_url.resolve();
  if (!url.starts_with("postgresql://") && !url.starts_with("postgres://"))
    throw std::runtime_error("secret " + storage.postgres_url.reference() +
                             ": a PostgreSQL URL starts with postgresql:// or postgres://");
  return url;
}

std::string Config::database_label() const {
  return storage.backend == "postgres" ? "PostgreSQL at " + storage.postgres_url.reference() : database_path();
}

std::string Config::database_path() const {
  const std::filesystem::path database_file(storage.database);
  if (database_file.is_absolute() || storage.data_dir.empty()) return database_file.string();
  return (std::filesystem::path(storage.data_dir) / database_file).string();
}

}  // namespace ambassador::config
