#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>

#include "infra/mail/smtp_transport.hpp"

namespace matricula::mail {

std::string LocalTransport::send(const OutgoingMail& mail, const std::string& from) {
  std::string text = "Date: " + rfc5322_date(std::time(nullptr)) + "\nFrom: " + from + "\nTo: " + mail.to +
                     "\nSubject: " + mail.subject + "\nMessage-ID: " + mail.message_id + "\n\n" + mail.text_body;
  if (!directory_.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(directory_, ec);
    auto stem = std::filesystem::path(directory_) /
                (std::to_string(std::time(nullptr)) + "-" +
                 address_of(mail.message_id).substr(0, address_of(mail.message_id).find('@')));
    // Written aside, then renamed: a reader never sees half a message.
    auto write = [&](const std::string& path, const std::string& body) {
      std::ofstream(path + ".tmp") << body;
      std::filesystem::rename(path + ".tmp", path, ec);
    };
    write(stem.string() + ".html", mail.html_body);
    write(stem.string() + ".txt", text);
    if (ec) return "cannot write mail under " + directory_ + ": " + ec.message();
  }
  if (echo_) {
    static std::mutex mutex;
    std::lock_guard lock(mutex);
    std::cout << "----- mail -----\n" << text << "\n----------------" << std::endl;
  }
  return {};
}

}  // namespace matricula::mail
