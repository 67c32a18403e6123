#include "log/log.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/async.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <cstdlib>

namespace matricula::log {
namespace {

std::atomic<Format> g_format{Format::text};

std::string render(std::string_view level, std::string_view message, Fields fields) {
  if (g_format.load() == Format::json) {
    nlohmann::json line = nlohmann::json::object();
    line["level"] = level;
    line["msg"] = message;
    for (auto& [key, value] : fields) std::visit([&](auto& v) { line[std::string(key)] = v; }, value.v);
    return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  std::string text(message);
  for (auto& [key, value] : fields) {
    text += ' ';
    text += key;
    text += '=';
    std::visit(
        [&](auto& v) {
          if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::string>)
            text += v;
          else
            text += nlohmann::json(v).dump();
        },
        value.v);
  }
  return text;
}

}  // namespace

void init(Format format, Level level) {
  g_format = format;
  spdlog::init_thread_pool(1024, 1);
  auto sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  auto logger = std::make_shared<spdlog::async_logger>("matricula", sink, spdlog::thread_pool(),
                                                       spdlog::async_overflow_policy::block);
  spdlog::set_default_logger(logger);
  spdlog::set_level(level == Level::debug  ? spdlog::level::debug
                    : level == Level::info ? spdlog::level::info
                    : level == Level::warn ? spdlog::level::warn
                                           : spdlog::level::err);
  spdlog::flush_every(std::chrono::seconds(1));
  std::atexit([] { spdlog::shutdown(); });
  if (format == Format::json)
    spdlog::set_pattern(R"({"time":"%Y-%m-%dT%H:%M:%S.%fZ",%v)", spdlog::pattern_time_type::utc);
  else
    spdlog::set_pattern("%H:%M:%S.%e %^%-5l%$ %v");
}

// The JSON object is opened by the pattern ("time" first): drop the message's own "{".
#define MATRICULA_LOG(level_name, spdlog_level)                                            \
  void level_name(std::string_view message, Fields fields) {                               \
    if (!spdlog::should_log(spdlog_level)) return;                                         \
    auto line = render(#level_name, message, fields);                                      \
    spdlog::log(spdlog_level, "{}", g_format.load() == Format::json ? line.substr(1) : line); \
  }

MATRICULA_LOG(debug, spdlog::level::debug)
MATRICULA_LOG(info, spdlog::level::info)
MATRICULA_LOG(warn, spdlog::level::warn)
MATRICULA_LOG(error, spdlog::level::err)

#undef MATRICULA_LOG

}  // namespace matricula::log
