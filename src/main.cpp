// The matricula command.
#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/commands.hpp"
#include "log/log.hpp"

using namespace matricula;

int main(int argc, char** argv) {
  CLI::App app{"matricula: accounts for learning platforms"};
  app.require_subcommand(1);
  auto* serve = app.add_subcommand("serve", "Serve the site (refuses to start with pending migrations)");
  auto* worker = app.add_subcommand("worker", "Deliver the mail outbox as a process of its own");
  auto* migrate = app.add_subcommand("migrate", "Apply pending database migrations");
  auto* check = app.add_subcommand("check", "Check configuration, database, mail server and secret key");
  cli::SeedOptions seed_options;
  auto* seed = app.add_subcommand("seed", "Fill the database fast for benchmarks (users, sessions, mail)");
  seed->add_option("--users", seed_options.users, "Verified users with a student profile");
  seed->add_option("--sessions", seed_options.sessions, "Signed-in sessions (cookie ids written to OUT/sessions.txt)");
  seed->add_option("--anonymous-sessions", seed_options.anonymous_sessions,
                   "Anonymous sessions with CSRF tokens (OUT/anonymous.txt)");
  seed->add_option("--mails", seed_options.mails, "Messages queued in the outbox");
  seed->add_option("--out", seed_options.out_dir, "Folder for the cookie files");
  cli::SuperuserOptions superuser_options;
  auto* createsuperuser = app.add_subcommand("createsuperuser", "Create an administrator account");
  createsuperuser->add_option("--email", superuser_options.email, "E-mail address");
  createsuperuser->add_option("--first-name", superuser_options.first_name, "First name");
  createsuperuser->add_option("--last-name", superuser_options.last_name, "Last name");
  createsuperuser->add_flag("--password-stdin", superuser_options.password_stdin,
                            "Read the password from standard input (for scripts)");
  std::string to;
  auto* test_mail = app.add_subcommand("send-test-email", "Send a test message with the configured mail settings");
  test_mail->add_option("to", to, "Recipient address")->required();
  CLI11_PARSE(app, argc, argv);

  try {
    auto env = config::gather_environment();
    auto config = config::load_config(env, MATRICULA_DEFAULT_RESOURCE_DIR);
    config::resolve_secret_key(config, env);
    auto level = config.log_level == "debug"  ? log::Level::debug
                 : config.log_level == "warn" ? log::Level::warn
                 : config.log_level == "error" ? log::Level::error
                                               : log::Level::info;
    log::init(config.production ? log::Format::json : log::Format::text, level);
    Wiring wiring(config);
    if (*serve) return cli::serve(wiring);
    if (*worker) return cli::worker(wiring);
    if (*migrate) return cli::migrate(wiring);
    if (*check) return cli::check(wiring);
    if (*test_mail) return cli::send_test_email(wiring, to);
    if (*createsuperuser) return cli::createsuperuser(wiring, superuser_options);
    if (*seed) {
      if (config.production) throw std::runtime_error("seed is refused in production");
      return cli::seed(wiring, seed_options);
    }
  } catch (const config::ConfigError& e) {
    std::cerr << "matricula: configuration error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "matricula: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
