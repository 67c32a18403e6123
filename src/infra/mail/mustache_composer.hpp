#pragma once
#include <string>

#include "ports/mail_composer.hpp"
#include "ports/random.hpp"

namespace matricula::mail {

// templates/email/NAME.txt (first line "Subject: …", a blank line, then the plain text)
// and NAME.html, rendered with mustache; HTML values are escaped.
class MustacheComposer final : public MailComposer {
 public:
  MustacheComposer(std::string template_dir, std::string site_url, Random& random);
  OutgoingMail compose(const std::string& name, const std::string& to,
                       const std::map<std::string, std::string>& values) override;

 private:
  std::string template_dir_;
  std::string site_url_;
  std::string message_id_domain_;
  Random& random_;
};

}  // namespace matricula::mail
