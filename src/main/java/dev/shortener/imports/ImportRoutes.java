package dev.shortener.imports;

import dev.shortener.clicks.ClickEnrichment;
import dev.shortener.config.AppConfig;
import dev.shortener.errors.Failure;
import dev.shortener.http.ApiRouter;
import dev.shortener.http.QueryParams;
import dev.shortener.http.Responses;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * HTTP mapping of the bulk imports: {@code POST /users/bulk}, {@code /urls/bulk}, {@code /events/bulk}.
 * The upload is on disk (the CSV body handler) and is streamed from there on a worker thread. Bulk
 * imports need an admin key.
 */
public final class ImportRoutes {
  private final AppConfig config;
  private final ClickEnrichment enrichment;

  private ImportRoutes(AppConfig config, ClickEnrichment enrichment) {
    this.config = config;
    this.enrichment = enrichment;
  }

  /**
   * {@code gate}: the replica's one import at a time; {@code csvBody} writes the upload to disk;
   * {@code enrichment}: the click writers' (imported clicks share their user-agent cache).
   */
  public static void register(ApiRouter api, AppConfig config, ImportGate gate, Handler<RoutingContext> upload,
      ClickEnrichment enrichment) {
    ImportRoutes routes = new ImportRoutes(config, enrichment);
    Handler<RoutingContext> csvBody = gate.guard(upload);
    api.adminOnly().post("/users/bulk", csvBody, ctx -> routes.importFile(ctx, Imports.Kind.USERS, null));
    api.adminOnly().post("/urls/bulk", csvBody, ctx -> {
      QueryParams query = QueryParams.of(ctx);
      Long owner = query.longValue("user_id");
      query.validate();
      return routes.importFile(ctx, Imports.Kind.URLS, owner);
    });
    api.adminOnly().post("/events/bulk", csvBody, ctx -> routes.importFile(ctx, Imports.Kind.EVENTS, null));
  }

  private Future<?> importFile(RoutingContext ctx, Imports.Kind kind, Long owner) {
    FileUpload file = ctx.fileUploads().stream().filter(f -> "file".equals(f.name())).findFirst().orElse(null);
    if (file == null) {
      throw Failure.invalid("No file provided");
    }
    Imports.File input = new Imports.File(kind, Path.of(file.uploadedFileName()), owner);
    ImportGate.Permit permit = ImportGate.permit(ctx);
    return ctx.vertx().executeBlocking(() -> {
          if (!permit.start()) {
            throw Failure.invalid("The upload was abandoned"); // the client is gone: nobody to answer
          }
          try {
            return Imports.run(config, () -> enrichment, List.of(input), (name, read, size) -> { });
          } finally {
            permit.release();
            permit.releaseRequest(); // the import is over: the next may start as this one is answered
          }
        }, false)
        .recover(e -> Future.failedFuture(translate(e)))
        .compose(results -> {
          Imports.Result result = results.get(0);
          return Responses.json(ctx, 201, new JsonObject()
              .put("count", result.count())
              .put("imported", result.imported())
              .put("skipped", result.skipped()));
        });
  }

  private static Throwable translate(Throwable e) {
    if (e instanceof BadLine bad) {
      return Failure.withDetails(Failure.Kind.INVALID, "Invalid CSV", Map.of("line " + bad.line(), bad.getMessage()));
    }
    if (Imports.unknownOwner(e)) {
      return Failure.notFound("User not found");
    }
    if (e instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
      return Failure.unavailable(); // the database cannot be reached
    }
    return e;
  }
}
