package dev.shortener.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A failure with a place in the contract's error table. Thrown (or failed into a future) anywhere;
 * {@link ErrorHandler} turns it into the JSON body. No stack trace: these are expected outcomes.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Seconds a client should wait before retrying a 503. */
  public static final String RETRY_AFTER_SECONDS = "5";

  private final int status;
  private final transient Map<String, String> details;

  private ApiException(int status, String message, Map<String, String> details) {
    super(message, null, false, false);
    this.status = status;
    this.details = details;
  }

  public int status() {
    return status;
  }

  /** Field → message, or null when the error has no details. */
  public Map<String, String> details() {
    return details;
  }

  public static ApiException of(int status, String message) {
    return new ApiException(status, message, null);
  }

  public static ApiException validation(Map<String, String> details) {
    return withDetails(400, "Validation failed", details);
  }

  public static ApiException withDetails(int status, String message, Map<String, String> details) {
    return new ApiException(status, message, Collections.unmodifiableMap(new LinkedHashMap<>(details)));
  }

  public static ApiException validation(String field, String message) {
    return validation(Map.of(field, message));
  }

  public static ApiException notJsonObject() {
    return of(400, "Request body must be a JSON object");
  }

  public static ApiException notFound(String message) {
    return of(404, message);
  }

  public static ApiException conflict(String message) {
    return of(409, message);
  }

  public static ApiException unavailable() {
    return of(503, "Service temporarily unavailable");
  }
}
