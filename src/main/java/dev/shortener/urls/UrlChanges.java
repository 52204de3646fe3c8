package dev.shortener.urls;

import io.vertx.core.json.JsonObject;
import java.time.LocalDateTime;

/**
 * A validated update; null fields stay as they are. {@code expiresAtSet} distinguishes "clear the
 * expiry" (null) from "leave it"; {@code settings} are the link options to change. {@code submitted}
 * is what the {@code updated} event records.
 */
public record UrlChanges(String title, Boolean isActive, String originalUrl, boolean expiresAtSet,
    LocalDateTime expiresAt, LinkSettings settings, JsonObject submitted) {
  public boolean none() {
    return title == null && isActive == null && originalUrl == null && !expiresAtSet && settings.none();
  }

  /** The same changes with other settings (the password replaced by its hash). */
  UrlChanges with(LinkSettings other) {
    return new UrlChanges(title, isActive, originalUrl, expiresAtSet, expiresAt, other, submitted);
  }
}
