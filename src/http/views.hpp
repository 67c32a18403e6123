#pragma once
#include <kainjow/mustache.hpp>

#include <map>
#include <string>

namespace matricula::http {

using ViewData = kainjow::mustache::data;

// The HTML templates under templates/, read once at start. A page renders its template,
// then the layout (layout/base.html) around it; {{> navbar}} and other partials are
// templates/partials/NAME.html, pasted in at load time so that no render parses them
// again. Values are HTML-escaped unless written {{{raw}}}.
class Views {
 public:
  explicit Views(const std::string& template_dir);
  std::string render(const std::string& name, ViewData& data) const;
  std::string render_page(const std::string& name, ViewData data) const;

 private:
  const std::string& source(const std::string& name) const;
  std::map<std::string, std::string> sources_;  // "account/login" -> text
};

}  // namespace matricula::http
