package dev.shortener.users;

import dev.shortener.validation.Fields;
import dev.shortener.validation.Text;
import io.vertx.core.json.JsonObject;

/** Rules for user fields, shared by create, update and the CSV import. */
public final class UserValidation {
  static final int USERNAME_MAX = 150;
  static final int EMAIL_MAX = 254;

  record Changes(String username, String email) {
    boolean none() {
      return username == null && email == null;
    }
  }

  private UserValidation() {}

  static Changes create(JsonObject body) {
    return read(body, true);
  }

  static Changes update(JsonObject body) {
    return read(body, false);
  }

  private static Changes read(JsonObject body, boolean required) {
    Fields fields = new Fields(body);
    String username = fields.string("username", required, USERNAME_MAX, false);
    String email = fields.string("email", required, EMAIL_MAX, false);
    if (email != null && !Text.isEmail(email)) {
      fields.reject("email", "must be a valid email address");
    }
    fields.validate();
    return new Changes(username, email);
  }

  /** The same rules for one CSV cell; null when fine, else the message. */
  public static String usernameProblem(String username) {
    if (username.isEmpty()) {
      return "username must not be blank";
    }
    if (username.length() > USERNAME_MAX) {
      return "username must be at most " + USERNAME_MAX + " characters";
    }
    return Text.hasControlCharacters(username) ? "username must not contain control characters" : null;
  }

  public static String emailProblem(String email) {
    return email.length() <= EMAIL_MAX && Text.isEmail(email) ? null : "email must be a valid email address";
  }
}
