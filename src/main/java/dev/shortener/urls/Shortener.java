package dev.shortener.urls;

import dev.shortener.accounts.Principal;
import dev.shortener.db.Database;
import dev.shortener.db.ListQuery;
import dev.shortener.redirect.Invalidations;
import dev.shortener.redirect.Passwords;
import dev.shortener.config.AppConfig;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
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
  /** Creates waiting per verticle: 32 full batches; more is a 503 with Retry-After. */
  private static final int MAX_WAITING = 4096;

  private final UrlStore store;
  private final UrlInserts inserts;
  private final Invalidations.Publisher invalidations;
  private final Supplier<String> codes;
  private final WorkerExecutor hashing;

  Shortener(UrlStore store, UrlInserts inserts, Invalidations.Publisher invalidations, Supplier<String> codes,
      WorkerExecutor hashing) {
    this.store = store;
    this.inserts = inserts;
    this.invalidations = invalidations;
    this.codes = codes;
    this.hashing = hashing;
  }

  /**
   * {@code links} gives short_url and the default status; {@code hashing} runs the password hashes (few
   * threads: each Argon2id takes 19 MiB).
   */
  public static Shortener create(Database db, Invalidations.Publisher invalidations, AppConfig.Links links,
      WorkerExecutor hashing) {
    UrlStore store = new UrlStore(db, links);
    return new Shortener(store, new UrlInserts(store, MAX_BATCH, MAX_IN_FLIGHT, MAX_WAITING), invalidations, ShortCodes::next,
        hashing);
  }

  /** Creates the URL: {@link Created}, or {@link CodeTaken} for a custom code that exists already. */
  public Future<Creation> create(NewUrl valid) {
    return hashed(valid.settings()).compose(settings -> createHashed(valid.with(settings)));
  }

  /** The settings with a new password replaced by its hash, computed on the hashing pool. */
  private Future<LinkSettings> hashed(LinkSettings settings) {
    String password = settings.newPassword();
    if (password == null) {
      return Future.succeededFuture(settings);
    }
    return hashing.executeBlocking(() -> settings.withPasswordHash(Passwords.hash(password)), false);
  }

  private Future<Creation> createHashed(NewUrl url) {
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

  /**
   * The changed URL, its old redirect forgotten everywhere; empty when there is no such URL (for
   * {@code caller}). The code is read first (it never changes), so the redirect is invalidated
   * whatever the update's outcome: an update that failed for us (a timeout, a lost connection)
   * may still have committed.
   */
  public Future<Optional<ShortUrl>> update(Principal caller, long id, UrlChanges valid) {
    return store.find(id, caller.owner()).compose(current -> current.isEmpty() || valid.none()
        ? Future.succeededFuture(current)
        : hashed(valid.settings()).compose(settings -> invalidations.invalidateAfter(
            List.of(current.get().shortCode()), store.update(id, caller.owner(), valid.with(settings)))));
  }

  /** True when the URL existed (for {@code caller}); its redirect is forgotten everywhere, whatever the outcome. */
  public Future<Boolean> delete(Principal caller, long id) {
    return store.find(id, caller.owner()).compose(current -> current.isEmpty()
        ? Future.succeededFuture(false)
        : invalidations.invalidateAfter(List.of(current.get().shortCode()), store.delete(id, caller.owner()))
            .map(Optional::isPresent));
  }

  /**
   * The URLs of a user, activity, tag and/or search text (each optional) that {@code caller} may see, for
   * paging or streaming.
   */
  public ListQuery list(Principal caller, Long userId, Boolean isActive, String tag, String search) {
    return store.list(caller.owner(), userId, isActive, tag, search);
  }

  /** A listed row as the API shows it (with short_url). */
  public ShortUrl toUrl(io.vertx.sqlclient.Row row) {
    return store.toUrl(row);
  }
}
