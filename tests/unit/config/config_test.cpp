#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "config/config.hpp"
#include "config/dotenv.hpp"
#include "config/url.hpp"

using namespace matricula::config;

namespace {

std::string error_of(const std::map<std::string, std::string>& env) {
  try {
    load_config(env, "/res");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(Dotenv, ParsesTheUsualForms) {
  auto v = parse_dotenv(
      "# comment\nA=1\nexport B = two words # note\nC='single $quoted'\nD=\"line\\nbreak\"\nnot a line\n9X=bad\n");
  EXPECT_EQ(v["A"], "1");
  EXPECT_EQ(v["B"], "two words");
  EXPECT_EQ(v["C"], "single $quoted");
  EXPECT_EQ(v["D"], "line\nbreak");
  EXPECT_EQ(v.count("9X"), 0u);
  EXPECT_EQ(v.size(), 4u);
}

TEST(Config, DevelopmentDefaults) {
  auto c = load_config({}, "/res");
  EXPECT_EQ(c.listen_host, "127.0.0.1");
  EXPECT_EQ(c.listen_port, 8000);
  EXPECT_EQ(c.site_url, "http://127.0.0.1:8000");
  EXPECT_EQ(c.database_url, "sqlite:var/matricula.db");
  EXPECT_EQ(c.email.kind, EmailConfig::Kind::console);
  EXPECT_EQ(c.email.directory, "var/mail");
  EXPECT_EQ(c.resource_dir, "/res");
  EXPECT_FALSE(c.secure_cookies());
}

TEST(Config, IoThreadsFollowTheCores) {
  const int cores = std::clamp(static_cast<int>(std::thread::hardware_concurrency()), 2, 32);
  EXPECT_EQ(load_config({}, "/res").io_threads, cores);
  EXPECT_EQ(load_config({{"MATRICULA_DATABASE_URL", "postgresql://db/x"}}, "/res").io_threads, 2 * cores);
  EXPECT_EQ(load_config({{"MATRICULA_DATABASE_URL", "postgresql://db/x"}, {"MATRICULA_IO_THREADS", "3"}}, "/res").io_threads, 3);
}

TEST(Config, DatabaseTimeout) {
  EXPECT_EQ(load_config({}, "/res").database_timeout_seconds, 5);
  EXPECT_EQ(load_config({{"MATRICULA_DATABASE_TIMEOUT_SECONDS", "30"}}, "/res").database_timeout_seconds, 30);
  EXPECT_NE(error_of({{"MATRICULA_DATABASE_TIMEOUT_SECONDS", "0"}}).find("MATRICULA_DATABASE_TIMEOUT_SECONDS"),
            std::string::npos);
}

TEST(Config, EmailUrls) {
  auto c = load_config({{"MATRICULA_EMAIL_URL", "smtp://me%40school.edu:p%3Ass@mail.school.edu"}}, "/res");
  EXPECT_EQ(c.email.kind, EmailConfig::Kind::smtp);
  EXPECT_EQ(c.email.security, EmailConfig::Security::starttls);
  EXPECT_EQ(c.email.port, 587);
  EXPECT_EQ(c.email.username, "me@school.edu");
  EXPECT_EQ(c.email.password, "p:ss");
  c = load_config({{"MATRICULA_EMAIL_URL", "smtps://mail.school.edu"}}, "/res");
  EXPECT_EQ(c.email.security, EmailConfig::Security::implicit_tls);
  EXPECT_EQ(c.email.port, 465);
  c = load_config({{"MATRICULA_EMAIL_URL", "smtp+plain://127.0.0.1:2525"}}, "/res");
  EXPECT_EQ(c.email.security, EmailConfig::Security::none);
  EXPECT_EQ(c.email.port, 2525);
  c = load_config({{"MATRICULA_EMAIL_URL", "file:/tmp/mail"}}, "/res");
  EXPECT_EQ(c.email.kind, EmailConfig::Kind::file);
  EXPECT_EQ(c.email.directory, "/tmp/mail");
  EXPECT_NE(error_of({{"MATRICULA_EMAIL_URL", "smtp+plain://u:p@relay:25"}}).find("MATRICULA_EMAIL_URL"),
            std::string::npos);
  EXPECT_NE(error_of({{"MATRICULA_EMAIL_URL", "carrier-pigeon://x"}}).find("MATRICULA_EMAIL_URL"), std::string::npos);
}

TEST(Config, TheSeedsDjangoMailSettingsWork) {
  auto c = load_config({{"EMAIL_HOST", "smtp.gmail.com"},
                        {"EMAIL_PORT", "587"},
                        {"EMAIL_USE_TLS", "True"},
                        {"EMAIL_HOST_USER", "me@gmail.com"},
                        {"EMAIL_HOST_PASSWORD", "app-password"},
                        {"DEFAULT_FROM_EMAIL", "School <me@gmail.com>"}},
                       "/res");
  EXPECT_EQ(c.email.kind, EmailConfig::Kind::smtp);
  EXPECT_EQ(c.email.host, "smtp.gmail.com");
  EXPECT_EQ(c.email.security, EmailConfig::Security::starttls);
  EXPECT_EQ(c.email.username, "me@gmail.com");
  EXPECT_EQ(c.email_from, "School <me@gmail.com>");
}

TEST(Config, BadValuesNameTheVariable) {
  EXPECT_NE(error_of({{"MATRICULA_LISTEN", "8000"}}).find("MATRICULA_LISTEN"), std::string::npos);
  EXPECT_NE(error_of({{"MATRICULA_LISTEN", "127.0.0.1:99999"}}).find("MATRICULA_LISTEN"), std::string::npos);
  EXPECT_NE(error_of({{"MATRICULA_SITE_URL", "example.com"}}).find("MATRICULA_SITE_URL"), std::string::npos);
  EXPECT_NE(error_of({{"MATRICULA_DATABASE_URL", "mysql://x"}}).find("MATRICULA_DATABASE_URL"), std::string::npos);
  EXPECT_NE(error_of({{"MATRICULA_ENV", "prod"}}).find("MATRICULA_ENV"), std::string::npos);
}

TEST(Config, ProductionIsStrict) {
  std::map<std::string, std::string> env{{"MATRICULA_ENV", "production"},
                                         {"MATRICULA_SITE_URL", "http://accounts.school.edu"},
                                         {"MATRICULA_EMAIL_URL", "smtp://relay.school.edu"}};
  EXPECT_NE(error_of(env).find("https"), std::string::npos);
  env["MATRICULA_SITE_URL"] = "https://accounts.school.edu";
  auto c = load_config(env, "/res");
  EXPECT_TRUE(c.secure_cookies());
  EXPECT_THROW(resolve_secret_key(c, env), ConfigError);
  env["MATRICULA_SECRET_KEY"] = "too short";
  EXPECT_THROW(resolve_secret_key(c, env), ConfigError);
  env["MATRICULA_SECRET_KEY"] = std::string(32, 'k');
  resolve_secret_key(c, env);
  EXPECT_EQ(c.secret_key, std::string(32, 'k'));
  env["MATRICULA_TEST_CLOCK_OFFSET_FILE"] = "/tmp/x";
  EXPECT_NE(error_of(env).find("MATRICULA_TEST_CLOCK_OFFSET_FILE"), std::string::npos);
}

TEST(Url, ParsesAuthorityParts) {
  auto u = parse_url("postgresql://user:pa%40ss@[::1]:5432/db");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->scheme, "postgresql");
  EXPECT_EQ(u->password, "pa@ss");
  EXPECT_EQ(u->host, "::1");
  EXPECT_EQ(u->port, "5432");
  EXPECT_EQ(u->path, "/db");
  EXPECT_FALSE(parse_url("no scheme"));
  EXPECT_FALSE(parse_url("http://host:port"));
}
