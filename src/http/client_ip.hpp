#pragma once
#include <string>
#include <vector>

namespace matricula::http {

// A list of addresses and networks ("10.0.0.0/8", "::1"): trusted proxies, or who may
// read /metrics.
class NetworkList {
 public:
  // Throws std::invalid_argument naming the entry that is not an address or network.
  explicit NetworkList(const std::vector<std::string>& entries = {});
  bool contains(const std::string& ip) const;

 private:
  struct Network {
    std::vector<unsigned char> bytes;
    unsigned prefix;
  };
  std::vector<Network> networks_;
};

// The client: the peer, or when the peer is a trusted proxy, the right-most address of
// X-Forwarded-For that is not a trusted proxy itself.
std::string client_ip(const NetworkList& trusted_proxies, const std::string& peer, const std::string& forwarded_for);

}  // namespace matricula::http
