#pragma once
// The subcommands of the matricula binary; each returns the process exit status.
#include <string>

#include "wiring.hpp"

namespace matricula::cli {

int serve(Wiring& w);
int worker(Wiring& w);
int migrate(Wiring& w);
int check(Wiring& w);
int send_test_email(Wiring& w, const std::string& to);

struct SeedOptions {
  long long users = 0;
  long long sessions = 0;            // signed in, spread over the users; ids in OUT/sessions.txt
  long long anonymous_sessions = 0;  // "id csrf_token" lines in OUT/anonymous.txt
  long long mails = 0;               // queued in the outbox
  std::string password = "bench password 12345";
  std::string out_dir = ".";
};
int seed(Wiring& w, const SeedOptions& options);

struct SuperuserOptions {
  std::string email, first_name, last_name;  // asked for when empty
  bool password_stdin = false;               // else asked for without echo
};
int createsuperuser(Wiring& w, SuperuserOptions options);

}  // namespace matricula::cli
