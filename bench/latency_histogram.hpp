#pragma once
// Latency histogram with HdrHistogram's log-linear bucket layout, in microseconds: exact below 2^kSubBucketBits,
// then each power-of-two range is split into 2^(kSubBucketBits - 1) equal sub-buckets. The relative error stays
// below 2^-(kSubBucketBits - 1) (0.1%) and memory is fixed however long the run, unlike keeping every sample.
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

namespace ambassador::bench {

class LatencyHistogram {
 public:
  static constexpr int kSubBucketBits = 11;
  static constexpr std::uint64_t kSubBucketCount = std::uint64_t{1} << kSubBucketBits;
  static constexpr std::uint64_t kHalfSubBucketCount = kSubBucketCount / 2;
  static constexpr std::uint64_t kMaxTrackableMicros = (std::uint64_t{1} << 36) - 1;  // ~19 h; larger is clamped

  LatencyHistogram() : counts_(index_of(kMaxTrackableMicros) + 1, 0) {}

  void record(std::uint64_t micros) {
    micros = std::min(micros, kMaxTrackableMicros);
    ++counts_[index_of(micros)];
    ++count_;
    sum_ += micros;
    min_ = std::min(min_, micros);
    max_ = std::max(max_, micros);
  }

  void merge(const LatencyHistogram& other) {
    for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
    count_ += other.count_;
    sum_ += other.sum_;
    min_ = std::min(min_, other.min_);
    max_ = std::max(max_, other.max_);
  }

  std::uint64_t count() const { return count_; }
  std::uint64_t min() const { return count_ == 0 ? 0 : min_; }
  std::uint64_t max() const { return max_; }
  double mean() const { return count_ == 0 ? 0.0 : static_cast<double>(sum_) / static_cast<double>(count_); }

  // The smallest recorded value such that `percentile` percent of the samples are at or below it, reported as
  // the highest value of its bucket (as HdrHistogram does) but never above the exact maximum.
  std::uint64_t value_at_percentile(double percentile) const {
    if (count_ == 0) return 0;
    const double clamped = std::clamp(percentile, 0.0, 100.0);
    auto rank = static_cast<std::uint64_t>(std::ceil(clamped / 100.0 * static_cast<double>(count_)));
    rank = std::clamp<std::uint64_t>(rank, 1, count_);
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < counts_.size(); ++i) {
      seen += counts_[i];
      if (seen >= rank) return std::min(highest_equivalent(i), max_);
    }
    return max_;
  }

  static std::size_t index_of(std::uint64_t value) {
    if (value < kSubBucketCount) return static_cast<std::size_t>(value);
    // value lies in [2^(kSubBucketBits + e - 1), 2^(kSubBucketBits + e)); keep its top kSubBucketBits bits.
    const int e = static_cast<int>(std::bit_width(value)) - kSubBucketBits;
    const std::uint64_t mantissa = value >> e;  // in [kHalfSubBucketCount, kSubBucketCount)
    return static_cast<std::size_t>(kSubBucketCount + static_cast<std::uint64_t>(e - 1) * kHalfSubBucketCount +
                                    (mantissa - kHalfSubBucketCount));
  }

  static std::uint64_t highest_equivalent(std::size_t index) {
    if (index < kSubBucketCount) return index;
    const std::uint64_t rest = index - kSubBucketCount;
    const std::uint64_t e = rest / kHalfSubBucketCount + 1;
    const std::uint64_t mantissa = rest % kHalfSubBucketCount + kHalfSubBucketCount;
    return (mantissa << e) + ((std::uint64_t{1} << e) - 1);
  }

 private:
  std::vector<std::uint64_t> counts_;
  std::uint64_t count_ = 0;
  std::uint64_t sum_ = 0;
  std::uint64_t min_ = std::numeric_limits<std::uint64_t>::max();
  std::uint64_t max_ = 0;
};

}  // namespace ambassador::bench
