#include "fakes/fakes.hpp"

#include "fakes/memory_store.hpp"

namespace matricula::testing {

void FakeRandom::fill(std::span<std::uint8_t> out) {
  for (std::size_t i = 0; i < out.size(); ++i)
    out[i] = i < next_bytes.size() ? next_bytes[i] : static_cast<std::uint8_t>(counter++);
  next_bytes.clear();
}

std::string FakeRandom::url_token(std::size_t bytes) {
  return "token" + std::to_string(++counter) + "-" + std::to_string(bytes);
}

std::string FakeHasher::hash(std::string_view password) {
  ++hashes;
  return prefix + std::string(password);
}

bool FakeHasher::verify(std::string_view stored_hash, std::string_view password) {
  ++verifications;
  auto dollar = stored_hash.find('$');
  return dollar != std::string_view::npos && stored_hash.substr(dollar + 1) == password;
}

bool FakeHasher::needs_rehash(std::string_view stored_hash) { return stored_hash.rfind(prefix, 0) != 0; }

void FakeHasher::verify_dummy(std::string_view) {
  ++verifications;
  ++dummy_verifications;
}

OutgoingMail FakeComposer::compose(const std::string& name, const std::string& to,
                                   const std::map<std::string, std::string>& values) {
  composed.emplace_back(name, values);
  OutgoingMail mail{to, name, "", "", "<" + std::to_string(composed.size()) + "@test>"};
  for (auto& [key, value] : values) mail.text_body += key + "=" + value + "\n";
  return mail;
}

std::string FakeTransport::send(const OutgoingMail& mail, const std::string&) {
  if (!failures.empty()) {
    auto error = failures.front();
    failures.erase(failures.begin());
    return error;
  }
  sent.push_back(mail);
  return {};
}

Result<ProcessedImage> FakeImages::process(std::string_view bytes) {
  if (bytes.rfind("IMG", 0) != 0) return Error::field("profile_picture", "Choose a JPEG, PNG, WebP or GIF picture.");
  return ProcessedImage{"image/png", "large:" + std::string(bytes), "small:" + std::string(bytes)};
}

TestWorld::TestWorld()
    : memory(std::make_unique<MemoryStore>()),
      services{*memory, clock, random, hasher, digest, composer, images, AppSettings{.site_url = "https://school.test"}} {}

TestWorld::~TestWorld() = default;

std::vector<OutgoingMail> TestWorld::outbox() const {
  std::vector<OutgoingMail> out;
  for (auto& m : memory->snapshot().mail) out.push_back(m.queued.mail);
  return out;
}

std::vector<std::string> TestWorld::mail_names() const {
  std::vector<std::string> out;
  for (auto& m : outbox()) out.push_back(m.subject);
  return out;
}

}  // namespace matricula::testing
