package dev.shortener.clicks;

import java.time.LocalDateTime;

/**
 * One redirect to record, as the redirect captured it: raw header values and the client address,
 * nothing parsed (the click writer enriches it off the request path). The address lives only in
 * memory until the visitor hash is made from it.
 */
public record Click(long urlId, long userId, String shortCode, String referrer, String userAgent, LocalDateTime at,
    String clientAddress) {}
