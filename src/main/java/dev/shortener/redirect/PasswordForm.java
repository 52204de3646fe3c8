package dev.shortener.redirect;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The page of a password-protected link: one form that posts to {@code /{code}}, no script, no
 * external asset, its one inline style allowed by hash in a Content-Security-Policy that allows
 * nothing else. Works without JavaScript; the field has a label and errors are announced.
 */
final class PasswordForm {
  private static final String STYLE = "body{font:16px/1.5 system-ui,sans-serif;max-width:22rem;margin:4rem auto;"
      + "padding:0 1rem;color:#1a1a1a}label{display:block;font-weight:600;margin-bottom:.25rem}"
      + "input{width:100%;box-sizing:border-box;padding:.5rem;font:inherit;border:1px solid #767676;"
      + "border-radius:4px}button{margin-top:.75rem;padding:.5rem 1rem;font:inherit}"
      + "p.error{color:#b00020;font-weight:600}";
  private static final String CSP = "default-src 'none'; style-src 'sha256-" + sha256(STYLE) + "'; "
      + "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
  private static final CharSequence HTML = HttpHeaders.createOptimized("text/html; charset=utf-8");
  private static final CharSequence NO_STORE = HttpHeaders.createOptimized("private, no-store");

  private PasswordForm() {}

  /** Answers the form (status 200 on first sight, 401 after a wrong password). */
  static void send(HttpServerResponse response, int status, String code, boolean wrongPassword) {
    String error = wrongPassword
        ? "<p class=\"error\" id=\"error\" role=\"alert\">Wrong password. Please try again.</p>\n" : "";
    String describedBy = wrongPassword ? " aria-describedby=\"error\" aria-invalid=\"true\"" : "";
    String page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        + "<meta name=\"robots\" content=\"noindex\">\n<title>Password required</title>\n"
        + "<style>" + STYLE + "</style>\n</head>\n<body>\n<main>\n<h1>Password required</h1>\n"
        + "<p>This link is protected. Enter its password to continue.</p>\n" + error
        + "<form method=\"post\" action=\"/" + code + "\">\n"
        + "<label for=\"password\">Password</label>\n"
        + "<input id=\"password\" name=\"password\" type=\"password\" required maxlength=\"128\""
        + " autocomplete=\"current-password\" autofocus" + describedBy + ">\n"
        + "<button type=\"submit\">Continue</button>\n</form>\n</main>\n</body>\n</html>\n";
    response.setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, HTML)
        .putHeader(HttpHeaders.CACHE_CONTROL, NO_STORE)
        .putHeader("Content-Security-Policy", CSP)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader(RedirectRoutes.X_ROBOTS_TAG, RedirectRoutes.NOINDEX)
        .end(Buffer.buffer(page));
  }

  /** True when the client takes JSON and not HTML (an API client): it gets a JSON 401 instead of the page. */
  static boolean wantsJson(String accept) {
    if (accept == null) {
      return false;
    }
    String types = accept.toLowerCase(java.util.Locale.ROOT);
    boolean json = types.contains("application/json") || types.contains("+json");
    boolean html = types.contains("text/html") || types.contains("application/xhtml+xml");
    return json && !html;
  }

  private static String sha256(String text) {
    try {
      return Base64.getEncoder().encodeToString(
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
