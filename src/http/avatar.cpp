#include "http/avatar.hpp"

#include "http/form.hpp"

namespace matricula::http {
namespace {

// The first character (whole UTF-8 sequence) of a name, upper-cased when ASCII.
std::string initial(const std::string& name) {
  if (name.empty()) return "";
  auto c = static_cast<unsigned char>(name[0]);
  std::size_t length = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  auto first = name.substr(0, length);
  if (length == 1) first[0] = static_cast<char>(std::toupper(c));
  if (first == "<" || first == "&" || first == ">" || first == "\"" || first == "'") return "";
  return first;
}

}  // namespace

std::string initials_avatar(const User& user, int size) {
  static constexpr const char* colours[] = {"#2457c5", "#1e7b34", "#8a3ab9", "#b3261e", "#00687a", "#8a5a00"};
  // Only the size, colour and initials change: the rest is encoded once.
  static const std::string head = url_encode("<svg xmlns='http://www.w3.org/2000/svg' width='");
  static const std::string viewbox = url_encode("' viewBox='0 0 100 100'><circle cx='50' cy='50' r='50' fill='");
  static const std::string text_start = url_encode(
      "'/><text x='50' y='50' dy='.35em' text-anchor='middle' font-family='sans-serif' font-size='40' fill='#fff'>");
  static const std::string tail = url_encode("</text></svg>");
  static const std::string height = url_encode("' height='");
  static const std::string encoded_colours[] = {url_encode(colours[0]), url_encode(colours[1]), url_encode(colours[2]),
                                                url_encode(colours[3]), url_encode(colours[4]), url_encode(colours[5])};
  auto s = std::to_string(size);
  auto initials = url_encode(initial(user.first_name) + initial(user.last_name));
  std::string uri;  // built in place: this runs on every page a signed-in user without a picture sees
  uri.reserve(512);
  uri.append("data:image/svg+xml,").append(head).append(s).append(height).append(s).append(viewbox);
  uri.append(encoded_colours[static_cast<std::size_t>(user.id) % 6]).append(text_start).append(initials).append(tail);
  return uri;
}

std::string picture_url(const User& user, bool large, int size) {
  if (!user.picture_name) return initials_avatar(user, size);
  return "/media/pictures/" + *user.picture_name + (large ? "/large" : "/small");
}

}  // namespace matricula::http
