#pragma once
#include <kainjow/mustache.hpp>

#include <cstdint>
#include <map>
#include <string>

namespace matricula::http {

using ViewData = kainjow::mustache::data;

// The HTML pages under templates/, read once at start. Each page is its template pasted
// into the layout (layout/base.html, at {{{content}}}), with {{> navbar}} and the other
// partials (templates/partials/NAME.html) pasted in too, so that a render is one pass over
// one parsed template. Values are HTML-escaped unless written {{{raw}}}.
class Views {
 public:
  explicit Views(const std::string& template_dir);
  std::string render_page(const std::string& name, const ViewData& data) const;

 private:
  std::map<std::string, std::string> pages_;  // "account/login" -> layout, page and partials
  std::uint64_t serial_ = 0;                   // tells this Views' compiled templates from earlier ones
};

}  // namespace matricula::http
