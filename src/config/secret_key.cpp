#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iomanip>
#include <sstream>

#include "config/config.hpp"

namespace matricula::config {
namespace {

std::string random_hex(std::size_t bytes) {
  std::ifstream urandom("/dev/urandom", std::ios::binary);
  std::ostringstream hex;
  for (std::size_t i = 0; i < bytes; ++i) {
    unsigned char c = static_cast<unsigned char>(urandom.get());
    hex << std::hex << std::setw(2) << std::setfill('0') << static_cast<int>(c);
  }
  if (!urandom) throw ConfigError("MATRICULA_SECRET_KEY: cannot read /dev/urandom to generate one");
  return hex.str();
}

}  // namespace

void resolve_secret_key(Config& config, const std::map<std::string, std::string>& env) {
  auto it = env.find("MATRICULA_SECRET_KEY");
  if (it != env.end() && !it->second.empty()) {
    if (it->second.size() < 32)
      throw ConfigError("MATRICULA_SECRET_KEY: expected at least 32 bytes (try: openssl rand -hex 32), got " +
                        std::to_string(it->second.size()));
    config.secret_key = it->second;
    return;
  }
  if (config.production)
    throw ConfigError("MATRICULA_SECRET_KEY: expected a secret of at least 32 bytes in production, got nothing");
  auto path = std::filesystem::path(config.data_dir) / "secret_key";
  if (std::ifstream in(path); in) {
    std::getline(in, config.secret_key);
    if (config.secret_key.size() >= 32) return;
  }
  std::filesystem::create_directories(config.data_dir);
  config.secret_key = random_hex(32);
  auto old_mask = ::umask(077);
  std::ofstream(path) << config.secret_key << "\n";
  ::umask(old_mask);
}

}  // namespace matricula::config
