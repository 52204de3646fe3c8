package dev.shortener.accounts;

import dev.shortener.db.Database;
import dev.shortener.db.ListQuery;
import dev.shortener.db.Ownership;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Map;

/** SQL for API keys. Every read and delete takes the caller's owner filter ({@link Ownership}). */
public final class ApiKeyStore {
  private static final String INSERT = """
      INSERT INTO api_keys (name, user_id, scopes, prefix, key_hash, expires_at)
      VALUES ($1, $2, $3, $4, $5, $6)
      RETURNING %s""".formatted(ApiKey.COLUMNS);

  /** The hot path's one statement, on a cache miss only. */
  private static final String BY_HASH = "SELECT id, user_id, scopes, expires_at, key_hash FROM api_keys WHERE key_hash = $1";

  private static final String FIND = "SELECT " + ApiKey.COLUMNS + " FROM api_keys WHERE id = $1 AND "
      + Ownership.ownedBy("user_id", 2);

  private static final String DELETE = "DELETE FROM api_keys WHERE id = $1 AND " + Ownership.ownedBy("user_id", 2)
      + " RETURNING id";

  private static final String ADMIN_EXISTS = """
      SELECT EXISTS (SELECT 1 FROM api_keys WHERE user_id IS NULL
                     AND (expires_at IS NULL OR expires_at > now() AT TIME ZONE 'utc'))""";

  /** One statement for every key used since the last flush; never moves a timestamp back. */
  private static final String TOUCH = """
      UPDATE api_keys k SET last_used_at = u.at
      FROM unnest($1::bigint[], $2::timestamp[]) AS u(id, at)
      WHERE k.id = u.id AND (k.last_used_at IS NULL OR k.last_used_at < u.at)""";

  /** A stored key as the authenticator needs it. */
  record Match(long id, Long userId, boolean write, LocalDateTime expiresAt, byte[] hash) {}

  private final Database db;

  public ApiKeyStore(Database db) {
    this.db = db;
  }

  public Database db() {
    return db;
  }

  Future<ApiKey> insert(String name, Long userId, String[] scopes, String key, LocalDateTime expiresAt) {
    Tuple args = Tuple.of(name, userId, scopes, KeyTokens.prefix(key), Buffer.buffer(
        KeyTokens.sha256(key)), expiresAt);
    return db.query(INSERT, args).map(rows -> ApiKey.from(rows.iterator().next()));
  }

  Future<Match> byHash(byte[] hash) {
    return db.query(BY_HASH, Tuple.of(Buffer.buffer(hash))).map(rows -> {
      if (rows.size() == 0) {
        return null;
      }
      Row row = rows.iterator().next();
      boolean write = Arrays.asList(row.getArrayOfStrings(2)).contains(Principal.WRITE);
      return new Match(row.getLong(0), row.getLong(1), write, row.getLocalDateTime(3), row.getBuffer(4).getBytes());
    });
  }

  Future<ApiKey> find(long id, Long owner) {
    return db.query(FIND, Tuple.of(id, owner)).map(ApiKeyStore::firstOrNull);
  }

  /** True when a key was deleted. */
  Future<Boolean> delete(long id, Long owner) {
    return db.query(DELETE, Tuple.of(id, owner)).map(rows -> rows.size() > 0);
  }

  ListQuery list(Long owner) {
    return new ListQuery(db, "SELECT " + ApiKey.COLUMNS + " FROM api_keys").where("user_id", owner);
  }

  public Future<Boolean> adminKeyExists() {
    return db.query(ADMIN_EXISTS, Tuple.tuple()).map(rows -> rows.iterator().next().getBoolean(0));
  }

  Future<Void> touch(Map<Long, LocalDateTime> used) {
    Long[] ids = used.keySet().toArray(Long[]::new);
    LocalDateTime[] at = new LocalDateTime[ids.length];
    for (int i = 0; i < ids.length; i++) {
      at[i] = used.get(ids[i]);
    }
    return db.query(TOUCH, Tuple.tuple().addArrayOfLong(ids).addArrayOfLocalDateTime(at)).mapEmpty();
  }

  private static ApiKey firstOrNull(RowSet<Row> rows) {
    return rows.size() == 0 ? null : ApiKey.from(rows.iterator().next());
  }
}
