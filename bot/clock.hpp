#pragma once
// Injected time, so tests control it. Everything stored is UTC milliseconds since the epoch (wall time); pacing
// and timers use the monotonic reading, which never jumps when the wall clock is set. Both come from one Clock, so
// a test that moves it moves both.
#include <atomic>
#include <chrono>
#include <cstdint>

namespace ambassador {

// Unix seconds from a platform payload in ms; 0 (unknown) outside 1970..9999, where seconds * 1000 could overflow.
inline std::int64_t unix_seconds_to_ms(std::int64_t seconds) {
  constexpr std::int64_t kLatest = 253402300799;  // the last second of year 9999
  return seconds >= 0 && seconds <= kLatest ? seconds * 1000 : 0;
}

class Clock {
 public:
  using Monotonic = std::chrono::steady_clock;
  virtual ~Clock() = default;
  virtual std::int64_t now_ms() const = 0;
  virtual Monotonic::time_point monotonic() const = 0;
  std::chrono::system_clock::time_point now() const {
    return std::chrono::system_clock::time_point(std::chrono::milliseconds(now_ms()));
  }
};

class SystemClock final : public Clock {
 public:
  std::int64_t now_ms() const override {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  }
  Monotonic::time_point monotonic() const override { return Monotonic::now(); }
};

// Wall and monotonic readings move together, by set() and advance() only. The monotonic reading starts at the
// process's steady clock, so timers armed from it (expires_at) wait a sensible real time.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(std::int64_t start_ms) : now_(start_ms), start_ms_(start_ms) {}
  std::int64_t now_ms() const override { return now_.load(); }
  Monotonic::time_point monotonic() const override {
    return origin_ + std::chrono::milliseconds(now_.load() - start_ms_);
  }
  void set(std::int64_t ms) { now_.store(ms); }
  void advance(std::chrono::milliseconds by) { now_.fetch_add(by.count()); }

 private:
  std::atomic<std::int64_t> now_;
  const std::int64_t start_ms_;
  const Monotonic::time_point origin_ = Monotonic::now();
};

}  // namespace ambassador
