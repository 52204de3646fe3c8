package dev.shortener.ratelimit;

/** The limiter's answer for one request: whether it may pass, and what the RateLimit headers say. */
public record Decision(boolean allowed, int limit, int remaining, long resetSeconds) {
  static Decision of(int limit, long count, long resetMillis) {
    long reset = Math.max(1, (resetMillis + 999) / 1000);
    return new Decision(count <= limit, limit, (int) Math.max(0, limit - count), reset);
  }
}
