#include "http/views.hpp"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>

namespace matricula::http {
namespace {

constexpr const char* kLayout = "layout/base";
constexpr const char* kContentTag = "{{{content}}}";

void paste(std::string& text, const std::string& tag, const std::string& body) {
  for (auto at = text.find(tag); at != std::string::npos; at = text.find(tag, at + body.size()))
    text.replace(at, tag.size(), body);
}

}  // namespace

Views::Views(const std::string& template_dir) {
  static std::atomic<std::uint64_t> views_made{0};
  serial_ = ++views_made;
  namespace fs = std::filesystem;
  if (!fs::is_directory(template_dir)) throw std::runtime_error("templates folder not found: " + template_dir);
  std::map<std::string, std::string> sources;  // "account/login" -> text
  for (auto& entry : fs::recursive_directory_iterator(template_dir)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".html") continue;
    auto relative = fs::relative(entry.path(), template_dir);
    if (relative.begin()->string() == "email") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    sources.emplace(relative.replace_extension().generic_string(), text.str());
  }
  auto layout = sources.find(kLayout);
  if (layout == sources.end() || layout->second.find(kContentTag) == std::string::npos)
    throw std::runtime_error(std::string("template ") + kLayout + " with " + kContentTag + " not found");
  for (auto& [name, text] : sources) {
    if (name == kLayout || name.rfind("partials/", 0) == 0) continue;
    // The page inside the layout, partials pasted in (one level deep: partials do not
    // include partials): one template, parsed once, rendered in one pass.
    auto page = layout->second;
    paste(page, kContentTag, text);
    for (auto& [partial, body] : sources)
      if (partial.rfind("partials/", 0) == 0) paste(page, "{{> " + partial.substr(9) + "}}", body);
    kainjow::mustache::mustache check(page);
    if (!check.is_valid()) throw std::runtime_error("template " + name + ": " + check.error_message());
    pages_.emplace(name, std::move(page));
  }
}

std::string Views::render_page(const std::string& name, const ViewData& data) const {
  auto source = pages_.find(name);
  if (source == pages_.end()) throw std::runtime_error("no template " + name);
  // Compiled once per thread: a kainjow template is not safe to share while rendering. Keyed
  // by this Views' serial number (an address may be reused by a later one) and the source's
  // address, which stays put as long as this Views does.
  thread_local std::map<std::pair<std::uint64_t, const std::string*>, std::unique_ptr<kainjow::mustache::mustache>>
      compiled;
  auto& slot = compiled[{serial_, &source->second}];
  if (!slot) slot = std::make_unique<kainjow::mustache::mustache>(source->second);
  std::string html;
  html.reserve(4096);
  slot->render(data, [&html](const std::string& text) { html += text; });
  return html;
}

}  // namespace matricula::http
