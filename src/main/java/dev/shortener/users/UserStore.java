package dev.shortener.users;

import dev.shortener.db.Database;
import dev.shortener.db.EventReferences;
import dev.shortener.db.ListQuery;
import dev.shortener.db.Ownership;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDateTime;
import java.util.List;

/** SQL for users. */
final class UserStore {
  record Deleted(List<String> shortCodes) {}

  record Imported(int count, int imported) {}

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

  /** The user's short codes come back so their cached redirects can be dropped. */
  private static final String DELETE = """
      WITH gone_urls AS (DELETE FROM urls WHERE user_id = $1 RETURNING id, short_code),
           gone_user AS (DELETE FROM users WHERE id = $1)
      SELECT array(SELECT id FROM gone_urls) AS ids, array(SELECT short_code FROM gone_urls) AS codes""";

  /** What ON DELETE SET NULL did; after the DELETE, so it sees every event written before. */
  private static final String UNLINK_EVENTS = """
      UPDATE events SET
        user_id = CASE WHEN user_id = $1 THEN NULL ELSE user_id END,
        url_id  = CASE WHEN url_id = ANY($2::bigint[]) THEN NULL ELSE url_id END
      WHERE user_id = $1 OR url_id = ANY($2::bigint[])""";

  /** Moves the id sequence past the file's largest id first, so generated ids cannot collide with it. */
  private static final String ADVANCE_SEQUENCE = """
      SELECT setval('users_id_seq', m)
      FROM (SELECT GREATEST($1::bigint, (SELECT COALESCE(MAX(id), 0) FROM users)) AS m) target
      WHERE m > (SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM users_id_seq)""";

  /** Rows whose id, username or email exist already (or earlier in the file) are skipped. */
  private static final String IMPORT = """
      INSERT INTO users (id, username, email, created_at)
      SELECT COALESCE(t.id, nextval('users_id_seq')), t.username, t.email,
             COALESCE(t.created_at, now() AT TIME ZONE 'utc')
      FROM unnest($1::bigint[], $2::varchar[], $3::varchar[], $4::timestamp[]) WITH ORDINALITY
           AS t(id, username, email, created_at, ord)
      ORDER BY t.ord
      ON CONFLICT DO NOTHING""";

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

  /** Null when there was no such user. */
  Future<Deleted> delete(long id, Long owner) {
    Tuple user = Tuple.of(id);
    return EventReferences.deleting(db, conn -> conn.preparedQuery(LOCK_USER).execute(Tuple.of(id, owner))
        .compose(found -> {
          if (found.size() == 0) {
            return Future.succeededFuture(null);
          }
          return conn.preparedQuery(DELETE).execute(user).compose(rows -> {
            Row row = rows.iterator().next();
            Long[] urlIds = row.getArrayOfLongs("ids");
            Deleted deleted = new Deleted(List.of(row.getArrayOfStrings("codes")));
            Tuple unlink = Tuple.tuple().addLong(id).addArrayOfLong(urlIds);
            return conn.preparedQuery(UNLINK_EVENTS).execute(unlink).map(unlinked -> deleted);
          });
        }));
  }

  ListQuery list(Long owner) {
    return new ListQuery(db, "SELECT " + User.COLUMNS + " FROM users").where("id", owner);
  }

  Future<Imported> importAll(List<UserCsv.Row> rows) {
    int n = rows.size();
    Long[] ids = new Long[n];
    String[] usernames = new String[n];
    String[] emails = new String[n];
    LocalDateTime[] created = new LocalDateTime[n];
    long maxId = 0;
    for (int i = 0; i < n; i++) {
      UserCsv.Row row = rows.get(i);
      ids[i] = row.id();
      usernames[i] = row.username();
      emails[i] = row.email();
      created[i] = row.createdAt();
      if (row.id() != null) {
        maxId = Math.max(maxId, row.id());
      }
    }
    long largest = maxId;
    return db.transaction(conn -> conn.preparedQuery(ADVANCE_SEQUENCE).execute(Tuple.of(largest))
        .compose(v -> conn.preparedQuery(IMPORT).execute(Tuple.of(ids, usernames, emails, created))))
        .map(result -> new Imported(n, result.rowCount()));
  }

}
