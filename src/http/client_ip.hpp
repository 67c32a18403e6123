#pragma once
#include <string>
#include <vector>

namespace matricula::http {

// Addresses and networks ("10.0.0.0/8", "::1") whose X-Forwarded-For we believe.
class TrustedProxies {
 public:
  // Throws std::invalid_argument naming the entry that is not an address or network.
  explicit TrustedProxies(const std::vector<std::string>& entries = {});
  bool contains(const std::string& ip) const;
  // The client: the peer, or when the peer is a trusted proxy, the right-most address of
  // X-Forwarded-For that is not a trusted proxy itself.
  std::string client_ip(const std::string& peer, const std::string& forwarded_for) const;

 private:
  struct Network {
    std::vector<unsigned char> bytes;
    unsigned prefix;
  };
  std::vector<Network> networks_;
};

}  // namespace matricula::http
