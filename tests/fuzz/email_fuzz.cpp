// The domain's value types: Email, PhoneNumber, PasswordPolicy, LoginCode, person names.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/email.hpp"
#include "domain/login_code.hpp"
#include "domain/password_policy.hpp"
#include "domain/person_name.hpp"
#include "domain/phone_number.hpp"
#include "domain/text.hpp"
#include "fuzz_check.hpp"

using namespace matricula;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);

  std::vector<std::string> personal_words = {"Ada", "Lovelace", "ada.lovelace@example.edu"};
  if (auto email = Email::parse(input)) {
    // The canonical form is a fixed point: parsing it again gives itself.
    FUZZ_CHECK(email->str().size() <= 254);  // else parse rejects its own output
    auto again = Email::parse(email->str());
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(again->str() == email->str());
    FUZZ_CHECK(email->str().find('@') == email->local_part().size());
    personal_words.push_back(email->str());
  }

  if (auto phone = PhoneNumber::parse(input)) {
    auto again = PhoneNumber::parse(phone->str());
    FUZZ_CHECK(again.ok() && again->str() == phone->str());
    FUZZ_CHECK(phone->str().size() >= 9 && phone->str().size() <= 17);
  }

  if (auto password = PasswordPolicy::check(input, personal_words)) {
    auto length = text::code_points(*password);
    FUZZ_CHECK(length >= PasswordPolicy::min_length && length <= PasswordPolicy::max_length);
    FUZZ_CHECK(PasswordPolicy::normalise(input) == *password);
    FUZZ_CHECK(PasswordPolicy::normalise(*password) == *password);
  } else {
    FUZZ_CHECK(password.error().fields.count("password") == 1);
  }

  if (auto code = LoginCode::normalise(input)) {
    FUZZ_CHECK(code->size() == LoginCode::length);
    for (char c : *code) FUZZ_CHECK(LoginCode::alphabet.find(c) != std::string_view::npos);
    FUZZ_CHECK(LoginCode::normalise(LoginCode::display(*code)) == code);
  }

  if (auto name = parse_person_name(input, "first_name", "first name")) {
    FUZZ_CHECK(!name->empty() && !text::has_control_characters(*name));
    FUZZ_CHECK(text::code_points(*name) <= 120);
  }
  return 0;
}
