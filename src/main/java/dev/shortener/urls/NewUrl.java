package dev.shortener.urls;

import java.time.LocalDateTime;

/** A validated create: {@code customCode} and {@code expiresAt} may be null (generate one; never expires). */
public record NewUrl(long userId, String originalUrl, String title, String customCode, LocalDateTime expiresAt) {}
