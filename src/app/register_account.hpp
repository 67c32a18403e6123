#pragma once
#include <string>

#include "app/services.hpp"
#include "domain/result.hpp"

namespace matricula {

struct RegistrationForm {
  std::string first_name;
  std::string last_name;
  std::string email;
  std::string phone_number;
  std::string password;
  std::string role;
};

// Creates the user, the profile for the chosen role and queues the verification mail in
// one transaction. An address or phone already in use gives the same Ok: the owner of
// the submitted address learns why by mail, the person at the keyboard learns nothing.
Status register_account(Services& s, const RegistrationForm& form, const std::string& client_ip);

}  // namespace matricula
