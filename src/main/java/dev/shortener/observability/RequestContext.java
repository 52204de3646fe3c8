package dev.shortener.observability;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.spi.context.storage.ContextLocal;

/**
 * The request id, kept on the request's own (duplicated) Vert.x context, so every callback of that
 * request sees it, whichever event-loop turn runs it, and {@link LogContextFilter} can stamp it on
 * every log line.
 */
public final class RequestContext {
  private static final ContextLocal<String> REQUEST_ID = ContextLocal.registerLocal(String.class);

  private RequestContext() {}

  /** Registers the context local; call before the first Vert.x instance that serves requests is built. */
  public static void init() {
    // class initialisation does the work
  }

  public static void setRequestId(String id) {
    Context context = Vertx.currentContext();
    if (context != null) {
      REQUEST_ID.put(context, id);
    }
  }

  /** The current request's id, or null outside a request. */
  public static String requestId() {
    Context context = Vertx.currentContext();
    return context == null ? null : REQUEST_ID.get(context);
  }
}
