#include "domain/email.hpp"

#include <algorithm>

#include "domain/text.hpp"

namespace matricula {
namespace {

bool valid_domain(std::string_view domain) {
  if (domain.size() < 3 || domain.size() > 253 || domain.find('.') == std::string_view::npos) return false;
  std::size_t label = 0;
  for (std::size_t i = 0; i < domain.size(); ++i) {
    unsigned char c = domain[i];
    if (c == '.') {
      if (label == 0 || domain[i - 1] == '-') return false;
      label = 0;
      continue;
    }
    bool ok = std::isalnum(c) || c >= 0x80 || (c == '-' && label > 0);
    if (!ok || ++label > 63) return false;
  }
  return label > 0 && domain.back() != '-';
}

bool valid_local(std::string_view local) {
  if (local.empty() || local.size() > 64 || local.front() == '.' || local.back() == '.') return false;
  static constexpr std::string_view allowed = "!#$%&'*+-/=?^_`{|}~.";
  for (std::size_t i = 0; i < local.size(); ++i) {
    unsigned char c = local[i];
    if (c == '.' && i > 0 && local[i - 1] == '.') return false;
    if (!(std::isalnum(c) || c >= 0x80 || allowed.find(static_cast<char>(c)) != std::string_view::npos)) return false;
  }
  return true;
}

}  // namespace

Result<Email> Email::parse(std::string_view input) {
  const auto invalid = Error::field("email", "Enter a valid e-mail address, like name@example.com.");
  auto trimmed = text::trim(input);
  if (trimmed.empty()) return Error::field("email", "Enter your e-mail address.");
  if (trimmed.size() > 254 || text::has_control_characters(trimmed)) return invalid;
  auto folded = text::fold(trimmed);
  // Folding can lengthen an address (one compatibility character becomes several): check again.
  if (!folded || folded->size() > 254) return invalid;
  auto at = folded->rfind('@');
  if (at == std::string::npos || folded->find('@') != at) return invalid;
  if (!valid_local(std::string_view(*folded).substr(0, at)) ||
      !valid_domain(std::string_view(*folded).substr(at + 1)))
    return invalid;
  return Email(std::move(*folded));
}

}  // namespace matricula
