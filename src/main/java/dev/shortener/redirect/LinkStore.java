package dev.shortener.redirect;

import dev.shortener.db.Database;
import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;

/** SQL the redirect of a link with options runs; plain links never get here. */
final class LinkStore {
  private static final String PASSWORD_HASH = "SELECT password_hash FROM urls WHERE id = $1";

  /**
   * Takes one visit if any is left: the row lock makes concurrent takers on every replica queue up,
   * so exactly max_visits succeed. No row back: none left (or the link is gone).
   */
  private static final String TAKE_VISIT = """
      UPDATE urls SET visits = visits + 1
      WHERE id = $1 AND (max_visits IS NULL OR visits < max_visits)
      RETURNING visits""";

  /** For requests that must not consume a visit (HEAD, bots): is any left? */
  private static final String VISITS_LEFT = """
      SELECT max_visits IS NULL OR visits < max_visits FROM urls WHERE id = $1""";

  private final Database db;

  LinkStore(Database db) {
    this.db = db;
  }

  /** The stored hash, or null when the link has no password (any more) or is gone. */
  Future<String> passwordHash(long urlId) {
    return db.query(PASSWORD_HASH, Tuple.of(urlId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0));
  }

  Future<Boolean> takeVisit(long urlId) {
    return db.query(TAKE_VISIT, Tuple.of(urlId)).map(rows -> rows.size() > 0);
  }

  Future<Boolean> visitsLeft(long urlId) {
    return db.query(VISITS_LEFT, Tuple.of(urlId))
        .map(rows -> rows.size() > 0 && Boolean.TRUE.equals(rows.iterator().next().getBoolean(0)));
  }
}
