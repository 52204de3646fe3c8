package dev.shortener.urls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shortener.db.Database;
import dev.shortener.errors.Failure;
import dev.shortener.http.ErrorHandler;
import dev.shortener.testing.ApiTest;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Group commit of creates: what arrives while a write runs goes as one statement, and every
 * create still gets the answer it would get alone (404 for a missing user, CodeTaken for a taken code).
 */
class UrlInsertsTest extends ApiTest {
  private Database db;
  private Context context;

  @BeforeEach
  void connect() {
    db = Database.create(STACK.app().vertx(), STACK.app().services().config().database());
    context = STACK.app().vertx().getOrCreateContext();
  }

  @AfterEach
  void close() throws Exception {
    db.close().await(10, TimeUnit.SECONDS);
  }

  private static NewUrl url(long user, String target) {
    return new NewUrl(user, target, "t", null, null);
  }

  /** Submits every create in one event-loop turn, as a burst of requests would arrive. */
  private List<Future<Shortener.Creation>> burst(UrlInserts inserts, List<NewUrl> urls, List<String> codes)
      throws Exception {
    Promise<List<Future<Shortener.Creation>>> submitted = Promise.promise();
    context.runOnContext(v -> {
      List<Future<Shortener.Creation>> results = new ArrayList<>();
      for (int i = 0; i < urls.size(); i++) {
        results.add(inserts.insert(urls.get(i), codes.get(i)));
      }
      submitted.complete(results);
    });
    List<Future<Shortener.Creation>> results = submitted.future().await(10, TimeUnit.SECONDS);
    Future.join(results).otherwiseEmpty().await(10, TimeUnit.SECONDS);
    return results;
  }

  private static ShortUrl created(Future<Shortener.Creation> result) {
    return result.result() instanceof Shortener.Created created ? created.url() : null;
  }

  private long batchStatements() {
    return STACK.count("SELECT coalesce(sum(calls), 0) FROM pg_stat_statements WHERE query LIKE '%unnest%short_code%'");
  }

  @Test
  void aBurstIsOneStatementAndEachCreateGetsItsOwnAnswer() throws Exception {
    long user = createUser("burst").getLong("id");
    createUrl(user, "https://example.com/first");
    String taken = api.get("/urls").array().getJsonObject(0).getString("short_code");
    STACK.sql("SELECT pg_stat_statements_reset()");

    List<NewUrl> urls = new ArrayList<>();
    List<String> codes = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      urls.add(url(user, "https://example.com/" + i));
      codes.add("burst" + i);
    }
    urls.add(url(987_654, "https://example.com/nobody")); // no such user
    codes.add("nobody");
    urls.add(url(user, "https://example.com/taken")); // code of an existing URL
    codes.add(taken);
    urls.add(url(user, "https://example.com/twice-a")); // the same code twice in one batch
    codes.add("twice");
    urls.add(url(user, "https://example.com/twice-b"));
    codes.add("twice");

    List<Future<Shortener.Creation>> results = burst(new UrlInserts(new UrlStore(db), 128, 1), urls, codes);

    for (int i = 0; i < 40; i++) {
      ShortUrl created = created(results.get(i));
      assertNotNull(created, "create " + i);
      assertEquals("burst" + i, created.shortCode());
      assertEquals("https://example.com/" + i, created.originalUrl());
      assertEquals(user, created.userId());
    }
    Failure missing = (Failure) results.get(40).cause();
    assertEquals(404, ErrorHandler.status(missing));
    assertEquals("User not found", missing.getMessage());
    assertInstanceOf(Shortener.CodeTaken.class, results.get(41).result(), "a taken code comes back as CodeTaken");
    assertEquals("https://example.com/twice-a", created(results.get(42)).originalUrl());
    assertInstanceOf(Shortener.CodeTaken.class, results.get(43).result(), "the second of two equal codes is taken");

    // the first create went alone, everything that arrived meanwhile as one statement
    assertEquals(1, batchStatements());
    assertEquals(42, STACK.count("SELECT count(*) FROM urls"));
    assertEquals(42, STACK.count("SELECT count(*) FROM events e JOIN urls u ON u.id = e.url_id"
        + " WHERE e.event_type = 'created' AND e.details->>'short_code' = u.short_code"));
  }

  @Test
  void batchesAreCappedAndRunConcurrently() throws Exception {
    long user = createUser("cap").getLong("id");
    STACK.sql("SELECT pg_stat_statements_reset()");
    List<NewUrl> urls = new ArrayList<>();
    List<String> codes = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      urls.add(url(user, "https://example.com/" + i));
      codes.add("cap" + i);
    }
    // two writes at once: 1 and 1 alone, then batches of at most 10: 10 + 10 + 3
    List<Future<Shortener.Creation>> results = burst(new UrlInserts(new UrlStore(db), 10, 2), urls, codes);
    assertTrue(results.stream().allMatch(Future::succeeded), results.toString());
    assertEquals(3, batchStatements());
    assertEquals(25, STACK.count("SELECT count(*) FROM urls"));
  }

  @Test
  void anUnreachableDatabaseFailsTheWholeBatchWith503() throws Exception {
    long user = createUser("down").getLong("id");
    UrlInserts inserts = new UrlInserts(new UrlStore(db), 128, 1);
    db.close().await(10, TimeUnit.SECONDS);
    List<Future<Shortener.Creation>> results = burst(inserts, List.of(url(user, "https://example.com/a"),
        url(user, "https://example.com/b"), url(user, "https://example.com/c")), List.of("down1", "down2", "down3"));
    for (Future<Shortener.Creation> result : results) {
      assertEquals(503, ErrorHandler.status(result.cause()), String.valueOf(result.cause()));
    }
    db = Database.create(STACK.app().vertx(), STACK.app().services().config().database());
  }
}
