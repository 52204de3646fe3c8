package dev.shortener.testing;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads one sample of the replica's /metrics; meters live as long as the test JVM, so tests compare before/after. */
public final class Scrape {
  private Scrape() {}

  /** The value of the exact series {@code name{labels}} (labels as printed, in order), or 0 when absent. */
  public static double value(Api api, String series) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(api.get("/metrics").body());
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }
}
