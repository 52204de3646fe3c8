package dev.shortener.imports;

import dev.shortener.errors.Failure;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * At most one bulk import at a time per replica (every HTTP verticle of the process shares one gate),
 * so that the memory, the worker thread and the database connection an import holds are bounded
 * however many clients upload at once. A request that finds the gate taken is answered 429 with
 * {@code Retry-After} before its body is read: nothing is written, not even the upload's temporary
 * file. The gate is held from before the upload is read until both the request has ended and the
 * import (if it started) has finished, so a client that hangs up mid-import cannot let a second
 * import start beside the first.
 */
public final class ImportGate {
  /** Seconds a refused client should wait: about what a 10 MiB import takes. */
  static final String RETRY_AFTER_SECONDS = "5";
  private static final String PERMIT = "import.permit";

  private final AtomicBoolean busy = new AtomicBoolean();

  private ImportGate() {}

  public static ImportGate create() {
    return new ImportGate();
  }

  /** True while an import holds the gate. */
  public boolean busy() {
    return busy.get();
  }

  /**
   * The handler before the upload's body handler: only a multipart upload passes (any other body
   * would be buffered in memory by the body handler), and only while no other import runs.
   */
  Handler<RoutingContext> guard(Handler<RoutingContext> body) {
    return ctx -> {
      String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
      if (type == null || !type.regionMatches(true, 0, "multipart/form-data", 0, 19)) {
        ctx.fail(Failure.invalid("No file provided"));
        return;
      }
      if (!busy.compareAndSet(false, true)) {
        ctx.response().putHeader("Retry-After", RETRY_AFTER_SECONDS);
        ctx.fail(Failure.of(Failure.Kind.TOO_MANY_REQUESTS, "An import is already running on this replica; retry later"));
        return;
      }
      Permit permit = new Permit();
      ctx.put(PERMIT, permit);
      // the request's hold ends when its answer starts (before the client can send the next upload),
      // or when the connection goes without one
      ctx.addHeadersEndHandler(v -> permit.releaseRequest());
      ctx.addEndHandler(ended -> permit.releaseRequest());
      body.handle(ctx);
    };
  }

  /** The request's permit (set by {@link #guard}). */
  static Permit permit(RoutingContext ctx) {
    return ctx.get(PERMIT);
  }

  /** Held by the request and, once it starts, by the import; the gate opens when both let go. */
  final class Permit {
    private final AtomicInteger holders = new AtomicInteger(1);
    private final AtomicBoolean requestHeld = new AtomicBoolean(true);

    /** The import takes hold; false when the request is over already (then it must not run). */
    boolean start() {
      int n;
      do {
        n = holders.get();
        if (n == 0) {
          return false;
        }
      } while (!holders.compareAndSet(n, n + 1));
      return true;
    }

    /** The request lets go (at most once, whichever of its ends comes first). */
    void releaseRequest() {
      if (requestHeld.compareAndSet(true, false)) {
        release();
      }
    }

    void release() {
      if (holders.decrementAndGet() == 0) {
        busy.set(false);
      }
    }
  }
}
