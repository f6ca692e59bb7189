#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "config/config.hpp"
#include "testing.hpp"

namespace ambassador::config {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// Sets an environment variable for one test; names are unique per test so parallel runs cannot collide.
class ScopedEnv {
 public:
  ScopedEnv(std::string name, const std::string& value) : name_(std::move(name)) {
    ::setenv(name_.c_str(), value.c_str(), 1);
  }
  ~ScopedEnv() { ::unsetenv(name_.c_str()); }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  std::string name_;
};

// The message of the runtime_error `ref.resolve()` throws; fails the test when it does not throw.
std::string resolve_error(const SecretRef& ref) {
  try {
    ref.resolve();
  } catch (const std::runtime_error& error) {
    return error.what();
  }
  ADD_FAILURE() << "resolve() did not throw for " << ref.reference();
  return {};
}

TEST(SecretRefReference, AcceptsEnvAndFileReferences) {
  std::string why;
  EXPECT_TRUE(SecretRef::is_valid_reference("env:SLACK_BOT_TOKEN", why));
  EXPECT_TRUE(SecretRef::is_valid_reference("env:_private1", why));
  EXPECT_TRUE(SecretRef::is_valid_reference("file:/run/secrets/slack", why));
  EXPECT_TRUE(SecretRef::is_valid_reference("file:relative/secret.txt", why));
}

TEST(SecretRefReference, RejectsLiteralValues) {
  for (const char* text : {"xoxb-1234-abcd", "", "ENV:TOKEN", "env", "secret:env:X"}) {
    std::string why;
    EXPECT_FALSE(SecretRef::is_valid_reference(text, why)) << text;
    EXPECT_EQ(why, "secrets must be a reference: env:NAME or file:PATH, never the value") << text;
  }
}

TEST(SecretRefReference, RejectsMalformedEnvAndFileReferences) {
  for (const char* text : {"env:", "env:1ABC", "env:A-B", "env:A B", "env:$TOKEN", "file:"}) {
    std::string why;
    EXPECT_FALSE(SecretRef::is_valid_reference(text, why)) << text;
    EXPECT_FALSE(why.empty()) << text;
  }
}

TEST(SecretRefResolve, ReadsEnvironmentVariable) {
  ScopedEnv env("AMBASSADOR_CONFIG_TEST_RESOLVE_ENV", "env-secret-value");
  EXPECT_EQ(SecretRef("env:AMBASSADOR_CONFIG_TEST_RESOLVE_ENV").resolve(), "env-secret-value");
}

TEST(SecretRefResolve, UnsetVariableErrorNamesOnlyTheReference) {
  ::unsetenv("AMBASSADOR_CONFIG_TEST_UNSET_ENV");
  const std::string message = resolve_error(SecretRef("env:AMBASSADOR_CONFIG_TEST_UNSET_ENV"));
  EXPECT_THAT(message, HasSubstr("env:AMBASSADOR_CONFIG_TEST_UNSET_ENV"));
  EXPECT_EQ(message,
            "secret env:AMBASSADOR_CONFIG_TEST_UNSET_ENV: environment variable "
            "AMBASSADOR_CONFIG_TEST_UNSET_ENV is not set or empty");
}

TEST(SecretRefResolve, EmptyVariableIsAnError) {
  ScopedEnv env("AMBASSADOR_CONFIG_TEST_EMPTY_ENV", "");
  EXPECT_THAT(resolve_error(SecretRef("env:AMBASSADOR_CONFIG_TEST_EMPTY_ENV")),
              HasSubstr("env:AMBASSADOR_CONFIG_TEST_EMPTY_ENV"));
}

TEST(SecretRefResolve, LiteralSecretIsNeverEchoed) {
  const std::string message = resolve_error(SecretRef("xoxb-literal-secret-9876"));
  EXPECT_THAT(message, Not(HasSubstr("xoxb")));
  EXPECT_THAT(message, Not(HasSubstr("9876")));
  EXPECT_THAT(message, HasSubstr("secrets must be a reference"));
}

TEST(SecretRefResolve, EmptyReferenceIsAnError) { EXPECT_FALSE(resolve_error(SecretRef()).empty()); }

TEST(SecretRefResolve, ReadsFileAndDropsOneTrailingNewline) {
  ambassador::testing::TempDir dir;
  const std::string path = dir.file("secret");
  ambassador::testing::write_file(path, "file-secret\n");
  EXPECT_EQ(SecretRef("file:" + path).resolve(), "file-secret");
  ambassador::testing::write_file(path, "file-secret\r\n");
  EXPECT_EQ(SecretRef("file:" + path).resolve(), "file-secret");
  ambassador::testing::write_file(path, "file-secret");
  EXPECT_EQ(SecretRef("file:" + path).resolve(), "file-secret");
  ambassador::testing::write_file(path, "file-secret\n\n");
  EXPECT_EQ(SecretRef("file:" + path).resolve(), "file-secret\n");
  ambassador::testing::write_file(path, " spaced secret \n");
  EXPECT_EQ(SecretRef("file:" + path).resolve(), " spaced secret ");
}

TEST(SecretRefResolve, MissingFileErrorNamesTheReference) {
  ambassador::testing::TempDir dir;
  const std::string reference = "file:" + dir.file("absent");
  EXPECT_THAT(resolve_error(SecretRef(reference)), HasSubstr(reference));
}

TEST(SecretRefResolve, EmptyFileIsAnError) {
  ambassador::testing::TempDir dir;
  const std::string path = dir.file("empty");
  ambassador::testing::write_file(path, "");
  EXPECT_THAT(resolve_error(SecretRef("file:" + path)), HasSubstr("empty"));
  ambassador::testing::write_file(path, "\n");
  EXPECT_THAT(resolve_error(SecretRef("file:" + path)), HasSubstr("empty"));
}

TEST(SecretRefResolve, DirectoryIsAnError) {
  ambassador::testing::TempDir dir;
  EXPECT_THAT(resolve_error(SecretRef("file:" + dir.path().string())), HasSubstr("directory"));
}

}  // namespace
}  // namespace ambassador::config
