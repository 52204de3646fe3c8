package dev.shortener.webhooks;

import dev.shortener.validation.TargetUrls;
import dev.shortener.validation.Fields;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Rules for {@code POST /webhooks}. */
final class WebhookValidation {
  static final Set<String> TYPES = Set.of(WebhookOutbox.LINK_CLICKED, WebhookOutbox.LINK_CREATED,
      WebhookOutbox.LINK_UPDATED, WebhookOutbox.LINK_DELETED);

  record NewWebhook(String url, List<String> events, Long userId) {}

  private WebhookValidation() {}

  /** {@code ownHost}: the service's public host ({@link TargetUrls#hostOf}); a receiver there is the service itself. */
  static NewWebhook create(JsonObject body, boolean allowPrivate, String ownHost) {
    Fields fields = new Fields(body);
    String url = fields.string("url", true, TargetUrls.MAX_LENGTH, false);
    if (url != null) {
      String problem = urlProblem(url, allowPrivate, ownHost);
      if (problem != null) {
        fields.reject("url", problem);
      }
    }
    List<String> events = events(body, fields);
    Long userId = fields.id("user_id", false);
    fields.validate();
    return new NewWebhook(url, events, userId);
  }

  /**
   * A public https URL, by the redirect-target rules (no private or loopback literal, no localhost);
   * with {@code allowPrivate}, any http(s) URL with a host. Never the service's own public host, as
   * for a link target: the service would post its own events to itself. Names are resolved and
   * checked again at every delivery ({@link ReceiverAddresses}).
   */
  static String urlProblem(String url, boolean allowPrivate, String ownHost) {
    if (allowPrivate) {
      try {
        URI uri = new URI(url);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null || uri.getUserInfo() != null) {
          return "must be an http or https URL with a host and no credentials";
        }
        String host = TargetUrls.hostOf(url);
        return host.equals(ownHost) ? "must not point to this service" : null;
      } catch (URISyntaxException | IllegalArgumentException e) {
        return "must be a valid URL";
      }
    }
    if (!url.regionMatches(true, 0, "https://", 0, 8)) {
      return "must be an https URL";
    }
    return TargetUrls.problem(url, ownHost);
  }

  private static List<String> events(JsonObject body, Fields fields) {
    Object raw = body.getValue("events");
    if (!(raw instanceof JsonArray array) || array.isEmpty()) {
      fields.reject("events", "must be a non-empty array of " + String.join(", ", TYPES.stream().sorted().toList()));
      return List.of();
    }
    List<String> events = new ArrayList<>();
    for (Object value : array) {
      if (!(value instanceof String type) || !TYPES.contains(type)) {
        fields.reject("events", "each must be one of " + String.join(", ", TYPES.stream().sorted().toList()));
        return List.of();
      }
      if (!events.contains(type)) {
        events.add(type);
      }
    }
    return events;
  }
}
