package dev.shortener.observability;

import dev.shortener.config.ConfigException;
import java.util.Map;

/**
 * Which log format {@code conf/logback.xml} uses: {@code LOG_FORMAT} when set, otherwise readable text
 * in {@code dev} mode (a newcomer's terminal) and JSON elsewhere (log shippers). Logback reads the
 * choice as a system property, so it must be made before anything logs.
 */
public final class LogFormat {
  static final String VARIABLE = "LOG_FORMAT";

  private LogFormat() {}

  /** Picks the format; {@link ConfigException} for a value that is neither json nor text. */
  public static String choose(Map<String, String> env, boolean dev) {
    String format = env.get(VARIABLE);
    if (format == null || format.isBlank()) {
      return dev ? "text" : "json";
    }
    if (!format.equals("json") && !format.equals("text")) {
      throw new ConfigException("LOG_FORMAT must be json or text, got '" + format + "'");
    }
    return format;
  }

  /** Chooses and hands the choice to Logback; call before the first logger is created. */
  public static void apply(Map<String, String> env, boolean dev) {
    System.setProperty(VARIABLE, choose(env, dev));
  }
}
