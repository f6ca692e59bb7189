// Transport failures come back as status 0 with a classified error, never as exceptions or hangs.
#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>

#include "client_test_fixture.hpp"

namespace ambassador::testing {
namespace {

bool starts_with(const std::string& text, std::string_view prefix) { return text.rfind(prefix, 0) == 0; }

// A loopback port nobody listens on: bound by the OS, then released.
std::uint16_t unused_port() {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor acceptor(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  return acceptor.local_endpoint().port();
}

TEST_F(HttpClientTest, ReportsARefusedConnection) {
  auto client = make_client();

  auto response = fetch(*client, get("http://127.0.0.1:" + std::to_string(unused_port()) + "/"));

  EXPECT_EQ(response.status, 0);
  EXPECT_TRUE(starts_with(response.error, "connect: ")) << response.error;
  EXPECT_FALSE(response.maybe_delivered) << "nothing was sent: safe to send again";
}

TEST_F(HttpClientTest, TimesOutWhenTheServerAnswersTooLate) {
  FakeHttpServer server([](const RecordedRequest&) {
    auto response = FakeResponse::json(200, "{}");
    response.delay = std::chrono::seconds(30);
    return response;
  });
  auto client = make_client({.request_timeout = std::chrono::milliseconds(200)});

  auto response = fetch(*client, get(server.url("/slow")));

  EXPECT_EQ(response.status, 0);
  EXPECT_EQ(response.error, "timeout");
  EXPECT_TRUE(response.maybe_delivered) << "the server had the request: it may have acted on it";
}

TEST_F(HttpClientTest, RejectsAnAnswerOverTheSizeLimit) {
  FakeHttpServer server([](const RecordedRequest&) { return FakeResponse::text(200, std::string(5000, 'x')); });
  auto client = make_client({.max_response_bytes = 1024});

  auto response = fetch(*client, get(server.url("/big")));

  EXPECT_EQ(response.status, 0);
  EXPECT_EQ(response.error, "response too large");
  EXPECT_EQ(response.body, "");
}

TEST_F(HttpClientTest, RejectsAChunkedAnswerOverTheSizeLimit) {
  FakeHttpServer server([](const RecordedRequest&) {
    FakeResponse response;
    response.raw = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (int i = 0; i < 4; ++i) response.raw->append("200\r\n" + std::string(0x200, 'x') + "\r\n");
    response.raw->append("0\r\n\r\n");
    return response;
  });
  auto client = make_client({.max_response_bytes = 1024});

  auto response = fetch(*client, get(server.url("/big")));

  EXPECT_EQ(response.status, 0);
  EXPECT_EQ(response.error, "response too large");
}

TEST_F(HttpClientTest, AcceptsAnAnswerExactlyAtTheSizeLimit) {
  FakeHttpServer server([](const RecordedRequest&) { return FakeResponse::text(200, std::string(1024, 'x')); });
  auto client = make_client({.max_response_bytes = 1024});

  auto response = fetch(*client, get(server.url("/")));

  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body.size(), 1024u);
}

TEST_F(HttpClientTest, RejectsUrlsItCannotFetch) {
  auto client = make_client();

  for (const char* url : {"", "not a url", "/relative/path", "ftp://example.com/file", "http://127.0.0.1:99999/",
                          "http://127.0.0.1:0/"}) {
    auto response = fetch(*client, get(url));
    EXPECT_EQ(response.status, 0) << url;
    EXPECT_TRUE(starts_with(response.error, "url: ")) << url << " -> " << response.error;
  }
}

TEST_F(HttpClientTest, RefusesHeaderValuesThatWouldSplitTheRequest) {
  FakeHttpServer server;
  auto client = make_client();

  auto response = fetch(*client, get(server.url("/"), {{"X-Evil", "a\r\nX-Injected: b"}}));
  auto bad_method = fetch(*client, http::ClientRequest{"GET /x HTTP/1.1\r\n", server.url("/"), {}, {}});

  EXPECT_EQ(response.status, 0);
  EXPECT_EQ(response.error, "request: invalid header");
  EXPECT_EQ(bad_method.error, "request: invalid method");
  EXPECT_EQ(server.request_count(), 0u);
}

TEST_F(HttpClientTest, ErrorsNeverEchoTheUrl) {
  auto client = make_client();
  const std::string token = "123456:AAHsecretTOKEN";

  auto refused = fetch(*client, get("http://127.0.0.1:" + std::to_string(unused_port()) + "/bot" + token + "/getMe"));
  auto invalid = fetch(*client, get("htp:/bot" + token + " /getMe"));

  EXPECT_EQ(refused.error.find(token), std::string::npos) << refused.error;
  EXPECT_EQ(invalid.error.find(token), std::string::npos) << invalid.error;
}

}  // namespace
}  // namespace ambassador::testing
