package dev.shortener.urls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shortener.Services;
import dev.shortener.accounts.Principal;
import dev.shortener.cache.RedisCache;
import dev.shortener.db.Database;
import dev.shortener.redirect.RedirectLookup;
import dev.shortener.redirect.RedirectTarget;
import dev.shortener.testing.ApiTest;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The URL domain service without HTTP: real PostgreSQL and Redis, the replica's own near cache and
 * invalidation listener, called on an event loop as a verticle would.
 */
class ShortenerTest extends ApiTest {
  /** An admin sees every row; the ownership rules have their own test below and in AuthorizationMatrixTest. */
  private static final Principal ADMIN = Principal.OPERATOR;

  private Context context;
  private Database db;
  private RedisCache redis;
  private RedirectLookup lookup;
  private long user;

  @BeforeEach
  void connect() throws Exception {
    Services services = STACK.app().services();
    context = STACK.app().vertx().getOrCreateContext();
    db = Database.create(STACK.app().vertx(), services.config().database());
    redis = on(() -> Future.succeededFuture(RedisCache.create(STACK.app().vertx(), services.config().redis(),
        services.breakers())));
    lookup = new RedirectLookup(services.nearCache(), services.invalidations(), redis, db, services.cacheMetrics(),
        services.config());
    user = createUser("owner").getLong("id");
  }

  @AfterEach
  void close() throws Exception {
    on(() -> Future.join(db.close(), redis.close()));
  }

  /** Runs {@code work} on the event loop and waits for its result. */
  private <T> T on(Supplier<Future<T>> work) throws Exception {
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> work.get().onComplete(result));
    return result.future().await(10, TimeUnit.SECONDS);
  }

  private Shortener shortener(String... codes) {
    ArrayDeque<String> queue = new ArrayDeque<>(List.of(codes));
    UrlStore store = new UrlStore(db, STACK.app().services().config().links());
    return new Shortener(store, new UrlInserts(store, 128, 2, 4096), STACK.app().services().invalidations().publisher(redis, db),
        () -> queue.isEmpty() ? ShortCodes.next() : queue.poll(), null); // no passwords here: no hashing pool
  }

  private NewUrl url(String target, String customCode) {
    return new NewUrl(user, target, "title", customCode, null, LinkSettings.NONE);
  }

  private ShortUrl created(Shortener.Creation creation) {
    return assertInstanceOf(Shortener.Created.class, creation).url();
  }

  @Test
  void aGeneratedCodeIsSixBase62Characters() throws Exception {
    ShortUrl url = created(on(() -> shortener().create(url("https://example.com/a", null))));
    assertTrue(url.shortCode().matches("[0-9A-Za-z]{6}"), url.shortCode());
    assertEquals(Optional.of(url), on(() -> shortener().find(ADMIN, url.id())));
    assertEquals(1, STACK.count("SELECT count(*) FROM events WHERE event_type = 'created'"));
  }

  @Test
  void aGeneratedCodeThatIsTakenIsDrawnAgain() throws Exception {
    created(on(() -> shortener().create(url("https://example.com/first", "taken1"))));
    ShortUrl url = created(on(() -> shortener("taken1", "taken1", "fresh1").create(url("https://example.com/b", null))));
    assertEquals("fresh1", url.shortCode());
    assertEquals(2, STACK.count("SELECT count(*) FROM urls"));
  }

  @Test
  void noFreeCodeAfterFiveDrawsIsAFailureNotAnAnswer() throws Exception {
    created(on(() -> shortener().create(url("https://example.com/first", "taken2"))));
    Shortener unlucky = shortener("taken2", "taken2", "taken2", "taken2", "taken2", "never");
    Exception failure = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
        () -> on(() -> unlucky.create(url("https://example.com/c", null))));
    assertTrue(String.valueOf(failure.getMessage()).contains("no free short code"), String.valueOf(failure));
    assertEquals(1, STACK.count("SELECT count(*) FROM urls"));
  }

  @Test
  void aTakenCustomCodeIsCodeTakenAndWritesNothing() throws Exception {
    created(on(() -> shortener().create(url("https://example.com/mine", "alias1"))));
    Shortener.Creation second = on(() -> shortener().create(url("https://example.com/theirs", "alias1")));
    assertEquals(new Shortener.CodeTaken("alias1"), second);
    assertEquals(1, STACK.count("SELECT count(*) FROM urls"));
    assertEquals(1, STACK.count("SELECT count(*) FROM events"));
  }

  @Test
  void aCustomCodeProbedBeforeItExistedRedirectsOnceCreated() throws Exception {
    assertNull(on(() -> lookup.find("alias2")), "unknown, and now cached as unknown");
    assertNull(on(() -> lookup.find("alias2")), "from the negative cache");
    created(on(() -> shortener().create(url("https://example.com/new", "alias2"))));
    RedirectTarget target = on(() -> lookup.find("alias2"));
    assertEquals("https://example.com/new", target.location());
  }

  @Test
  void anUpdateIsSeenByTheNextLookup() throws Exception {
    ShortUrl url = created(on(() -> shortener().create(url("https://example.com/old", null))));
    assertTrue(on(() -> lookup.find(url.shortCode())).active(), "cached as active");
    UrlChanges deactivate = new UrlChanges(null, false, "https://example.com/new", false, null, LinkSettings.NONE,
        new io.vertx.core.json.JsonObject().put("is_active", false));
    Optional<ShortUrl> updated = on(() -> shortener().update(ADMIN, url.id(), deactivate));
    assertFalse(updated.orElseThrow().isActive());
    RedirectTarget target = on(() -> lookup.find(url.shortCode()));
    assertFalse(target.active());
    assertEquals("https://example.com/new", target.location());
  }

  @Test
  void deleteForgetsTheRedirectAndSaysWhetherThereWasOne() throws Exception {
    ShortUrl url = created(on(() -> shortener().create(url("https://example.com/gone", null))));
    assertTrue(on(() -> lookup.find(url.shortCode())) != null);
    assertTrue(on(() -> shortener().delete(ADMIN, url.id())));
    assertNull(on(() -> lookup.find(url.shortCode())));
    assertFalse(on(() -> shortener().delete(ADMIN, url.id())));
  }

  @Test
  void whatDoesNotExistIsEmpty() throws Exception {
    assertEquals(Optional.empty(), on(() -> shortener().find(ADMIN, 999_999)));
    UrlChanges title = new UrlChanges("t", null, null, false, null, LinkSettings.NONE, new io.vertx.core.json.JsonObject());
    assertEquals(Optional.empty(), on(() -> shortener().update(ADMIN, 999_999, title)));
  }

  @Test
  void anotherUsersUrlIsLikeAMissingOne() throws Exception {
    ShortUrl url = created(on(() -> shortener().create(url("https://example.com/mine", null))));
    Principal stranger = new Principal(1L, url.userId() + 1000, true, null, "key:1");
    Principal owner = new Principal(2L, url.userId(), true, null, "key:2");
    assertEquals(Optional.empty(), on(() -> shortener().find(stranger, url.id())));
    UrlChanges title = new UrlChanges("t", null, null, false, null, LinkSettings.NONE, new io.vertx.core.json.JsonObject().put("title", "t"));
    assertEquals(Optional.empty(), on(() -> shortener().update(stranger, url.id(), title)));
    assertFalse(on(() -> shortener().delete(stranger, url.id())));
    assertEquals("t", on(() -> shortener().update(owner, url.id(), title)).orElseThrow().title());
    assertTrue(on(() -> shortener().delete(owner, url.id())));
  }
}
