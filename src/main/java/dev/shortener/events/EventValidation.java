package dev.shortener.events;

import dev.shortener.accounts.Principal;
import dev.shortener.validation.Fields;
import io.vertx.core.json.JsonObject;

/** Rules for event bodies (create requires ids and type; update takes any subset). */
public final class EventValidation {
  public static final int TYPE_MAX = 50;

  record Fieldset(Long urlId, Long userId, String eventType, JsonObject details) {
    boolean none() {
      return urlId == null && userId == null && eventType == null && details == null;
    }
  }

  private EventValidation() {}

  /** A user key's event belongs to its user: on create {@code user_id} defaults to it; another one is 403. */
  static Fieldset read(JsonObject body, boolean create, Principal principal) {
    Fields fields = new Fields(body);
    Long urlId = fields.id("url_id", create);
    Long userId = fields.id("user_id", create && principal.admin());
    String type = fields.string("event_type", create, TYPE_MAX, false);
    JsonObject details = fields.object("details").orElse(null);
    fields.validate();
    Long owner = create || userId != null ? principal.userFor(userId) : null;
    return new Fieldset(urlId, owner, type, details);
  }
}
