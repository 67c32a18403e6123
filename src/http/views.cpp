#include "http/views.hpp"

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>

namespace matricula::http {

Views::Views(const std::string& template_dir) {
  namespace fs = std::filesystem;
  if (!fs::is_directory(template_dir)) throw std::runtime_error("templates folder not found: " + template_dir);
  for (auto& entry : fs::recursive_directory_iterator(template_dir)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".html") continue;
    auto relative = fs::relative(entry.path(), template_dir);
    if (relative.begin()->string() == "email") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    auto name = relative.replace_extension().generic_string();
    kainjow::mustache::mustache check(text.str());
    if (!check.is_valid()) throw std::runtime_error("template " + name + ": " + check.error_message());
    sources_.emplace(name, text.str());
  }
}

const std::string& Views::source(const std::string& name) const {
  auto it = sources_.find(name);
  if (it == sources_.end()) throw std::runtime_error("no template " + name);
  return it->second;
}

std::string Views::render(const std::string& name, const ViewData& data) const {
  // Compiled once per thread: a kainjow template is not safe to share while rendering.
  thread_local std::map<std::pair<const Views*, std::string>, std::unique_ptr<kainjow::mustache::mustache>> compiled;
  auto& slot = compiled[{this, name}];
  if (!slot) slot = std::make_unique<kainjow::mustache::mustache>(source(name));
  ViewData with_partials = data;
  for (auto& [partial, text] : sources_) {
    if (partial.rfind("partials/", 0) == 0) {
      const std::string* body = &text;
      with_partials.set(partial.substr(9), kainjow::mustache::partial([body] { return *body; }));
    }
  }
  return slot->render(with_partials);
}

std::string Views::render_page(const std::string& name, ViewData data) const {
  data.set("content", render(name, data));
  return render("layout/base", data);
}

}  // namespace matricula::http
