#include <gtest/gtest.h>

#include "http/client_ip.hpp"

using matricula::http::client_ip;
using matricula::http::NetworkList;

TEST(ClientIp, ForwardedForIsIgnoredFromUntrustedPeers) {
  NetworkList none;
  EXPECT_EQ(client_ip(none, "203.0.113.5", "1.2.3.4"), "203.0.113.5");
  NetworkList proxies({"10.0.0.0/8", "::1"});
  EXPECT_EQ(client_ip(proxies, "203.0.113.5", "1.2.3.4"), "203.0.113.5");
}

TEST(ClientIp, TheRightMostUntrustedHopIsTheClient) {
  NetworkList proxies({"10.0.0.0/8", "127.0.0.1"});
  EXPECT_EQ(client_ip(proxies, "127.0.0.1", "198.51.100.7"), "198.51.100.7");
  // A client can put anything on the left; only what our proxies appended counts.
  EXPECT_EQ(client_ip(proxies, "127.0.0.1", "6.6.6.6, 198.51.100.7, 10.1.2.3"), "198.51.100.7");
  EXPECT_EQ(client_ip(proxies, "10.0.0.2", "garbage, 10.0.0.9"), "10.0.0.9");
  EXPECT_EQ(client_ip(proxies, "127.0.0.1", ""), "127.0.0.1");
}

TEST(ClientIp, NetworksAndAddresses) {
  NetworkList proxies({"192.168.0.0/16", "2001:db8::/32", "172.16.0.1"});
  EXPECT_TRUE(proxies.contains("192.168.44.1"));
  EXPECT_FALSE(proxies.contains("192.169.0.1"));
  EXPECT_TRUE(proxies.contains("2001:db8:1::5"));
  EXPECT_TRUE(proxies.contains("::ffff:192.168.1.1"));
  EXPECT_TRUE(proxies.contains("172.16.0.1"));
  EXPECT_FALSE(proxies.contains("172.16.0.2"));
  EXPECT_FALSE(proxies.contains("not an address"));
  EXPECT_THROW(NetworkList({"10.0.0.0/33"}), std::invalid_argument);
  EXPECT_THROW(NetworkList({"proxy.local"}), std::invalid_argument);
}
