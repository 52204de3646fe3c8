package dev.shortener.db;

/**
 * The one rule for "only my rows": a statement takes the caller's user id as a parameter, null for
 * an admin, and adds this condition. Rows of other users then look exactly like missing rows.
 */
public final class Ownership {
  private Ownership() {}

  /** {@code column} belongs to the owner in parameter {@code $param}, or that parameter is null (admin). */
  public static String ownedBy(String column, int param) {
    return "($" + param + "::bigint IS NULL OR " + column + " = $" + param + ")";
  }
}
