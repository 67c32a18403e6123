#include "infra/mail/smtp_transport.hpp"

#include <curl/curl.h>

#include <ctime>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string_view>

namespace matricula::mail {
namespace {

using Slist = std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)>;
using Mime = std::unique_ptr<curl_mime, decltype(&curl_mime_free)>;

void add_text_part(curl_mime* mime, const std::string& body, const char* type) {
  auto* part = curl_mime_addpart(mime);
  curl_mime_data(part, body.c_str(), CURL_ZERO_TERMINATED);
  curl_mime_type(part, type);
  curl_mime_encoder(part, "quoted-printable");
}

}  // namespace

std::string rfc5322_date(long long unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  static constexpr const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char out[64];
  std::snprintf(out, sizeof out, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday], tm.tm_mday,
                months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return out;
}

std::string address_of(const std::string& mailbox) {
  auto open = mailbox.rfind('<');
  auto close = mailbox.rfind('>');
  if (open != std::string::npos && close != std::string::npos && close > open)
    return mailbox.substr(open + 1, close - open - 1);
  return mailbox;
}

SmtpTransport::SmtpTransport(SmtpSettings settings) : settings_(std::move(settings)) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  curl_ = curl_easy_init();
  if (!curl_) throw std::runtime_error("libcurl failed to initialise");
}

SmtpTransport::~SmtpTransport() { curl_easy_cleanup(static_cast<CURL*>(curl_)); }

void SmtpTransport::set_connection_options() {
  auto* curl = static_cast<CURL*>(curl_);
  curl_easy_reset(curl);  // keeps the open connection, drops the last message's options
  auto scheme = settings_.security == SmtpSecurity::implicit_tls ? "smtps://" : "smtp://";
  auto url = std::string(scheme) + settings_.host + ":" + std::to_string(settings_.port);
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_USE_SSL,
                   settings_.security == SmtpSecurity::none ? CURLUSESSL_NONE : CURLUSESSL_ALL);
  if (!settings_.username.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, settings_.username.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, settings_.password.c_str());
  }
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, settings_.timeout_seconds);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
}

std::string SmtpTransport::probe() {
  set_connection_options();
  auto* curl = static_cast<CURL*>(curl_);
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, "NOOP");
  curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  auto rc = curl_easy_perform(curl);
  return rc == CURLE_OK ? std::string() : curl_easy_strerror(rc);
}

std::string SmtpTransport::send(const OutgoingMail& mail, const std::string& from) {
  set_connection_options();
  auto* curl = static_cast<CURL*>(curl_);
  auto envelope_from = "<" + address_of(from) + ">";
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, envelope_from.c_str());
  Slist recipients(curl_slist_append(nullptr, ("<" + mail.to + ">").c_str()), &curl_slist_free_all);
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients.get());

  Slist headers(nullptr, &curl_slist_free_all);
  for (const auto& h : {"Date: " + rfc5322_date(std::time(nullptr)), "From: " + from, "To: " + mail.to,
                        "Subject: " + mail.subject, "Message-ID: " + mail.message_id}) {
    headers.reset(curl_slist_append(headers.release(), h.c_str()));
  }
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());

  Mime mime(curl_mime_init(curl), &curl_mime_free);
  Mime alternatives(curl_mime_init(curl), &curl_mime_free);
  add_text_part(alternatives.get(), mail.text_body, "text/plain; charset=utf-8");
  add_text_part(alternatives.get(), mail.html_body, "text/html; charset=utf-8");
  auto* body = curl_mime_addpart(mime.get());
  curl_mime_subparts(body, alternatives.release());  // now owned by `mime`
  curl_mime_type(body, "multipart/alternative");
  curl_easy_setopt(curl, CURLOPT_MIMEPOST, mime.get());
  auto rc = curl_easy_perform(curl);
  if (rc != CURLE_OK) return curl_easy_strerror(rc);
  return {};
}

}  // namespace matricula::mail
