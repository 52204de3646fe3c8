package dev.shortener.clicks;

import java.time.LocalDateTime;

/** One redirect to record: becomes a {@code redirect} event. */
public record Click(long urlId, long userId, String shortCode, String referrer, String userAgent, LocalDateTime at) {}
