#pragma once
// Running the real ambassador-bot binary in tests: spawn, talk HTTP over loopback, kill.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>
#include <vector>

namespace ambassador::testing {

// The service binary, next to the test binaries in the build tree (<build>/tests/x → <build>/bot/app/ambassador-bot).
inline std::string service_binary() {
  auto self = std::filesystem::read_symlink("/proc/self/exe");
  return (self.parent_path().parent_path() / "bot" / "app" / "ambassador-bot").string();
}

// A port that was free a moment ago (the kernel picks it); good enough for tests on loopback.
inline int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

struct HttpAnswer {
  int status = 0;  // 0: no connection
  std::string body;
};

// One blocking HTTP/1.1 request with Connection: close.
inline HttpAnswer http_call(int port, const std::string& method, const std::string& target,
                            const std::string& body = {}, const std::vector<std::string>& headers = {}) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return {};
  }
  std::string request = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  for (const auto& h : headers) request += h + "\r\n";
  request += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
  std::string response;
  char buffer[4096];
  ssize_t n;
  while ((n = ::recv(fd, buffer, sizeof buffer, 0)) > 0) response.append(buffer, static_cast<std::size_t>(n));
  ::close(fd);
  HttpAnswer answer;
  if (response.size() > 12) answer.status = std::stoi(response.substr(9, 3));
  if (auto split = response.find("\r\n\r\n"); split != std::string::npos) answer.body = response.substr(split + 4);
  return answer;
}

inline bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds deadline) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  while (std::chrono::steady_clock::now() < until) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return condition();
}

// A child process running the service; killed (SIGKILL) on destruction if still running.
class ServiceProcess {
 public:
  ServiceProcess(const std::vector<std::string>& args, const std::string& log_file) {
    pid_ = ::fork();
    if (pid_ == 0) {
      std::FILE* log = std::fopen(log_file.c_str(), "a");
      if (log) {
        ::dup2(::fileno(log), STDOUT_FILENO);
        ::dup2(::fileno(log), STDERR_FILENO);
      }
      std::vector<char*> argv;
      for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
  }
  ~ServiceProcess() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  // Sends `signal` and waits; returns the exit status (or 128 + signal when killed).
  int stop(int signal) {
    ::kill(pid_, signal);
    return wait();
  }
  // Waits for the process to end by itself (a CLI command); returns as stop() does.
  int wait() {
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

 private:
  pid_t pid_ = -1;
};

}  // namespace ambassador::testing
