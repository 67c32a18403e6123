#include <termios.h>
#include <unistd.h>

#include <iostream>

#include "app/admin.hpp"
#include "cli/commands.hpp"

namespace matricula::cli {
namespace {

std::string prompt(const std::string& question, bool echo) {
  std::cerr << question << std::flush;
  termios saved{};
  bool terminal = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved) == 0;
  if (terminal && !echo) {
    termios quiet = saved;
    quiet.c_lflag &= static_cast<tcflag_t>(~ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string answer;
  std::getline(std::cin, answer);
  if (terminal && !echo) {
    tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    std::cerr << "\n";
  }
  return answer;
}

}  // namespace

int createsuperuser(Wiring& w, SuperuserOptions o) {
  if (o.email.empty()) o.email = prompt("E-mail: ", true);
  if (o.first_name.empty()) o.first_name = prompt("First name: ", true);
  if (o.last_name.empty()) o.last_name = prompt("Last name: ", true);
  std::string password;
  if (o.password_stdin) {
    std::getline(std::cin, password);
  } else {
    password = prompt("Password: ", false);
    if (prompt("Password again: ", false) != password) {
      std::cerr << "matricula: the passwords differ.\n";
      return 1;
    }
  }
  auto id = create_superuser(w.services, o.email, o.first_name, o.last_name, password);
  if (!id) {
    for (auto& [field, message] : id.error().fields) std::cerr << "matricula: " << field << ": " << message << "\n";
    return 1;
  }
  std::cout << "Superuser " << o.email << " created (id " << *id << ").\n";
  return 0;
}

}  // namespace matricula::cli
