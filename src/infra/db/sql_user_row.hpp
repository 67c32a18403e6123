#pragma once
#include <cstddef>
#include <string>

#include "domain/user.hpp"
#include "infra/db/sql_connection.hpp"

namespace matricula::db {

// The columns of a user, its picture's name and its roles, as a select list over `users`;
// to_user reads them back from column `first` on. Shared by every query that returns users.
// The password hash is not among them: only the queries for a use case that checks a password
// select it (after these), so that sessions and listings never read it or keep it in memory.
extern const std::string kUserFields;
constexpr std::size_t kUserFieldCount = 11;
User to_user(const SqlRow& row, std::size_t first);

}  // namespace matricula::db
