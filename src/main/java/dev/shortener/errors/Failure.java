package dev.shortener.errors;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An expected failure with a place in the contract's error table, thrown (or failed into a future)
 * from any layer. It says what went wrong ({@link Kind}), never which HTTP status that is: the web
 * layer's {@code ErrorHandler} alone maps kinds to statuses. No stack trace: these are outcomes,
 * not bugs.
 */
public final class Failure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong. New kinds need a status in {@code ErrorHandler} (a switch: the compiler asks). */
  public enum Kind {
    /** The request is malformed or a field breaks a rule. */
    INVALID,
    /** No or a wrong credential. */
    UNAUTHORIZED,
    /** A credential that may not do this. */
    FORBIDDEN,
    /** The named resource (or one a field references) does not exist. */
    NOT_FOUND,
    /** It existed and is no longer served (deactivated, expired). */
    GONE,
    /** A unique value is taken. */
    CONFLICT,
    /** A limit was exceeded. */
    TOO_MANY_REQUESTS,
    /** A dependency this request needs cannot be reached; retrying later may work. */
    UNAVAILABLE
  }

  private final Kind kind;
  private final transient Map<String, String> details;

  private Failure(Kind kind, String message, Map<String, String> details) {
    super(message, null, false, false);
    this.kind = kind;
    this.details = details;
  }

  public Kind kind() {
    return kind;
  }

  /** Field (or line) → message, or null when the failure has no details. */
  public Map<String, String> details() {
    return details;
  }

  public static Failure of(Kind kind, String message) {
    return new Failure(kind, message, null);
  }

  public static Failure withDetails(Kind kind, String message, Map<String, String> details) {
    return new Failure(kind, message, Collections.unmodifiableMap(new LinkedHashMap<>(details)));
  }

  public static Failure invalid(String message) {
    return of(Kind.INVALID, message);
  }

  /** The contract's field-validation error: {@code {"error":"Validation failed","details":{...}}}. */
  public static Failure validation(Map<String, String> details) {
    return withDetails(Kind.INVALID, "Validation failed", details);
  }

  public static Failure validation(String field, String message) {
    return validation(Map.of(field, message));
  }

  public static Failure notJsonObject() {
    return invalid("Request body must be a JSON object");
  }

  public static Failure unauthorized() {
    return of(Kind.UNAUTHORIZED, "Unauthorized");
  }

  public static Failure forbidden() {
    return of(Kind.FORBIDDEN, "Forbidden");
  }

  public static Failure tooManyRequests() {
    return of(Kind.TOO_MANY_REQUESTS, "Too many requests");
  }

  public static Failure notFound(String message) {
    return of(Kind.NOT_FOUND, message);
  }

  public static Failure gone(String message) {
    return of(Kind.GONE, message);
  }

  public static Failure conflict(String message) {
    return of(Kind.CONFLICT, message);
  }

  public static Failure unavailable() {
    return of(Kind.UNAVAILABLE, "Service temporarily unavailable");
  }

  /** True for a failure of kind {@code kind}. */
  public static boolean is(Throwable failure, Kind kind) {
    return failure instanceof Failure f && f.kind == kind;
  }
}
