#include "domain/person_name.hpp"

#include <cctype>

#include "domain/text.hpp"

namespace matricula {

Result<std::string> parse_person_name(std::string_view input, const std::string& field, const std::string& label) {
  std::string sentence_start = label;
  if (!sentence_start.empty()) sentence_start[0] = static_cast<char>(std::toupper(sentence_start[0]));
  auto normalised = text::nfkc(text::trim(input));
  if (!normalised || text::has_control_characters(*normalised))
    return Error::field(field, sentence_start + " contains characters we cannot accept.");
  if (normalised->empty()) return Error::field(field, "Enter your " + label + ".");
  if (text::code_points(*normalised) > 120) return Error::field(field, sentence_start + " can be at most 120 characters.");
  return std::move(*normalised);
}

}  // namespace matricula
