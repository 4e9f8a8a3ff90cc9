package dev.docket.dashboard.internal;

import dev.docket.Docket;
import dev.docket.TaskType;
import dev.docket.dashboard.DashboardOptions;

/** What every page needs: the client, the options, the CSRF token and the page frame. */
final class View {

  final Docket docket;
  final DashboardOptions options;
  private final String csrf;
  private final String broker;

  View(Docket docket, DashboardOptions options, String csrf) {
    this.docket = docket;
    this.options = options;
    this.csrf = csrf;
    // Docket's toString redacts the user:password of its URIs; nothing else about them is shown.
    this.broker = docket.toString();
  }

  String page(String title, String body) {
    return Html.page(title, broker, options.readOnly(), body);
  }

  /** The hidden CSRF field every form carries. */
  String csrfField() {
    return "<input type=\"hidden\" name=\"csrf\" value=\"" + Html.esc(csrf) + "\">";
  }

  /** A queue name from a request, checked like any queue name (400 when invalid). */
  static String queue(String name) {
    TaskType.validateQueue(name);
    return name;
  }
}
