#pragma once
// One log line per event: readable text in development, one JSON object per line in
// production. Fields carry ids, routes, statuses and durations, never passwords,
// tokens or codes.
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace matricula::log {

enum class Format { text, json };
enum class Level { debug, info, warn, error };
// Lines are written by a background thread: a request never waits for the terminal or disk.
void init(Format format, Level level = Level::info);

struct Value {
  std::variant<std::string, std::int64_t, double, bool> v;
  Value(std::string s) : v(std::move(s)) {}
  Value(std::string_view s) : v(std::string(s)) {}
  Value(const char* s) : v(std::string(s)) {}
  Value(int n) : v(static_cast<std::int64_t>(n)) {}
  Value(long n) : v(static_cast<std::int64_t>(n)) {}
  Value(long long n) : v(static_cast<std::int64_t>(n)) {}
  Value(unsigned long n) : v(static_cast<std::int64_t>(n)) {}
  Value(double d) : v(d) {}
  Value(bool b) : v(b) {}
};
using Fields = std::initializer_list<std::pair<std::string_view, Value>>;

void debug(std::string_view message, Fields fields = {});
void info(std::string_view message, Fields fields = {});
void warn(std::string_view message, Fields fields = {});
void error(std::string_view message, Fields fields = {});

}  // namespace matricula::log
