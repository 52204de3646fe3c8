package dev.shortener.urls;

import java.time.LocalDateTime;

/**
 * A validated create: {@code customCode} and {@code expiresAt} may be null (generate one; never expires);
 * {@code settings} are its link options ({@link LinkSettings#NONE} for a plain link).
 */
public record NewUrl(long userId, String originalUrl, String title, String customCode, LocalDateTime expiresAt,
    LinkSettings settings) {
  /** The same create with other settings (the password replaced by its hash). */
  NewUrl with(LinkSettings other) {
    return new NewUrl(userId, originalUrl, title, customCode, expiresAt, other);
  }
}
