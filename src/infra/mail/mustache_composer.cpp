#include "infra/mail/mustache_composer.hpp"

#include <kainjow/mustache.hpp>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace matricula::mail {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("mail template not found: " + path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string render(const std::string& source, const kainjow::mustache::data& data, const std::string& path) {
  kainjow::mustache::mustache tmpl(source);
  if (!tmpl.is_valid()) throw std::runtime_error("mail template " + path + ": " + tmpl.error_message());
  return tmpl.render(data);
}

std::string host_of(const std::string& url) {
  auto start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  auto end = url.find_first_of(":/", start);
  auto host = url.substr(start, end == std::string::npos ? std::string::npos : end - start);
  return host.empty() ? "localhost" : host;
}

}  // namespace

MustacheComposer::MustacheComposer(std::string template_dir, std::string site_url, Random& random)
    : template_dir_(std::move(template_dir)),
      site_url_(std::move(site_url)),
      message_id_domain_(host_of(site_url_)),
      random_(random) {}

OutgoingMail MustacheComposer::compose(const std::string& name, const std::string& to,
                                       const std::map<std::string, std::string>& values) {
  kainjow::mustache::data data;
  data.set("site_url", site_url_);
  for (auto& [key, value] : values) data.set(key, value);

  auto text_path = template_dir_ + "/email/" + name + ".txt";
  auto html_path = template_dir_ + "/email/" + name + ".html";
  auto text = render(read_file(text_path), data, text_path);
  static constexpr std::string_view prefix = "Subject: ";
  auto line_end = text.find('\n');
  if (text.rfind(prefix, 0) != 0 || line_end == std::string::npos)
    throw std::runtime_error("mail template " + text_path + " must start with a Subject: line");

  OutgoingMail mail;
  mail.to = to;
  mail.subject = text.substr(prefix.size(), line_end - prefix.size());
  auto body_start = text.find_first_not_of('\n', line_end);
  mail.text_body = body_start == std::string::npos ? "" : text.substr(body_start);
  mail.html_body = render(read_file(html_path), data, html_path);
  mail.message_id = "<" + random_.url_token(18) + "@" + message_id_domain_ + ">";
  return mail;
}

}  // namespace matricula::mail
