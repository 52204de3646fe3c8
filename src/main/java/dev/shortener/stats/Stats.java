package dev.shortener.stats;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.LocalDateTime;
import java.util.List;

/**
 * The answer of GET /urls/{id}/stats ({@code url_id}) and GET /users/{id}/stats ({@code user_id} and
 * {@code links}), API.md part 2 field for field.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Stats(
    Long urlId,
    Long userId,
    LocalDateTime from,
    LocalDateTime to,
    String interval,
    Counts totals,
    List<Bucket> series,
    Top top,
    List<Link> links) {

  record Counts(long clicks, long humans, long bots, long uniqueVisitors) {}

  record Bucket(LocalDateTime start, long clicks, long humans, long bots, long uniqueVisitors) {}

  record Count(String value, long clicks) {}

  record Top(List<Count> referrers, List<Count> countries, List<Count> browsers, List<Count> os, List<Count> devices) {}

  record Link(long urlId, String shortCode, long clicks) {}
}
