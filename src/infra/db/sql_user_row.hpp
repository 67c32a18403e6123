#pragma once
#include <cstddef>
#include <string>

#include "domain/user.hpp"
#include "infra/db/sql_connection.hpp"

namespace matricula::db {

// The columns of a user, its picture's name and its roles, as a select list over `users`;
// to_user reads them back from column `first` on. Shared by every query that returns users.
extern const std::string kUserFields;
User to_user(const SqlRow& row, std::size_t first);

}  // namespace matricula::db
