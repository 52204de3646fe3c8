package dev.shortener.urls;

import io.vertx.core.json.JsonObject;
import java.time.LocalDateTime;

/**
 * A validated update; null fields stay as they are. {@code expiresAtSet} distinguishes "clear the
 * expiry" (null) from "leave it". {@code submitted} is what the {@code updated} event records.
 */
public record UrlChanges(String title, Boolean isActive, String originalUrl, boolean expiresAtSet,
    LocalDateTime expiresAt, JsonObject submitted) {
  public boolean none() {
    return title == null && isActive == null && originalUrl == null && !expiresAtSet;
  }
}
