package dev.shortener.db;

import dev.shortener.errors.Failure;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import java.util.Map;

/**
 * Maps what the database says into the contract: unique and foreign-key violations by constraint
 * name, data errors to 400, and anything about reaching the database to 503. No driver text leaks.
 */
public final class SqlFailures {

  private static final Map<String, String> UNIQUE = Map.of(
      "users_username_key", "Username already exists",
      "users_email_key", "Email already exists",
      "users_pkey", "User already exists",
      "urls_short_code_key", "Short code already exists");

  private static final Map<String, String> FOREIGN_KEY = Map.of(
      "urls_user_id_fkey", "User not found",
      "api_keys_user_id_fkey", "User not found");

  private SqlFailures() {}

  /** True for a failure {@link #translate} made of a database that could not be reached (503). */
  public static boolean unreachable(Throwable failure) {
    return Failure.is(failure, Failure.Kind.UNAVAILABLE);
  }

  public static <T> Future<T> translate(Throwable failure) {
    return Future.failedFuture(map(failure));
  }

  static Throwable map(Throwable failure) {
    if (failure instanceof Failure) {
      return failure;
    }
    if (failure instanceof PgException pg) {
      String state = pg.getSqlState() == null ? "" : pg.getSqlState();
      String constraint = pg.getConstraint() == null ? "" : pg.getConstraint();
      if (state.equals("23505") && UNIQUE.containsKey(constraint)) {
        return Failure.conflict(UNIQUE.get(constraint));
      }
      if (state.equals("23503") && FOREIGN_KEY.containsKey(constraint)) {
        return Failure.notFound(FOREIGN_KEY.get(constraint));
      }
      if (state.startsWith("22")) {
        return Failure.invalid("Validation failed");
      }
      if (state.startsWith("08") || state.startsWith("53") || state.startsWith("57P")) {
        return Failure.unavailable();
      }
      return failure; // a bug: the error handler logs it and answers 500
    }
    if (failure instanceof NullPointerException
        || failure instanceof IllegalStateException
        || failure instanceof IllegalArgumentException
        || failure instanceof ClassCastException) {
      return failure; // our own bug, not the database's state
    }
    // connection refused, closed connection, pool or query timeout: the database is unreachable
    return Failure.unavailable();
  }
}
