#include "http/context.hpp"

namespace matricula::http {

void Context::attach_session(SessionAndUser loaded) {
  loaded_ = loaded.session;
  current_ = std::move(loaded.session);
  if (loaded.user && !loaded.user->active) loaded.user.reset();
  user_ = std::move(loaded.user);
}

Session& Context::session() {
  if (!current_) {
    auto started = start_session(services);
    loaded_ = started.session;
    current_ = std::move(started.session);
    new_cookie_id = std::move(started.new_cookie_id);
  }
  return *current_;
}

void Context::flash(std::string level, std::string text) {
  session().flashes.push_back({std::move(level), std::move(text)});
}

std::vector<Flash> Context::take_flashes() {
  if (!current_) return {};
  return std::exchange(current_->flashes, {});
}

void Context::sign_in(const User& user) {
  auto rotated = sign_in_session(services, current_.value_or(Session{}), user.id);
  loaded_ = rotated.session;
  current_ = std::move(rotated.session);
  new_cookie_id = std::move(rotated.new_cookie_id);
  user_ = user;
}

void Context::sign_out() {
  auto fresh = sign_out_session(services, current_.value_or(Session{}));
  loaded_ = fresh.session;
  current_ = std::move(fresh.session);
  new_cookie_id = std::move(fresh.new_cookie_id);
  user_.reset();
}

void Context::save() {
  if (current_ && loaded_) save_session(services, *loaded_, *current_);
}

}  // namespace matricula::http
