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

}  // namespace matricula::cli
