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
    sources_.emplace(relative.replace_extension().generic_string(), text.str());
  }
  // Paste partials in (one level deep: partials do not include partials).
  for (auto& [name, text] : sources_) {
    for (auto& [partial, body] : sources_) {
      if (partial.rfind("partials/", 0) != 0) continue;
      auto tag = "{{> " + partial.substr(9) + "}}";
      for (auto at = text.find(tag); at != std::string::npos; at = text.find(tag, at + body.size()))
        text.replace(at, tag.size(), body);
    }
    kainjow::mustache::mustache check(text);
    if (!check.is_valid()) throw std::runtime_error("template " + name + ": " + check.error_message());
  }
}

const std::string& Views::source(const std::string& name) const {
  auto it = sources_.find(name);
  if (it == sources_.end()) throw std::runtime_error("no template " + name);
  return it->second;
}

std::string Views::render(const std::string& name, ViewData& data) const {
  // Compiled once per thread: a kainjow template is not safe to share while rendering.
  thread_local std::map<std::pair<const Views*, std::string>, std::unique_ptr<kainjow::mustache::mustache>> compiled;
  auto& slot = compiled[{this, name}];
  if (!slot) slot = std::make_unique<kainjow::mustache::mustache>(source(name));
  return slot->render(data);
}

std::string Views::render_page(const std::string& name, ViewData data) const {
  data.set("content", render(name, data));
  return render("layout/base", data);
}

}  // namespace matricula::http
