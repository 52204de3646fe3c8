package dev.shortener.clicks;

import dev.shortener.analytics.ClientTraits;

/**
 * A click with what the writer derived from it; the client address is gone, only the visitor id is kept.
 * A click backfilled from a part-1 redirect event has neither country nor visitor (null).
 */
record EnrichedClick(Click click, String referrerHost, ClientTraits traits, String country, String visitor) {}
