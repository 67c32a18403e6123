#pragma once
#include <array>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace matricula::http {

// Counters, latency histograms and gauges, rendered in the Prometheus text format.
class Metrics {
 public:
  static constexpr std::array<double, 12> kBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                   0.05,   0.1,   0.25,   0.5,   1,    2.5};

  void observe_request(const std::string& route, const std::string& method, int status, double seconds);
  // Adds one to counter `name` with `labels` (like method="password",outcome="success").
  void count(const std::string& name, const std::string& labels);
  // A value read when scraped (queue depths, outbox sizes).
  void gauge(std::string name, std::string help, std::function<double()> read);
  std::string render() const;

 private:
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> buckets{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  struct Gauge {
    std::string name, help;
    std::function<double()> read;
  };
  mutable std::mutex mutex_;
  std::map<std::string, std::uint64_t> requests_;          // labels -> count
  std::map<std::string, Histogram> latency_;               // route label -> histogram
  std::map<std::string, std::map<std::string, std::uint64_t>> counters_;  // name -> labels -> count
  std::vector<Gauge> gauges_;
};

}  // namespace matricula::http
