#include "http/handlers/handlers.hpp"

namespace matricula::http {

Response home(Page& page) {
  ViewData data;
  data.set("title", "Home");
  if (auto& user = page.ctx.user()) {
    ViewData roles{ViewData::type::list};
    for (auto role : user->roles) roles.push_back(ViewData(role == Role::student ? "Student" : "Instructor"));
    data.set("has_roles", !roles.is_empty_list());
    data.set("roles", roles);
  }
  return page.render("home/index", data);
}

Response logout_confirm(Page& page) {
  if (!page.ctx.user()) return Response::redirect("/");
  ViewData data;
  data.set("title", "Sign out");
  return page.render_form("account/logout", data);
}

Response logout_submit(Page& page) {
  page.ctx.sign_out();
  page.ctx.flash("info", "You are signed out.");
  return Response::redirect("/");
}

}  // namespace matricula::http
