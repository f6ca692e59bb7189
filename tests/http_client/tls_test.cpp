// HTTPS: certificate and host name verification against a TLS fake server with a certificate made at test time.
#include <gtest/gtest.h>

#include <stdexcept>

#include "client_test_fixture.hpp"
#include "self_signed_certificate.hpp"
#include "testing.hpp"

namespace ambassador::testing {
namespace {

bool starts_with(const std::string& text, std::string_view prefix) { return text.rfind(prefix, 0) == 0; }

const FakeTlsIdentity& localhost_identity() {
  static const FakeTlsIdentity identity = make_self_signed_identity();
  return identity;
}

class HttpsClientTest : public HttpClientTest {
 protected:
  std::string ca_file_for(const FakeTlsIdentity& identity) {
    const auto path = dir_.file("ca-" + std::to_string(++files_) + ".pem");
    write_file(path, identity.certificate_pem);
    return path;
  }

  TempDir dir_;
  int files_ = 0;
};

TEST_F(HttpClientTest, HttpsToAPlainHttpPortFailsWithATlsError) {
  FakeHttpServer server;
  auto client = make_client();

  auto response = fetch(*client, get("https://127.0.0.1:" + std::to_string(server.port()) + "/"));

  EXPECT_EQ(response.status, 0);
  EXPECT_TRUE(starts_with(response.error, "tls: ")) << response.error;
}

TEST_F(HttpsClientTest, TrustsAServerSignedByTheConfiguredCa) {
  FakeHttpServer server({}, localhost_identity());
  auto client = make_client({.ca_file = ca_file_for(localhost_identity())});

  auto response = fetch(*client, post("https://localhost:" + std::to_string(server.port()) + "/api/x", "body"));

  EXPECT_EQ(response.status, 200) << response.error;
  EXPECT_EQ(response.body, R"({"ok":true})");
  EXPECT_EQ(server.requests().at(0).body, "body");
}

TEST_F(HttpsClientTest, MatchesAnIpAddressAgainstTheCertificateAndReusesTheConnection) {
  FakeHttpServer server({}, localhost_identity());
  auto client = make_client({.ca_file = ca_file_for(localhost_identity())});

  auto first = fetch(*client, get(server.url("/1")));
  auto second = fetch(*client, get(server.url("/2")));

  EXPECT_EQ(first.status, 200) << first.error;
  EXPECT_EQ(second.status, 200) << second.error;
  EXPECT_EQ(server.accepted_connections(), 1u);
}

TEST_F(HttpsClientTest, RejectsACertificateNoTrustedCaSigned) {
  FakeHttpServer server({}, localhost_identity());
  auto client = make_client();  // the system's CAs only

  auto response = fetch(*client, get(server.url("/")));

  EXPECT_EQ(response.status, 0);
  EXPECT_TRUE(starts_with(response.error, "tls: ")) << response.error;
  EXPECT_NE(response.error.find("certificate verify failed"), std::string::npos) << response.error;
  EXPECT_EQ(server.request_count(), 0u);
}

TEST_F(HttpsClientTest, RejectsATrustedCertificateForAnotherHost) {
  const auto other_host = make_self_signed_identity("DNS:api.example.com");
  FakeHttpServer server({}, other_host);
  auto client = make_client({.ca_file = ca_file_for(other_host)});

  auto by_address = fetch(*client, get(server.url("/")));
  auto by_name = fetch(*client, get("https://localhost:" + std::to_string(server.port()) + "/"));

  EXPECT_TRUE(starts_with(by_address.error, "tls: ")) << by_address.error;
  EXPECT_TRUE(starts_with(by_name.error, "tls: ")) << by_name.error;
  EXPECT_EQ(server.request_count(), 0u);
}

TEST_F(HttpsClientTest, SkipsVerificationOnlyWhenTold) {
  FakeHttpServer server({}, localhost_identity());
  auto client = make_client({.verify_tls = false});

  auto response = fetch(*client, get(server.url("/")));

  EXPECT_EQ(response.status, 200) << response.error;
}

TEST(BeastHttpClient, RefusesToStartWithAMissingCaFile) {
  boost::asio::io_context io;
  EXPECT_THROW(http::BeastHttpClient(io, {.ca_file = "/nonexistent/ca.pem"}), std::runtime_error);
}

}  // namespace
}  // namespace ambassador::testing
