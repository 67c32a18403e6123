#include "http/metrics.hpp"

#include <sstream>

namespace matricula::http {

void Metrics::observe_request(const std::string& route, const std::string& method, int status, double seconds) {
  auto route_label = "route=\"" + route + "\"";
  auto labels = route_label + ",method=\"" + method + "\",status=\"" + std::to_string(status) + "\"";
  std::lock_guard lock(mutex_);
  ++requests_[labels];
  auto& h = latency_[route_label];
  for (std::size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++h.buckets[i];
  ++h.count;
  h.sum += seconds;
}

void Metrics::count(const std::string& name, const std::string& labels) {
  std::lock_guard lock(mutex_);
  ++counters_[name][labels];
}

void Metrics::gauge(std::string name, std::string help, std::function<double()> read) {
  std::lock_guard lock(mutex_);
  gauges_.push_back({std::move(name), std::move(help), std::move(read)});
}

std::string Metrics::render() const {
  std::vector<Gauge> gauges;
  std::ostringstream out;
  {
    std::lock_guard lock(mutex_);
    gauges = gauges_;
    out << "# HELP matricula_http_requests_total HTTP requests by route, method and status.\n"
           "# TYPE matricula_http_requests_total counter\n";
    for (auto& [labels, n] : requests_) out << "matricula_http_requests_total{" << labels << "} " << n << "\n";
    out << "# HELP matricula_http_request_duration_seconds Time to answer a request, by route.\n"
           "# TYPE matricula_http_request_duration_seconds histogram\n";
    for (auto& [route, h] : latency_) {
      for (std::size_t i = 0; i < kBuckets.size(); ++i)
        out << "matricula_http_request_duration_seconds_bucket{" << route << ",le=\"" << kBuckets[i] << "\"} "
            << h.buckets[i] << "\n";
      out << "matricula_http_request_duration_seconds_bucket{" << route << ",le=\"+Inf\"} " << h.count << "\n";
      out << "matricula_http_request_duration_seconds_sum{" << route << "} " << h.sum << "\n";
      out << "matricula_http_request_duration_seconds_count{" << route << "} " << h.count << "\n";
    }
    for (auto& [name, series] : counters_) {
      out << "# TYPE " << name << " counter\n";
      for (auto& [labels, n] : series) out << name << "{" << labels << "} " << n << "\n";
    }
  }
  for (auto& g : gauges) {  // read outside the lock: a gauge may query the database
    auto type = g.name.ends_with("_total") ? " counter\n" : " gauge\n";  // a count read when scraped
    out << "# HELP " << g.name << " " << g.help << "\n# TYPE " << g.name << type;
    out << g.name << " " << g.read() << "\n";
  }
  return out.str();
}

}  // namespace matricula::http
