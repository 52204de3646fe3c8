package dev.shortener.config;

/** A configuration problem, reported as one line before anything starts. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message, null, false, false);
  }
}
