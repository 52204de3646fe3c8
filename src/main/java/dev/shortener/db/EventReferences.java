package dev.shortener.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.function.Function;

/**
 * How events keep pointing only at URLs and users that exist, without foreign keys on the hot
 * events table (see V2__events_references_without_triggers.sql).
 *
 * <p>One transaction-level advisory lock orders writers of references against deletes:
 * <ul>
 *   <li>writers of {@code events.url_id}/{@code user_id} take it shared, then check the referenced
 *       rows in a <em>later</em> statement, whose snapshot therefore includes every delete that
 *       committed before the lock was granted;</li>
 *   <li>deletes of URLs and users take it exclusively, delete, then null the ids in events in a
 *       later statement, whose snapshot includes every writer that committed before.</li>
 * </ul>
 * Writers never wait for each other; a delete waits for the writers in flight (a click batch takes
 * milliseconds) and holds new ones back until it commits.
 */
public final class EventReferences {
  /** Any fixed bigint; "events" in ASCII. */
  public static final long LOCK_KEY = 0x6576656e7473L;

  private static final String LOCK_SHARED = "SELECT pg_advisory_xact_lock_shared(" + LOCK_KEY + ")";
  private static final String LOCK_EXCLUSIVE = "SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")";

  private EventReferences() {}

  /** A transaction that writes references: {@code work}'s statements run after the shared lock is held. */
  public static <T> Future<T> writing(Database db, Function<SqlConnection, Future<T>> work) {
    return locked(db, LOCK_SHARED, work);
  }

  /** A transaction that deletes URLs or users: {@code work}'s statements run after the exclusive lock is held. */
  public static <T> Future<T> deleting(Database db, Function<SqlConnection, Future<T>> work) {
    return locked(db, LOCK_EXCLUSIVE, work);
  }

  private static <T> Future<T> locked(Database db, String lock, Function<SqlConnection, Future<T>> work) {
    return db.transaction(conn -> conn.query(lock).execute().compose(held -> work.apply(conn)));
  }
}
