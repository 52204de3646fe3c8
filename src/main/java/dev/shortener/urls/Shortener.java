package dev.shortener.urls;

import dev.shortener.accounts.Principal;
import dev.shortener.db.Database;
import dev.shortener.db.ListQuery;
import dev.shortener.redirect.Invalidations;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The URL domain: creating links (a generated code retried on collision, or a custom one that may be
 * taken), changing and deleting them, and making every replica forget a changed redirect before the
 * change is acknowledged. Creates are group-committed ({@link UrlInserts}). One per verticle; runs on
 * its event loop. Answers are explicit: {@link Creation} for a create, empty for "no such URL".
 */
public final class Shortener {
  /** What a create came to. */
  public sealed interface Creation permits Created, CodeTaken {}

  /** The URL was created (and is committed). */
  public record Created(ShortUrl url) implements Creation {}

  /** The custom code is someone else's: nothing was written. */
  public record CodeTaken(String code) implements Creation {}

  /** Generated-code collisions are ~1 in 5.7e10 per existing URL; five tries is generous. */
  static final int CODE_ATTEMPTS = 5;
  /** Creates per multi-row statement; beyond this a burst waits for the next statement. */
  private static final int MAX_BATCH = 128;
  /** Create statements running at once per verticle, one per pipelined connection at most. */
  private static final int MAX_IN_FLIGHT = 2;

  private final UrlStore store;
  private final UrlInserts inserts;
  private final Invalidations.Publisher invalidations;
  private final Supplier<String> codes;

  Shortener(UrlStore store, UrlInserts inserts, Invalidations.Publisher invalidations, Supplier<String> codes) {
    this.store = store;
    this.inserts = inserts;
    this.invalidations = invalidations;
    this.codes = codes;
  }

  public static Shortener create(Database db, Invalidations.Publisher invalidations) {
    UrlStore store = new UrlStore(db);
    return new Shortener(store, new UrlInserts(store, MAX_BATCH, MAX_IN_FLIGHT), invalidations, ShortCodes::next);
  }

  /** Creates the URL: {@link Created}, or {@link CodeTaken} for a custom code that exists already. */
  public Future<Creation> create(NewUrl url) {
    if (url.customCode() == null) {
      // a fresh random code was probed before only by a 1-in-5.7e10 chance, and a "not found" entry
      // lives 2 s at most: no invalidation round trip for it
      return createWithGeneratedCode(url, CODE_ATTEMPTS);
    }
    return inserts.insert(url, url.customCode()).compose(creation -> {
      if (!(creation instanceof Created created)) {
        return Future.succeededFuture(creation);
      }
      // someone may have probed the alias before it existed: drop that "not found" everywhere
      return invalidations.invalidate(List.of(created.url().shortCode())).map(creation);
    });
  }

  private Future<Creation> createWithGeneratedCode(NewUrl url, int attemptsLeft) {
    return inserts.insert(url, codes.get()).compose(creation -> {
      if (creation instanceof Created) {
        return Future.succeededFuture(creation);
      }
      if (attemptsLeft <= 1) {
        return Future.failedFuture(new IllegalStateException("no free short code after " + CODE_ATTEMPTS + " tries"));
      }
      return createWithGeneratedCode(url, attemptsLeft - 1);
    });
  }

  /** Empty when there is no such URL, or it is not {@code caller}'s to see. */
  public Future<Optional<ShortUrl>> find(Principal caller, long id) {
    return store.find(id, caller.owner());
  }

  /** The changed URL, its old redirect forgotten everywhere; empty when there is no such URL (for {@code caller}). */
  public Future<Optional<ShortUrl>> update(Principal caller, long id, UrlChanges changes) {
    if (changes.none()) {
      return store.find(id, caller.owner());
    }
    return store.update(id, caller.owner(), changes).compose(updated -> updated.isEmpty()
        ? Future.succeededFuture(updated)
        : invalidations.invalidate(List.of(updated.get().shortCode())).map(updated));
  }

  /** True when the URL existed (for {@code caller}); its redirect is forgotten everywhere before this completes. */
  public Future<Boolean> delete(Principal caller, long id) {
    return store.delete(id, caller.owner()).compose(code -> code.isEmpty()
        ? Future.succeededFuture(false)
        : invalidations.invalidate(List.of(code.get())).map(true));
  }

  /** The URLs of a user, activity and/or search text that {@code caller} may see, for paging or streaming. */
  public ListQuery list(Principal caller, Long userId, Boolean isActive, String search) {
    return store.list(caller.owner(), userId, isActive, search);
  }
}
