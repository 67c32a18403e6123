#include "http/client_ip.hpp"

#include <boost/asio/ip/address.hpp>

#include <algorithm>
#include <optional>

#include <stdexcept>

namespace matricula::http {
namespace {

std::optional<std::vector<unsigned char>> bytes_of(const std::string& text) {
  boost::system::error_code ec;
  auto address = boost::asio::ip::make_address(text, ec);
  if (ec) return std::nullopt;
  if (address.is_v6() && address.to_v6().is_v4_mapped())
    address = boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, address.to_v6());
  if (address.is_v4()) {
    auto b = address.to_v4().to_bytes();
    return std::vector<unsigned char>(b.begin(), b.end());
  }
  auto b = address.to_v6().to_bytes();
  return std::vector<unsigned char>(b.begin(), b.end());
}

std::string trim(const std::string& s) {
  auto start = s.find_first_not_of(" \t");
  auto end = s.find_last_not_of(" \t");
  return start == std::string::npos ? "" : s.substr(start, end - start + 1);
}

}  // namespace

NetworkList::NetworkList(const std::vector<std::string>& entries) {
  for (auto& entry : entries) {
    auto slash = entry.find('/');
    auto bytes = bytes_of(entry.substr(0, slash));
    if (!bytes) throw std::invalid_argument(entry);
    unsigned max = static_cast<unsigned>(bytes->size() * 8);
    unsigned prefix = max;
    if (slash != std::string::npos) {
      try {
        prefix = static_cast<unsigned>(std::stoul(entry.substr(slash + 1)));
      } catch (...) {
        throw std::invalid_argument(entry);
      }
      if (prefix > max) throw std::invalid_argument(entry);
    }
    networks_.push_back({std::move(*bytes), prefix});
  }
}

bool NetworkList::contains(const std::string& ip) const {
  auto bytes = bytes_of(ip);
  if (!bytes) return false;
  for (auto& net : networks_) {
    if (net.bytes.size() != bytes->size()) continue;
    unsigned full = net.prefix / 8, rest = net.prefix % 8;
    bool match = std::equal(net.bytes.begin(), net.bytes.begin() + full, bytes->begin());
    if (match && rest) {
      unsigned char mask = static_cast<unsigned char>(0xFF << (8 - rest));
      match = (net.bytes[full] & mask) == ((*bytes)[full] & mask);
    }
    if (match) return true;
  }
  return false;
}

std::string client_ip(const NetworkList& trusted, const std::string& peer, const std::string& forwarded_for) {
  if (forwarded_for.empty() || !trusted.contains(peer)) return peer;
  std::string client = peer;
  std::size_t end = forwarded_for.size();
  while (true) {
    auto comma = forwarded_for.rfind(',', end == 0 ? 0 : end - 1);
    auto start = comma == std::string::npos ? 0 : comma + 1;
    auto hop = trim(forwarded_for.substr(start, end - start));
    if (!bytes_of(hop)) return client;  // garbage: stop at the last address we could trust
    client = hop;
    if (!trusted.contains(hop) || comma == std::string::npos) return client;
    end = comma;
  }
}

}  // namespace matricula::http
