package dev.shortener.users;

import dev.shortener.db.Database;
import dev.shortener.clicks.RollupPurge;
import dev.shortener.db.ListQuery;
import dev.shortener.db.Ownership;
import dev.shortener.webhooks.WebhookOutbox;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/** SQL for users. */
final class UserStore {
  record Deleted(List<String> shortCodes) {}

  record Imported(int count, int imported) {}

  private static final String CODES_OF = "SELECT short_code FROM urls WHERE user_id = $1";
  private static final String INSERT = """
      INSERT INTO users (username, email) VALUES ($1, $2)
      RETURNING id, username, email, created_at""";

  private static final String FIND = "SELECT " + User.COLUMNS + " FROM users WHERE id = $1 AND "
      + Ownership.ownedBy("id", 2);

  private static final String UPDATE = """
      UPDATE users SET username = COALESCE($2, username), email = COALESCE($3, email)
      WHERE id = $1 AND %s
      RETURNING id, username, email, created_at""".formatted(Ownership.ownedBy("id", 4));

  /**
   * Locks the user first: a create for them that is in flight commits before, and one that comes
   * after fails its foreign-key check, so the next statement sees every URL the user will ever have.
   */
  private static final String LOCK_USER = "SELECT id FROM users WHERE id = $1 AND " + Ownership.ownedBy("id", 2)
      + " FOR UPDATE";

  /**
   * The user's short codes come back so their cached redirects can be dropped. Their links'
   * {@code link.deleted} events go to admin endpoints only (a null owner in the fan-out): the user's
   * own endpoints go with the user.
   */
  private static final String DELETE = """
      WITH gone_urls AS (DELETE FROM urls WHERE user_id = $1 RETURNING *),
           gone_user AS (DELETE FROM users WHERE id = $1), %s
      SELECT array(SELECT id FROM gone_urls) AS ids, array(SELECT short_code FROM gone_urls) AS codes"""
      .formatted(WebhookOutbox.fanOut("deleted_hooks", WebhookOutbox.LINK_DELETED,
          "SELECT NULL::bigint AS user_id, now() AT TIME ZONE 'utc' AS occurred_at, "
              + WebhookOutbox.linkData("gone_urls") + " AS data FROM gone_urls"));

  private final Database db;

  UserStore(Database db) {
    this.db = db;
  }

  Future<User> create(String username, String email) {
    return db.query(INSERT, Tuple.of(username, email)).map(rows -> User.from(rows.iterator().next()));
  }

  Future<User> find(long id, Long owner) {
    return db.query(FIND, Tuple.of(id, owner)).map(rows -> rows.size() == 0 ? null : User.from(rows.iterator().next()));
  }

  Future<User> update(long id, Long owner, String username, String email) {
    return db.query(UPDATE, Tuple.of(id, username, email, owner))
        .map(rows -> rows.size() == 0 ? null : User.from(rows.iterator().next()));
  }

  /** The short codes of the user's URLs. */
  Future<List<String>> codesOf(long userId) {
    return db.query(CODES_OF, Tuple.of(userId)).map(rows -> {
      List<String> codes = new ArrayList<>(rows.size());
      rows.forEach(row -> codes.add(row.getString(0)));
      return codes;
    });
  }

  /** Null when there was no such user. The foreign keys delete its URLs' rows and null its API events. */
  Future<Deleted> delete(long id, Long owner) {
    Tuple user = Tuple.of(id);
    return Database.retryingDeadlocks(() -> db.transaction(conn -> conn.preparedQuery(LOCK_USER).execute(Tuple.of(id, owner))
        .compose(found -> {
          if (found.size() == 0) {
            return Future.succeededFuture((Row) null);
          }
          return conn.preparedQuery(DELETE).execute(user).map(rows -> rows.iterator().next());
        })))
        .compose(row -> {
          if (row == null) {
            return Future.succeededFuture(null);
          }
          Deleted deleted = new Deleted(List.of(row.getArrayOfStrings("codes")));
          return RollupPurge.forget(db, List.of(row.getArrayOfLongs("ids"))).map(deleted);
        });
  }

  ListQuery list(Long owner) {
    return new ListQuery(db, "SELECT " + User.COLUMNS + " FROM users").where("id", owner);
  }

}
