package dev.shortener.docs;

import dev.shortener.http.ApiRouter;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** {@code /openapi.json} (the contract, kept as YAML in the jar) and {@code /docs} (Swagger UI from its webjar). */
public final class DocsRoutes {
  private static final String SWAGGER_UI = "META-INF/resources/webjars/swagger-ui/5.20.1";

  private DocsRoutes() {}

  /** Reads and converts the document once, at boot. */
  public static Buffer loadOpenApi() {
    try (InputStream in = DocsRoutes.class.getResourceAsStream("/openapi.yaml")) {
      if (in == null) {
        throw new IllegalStateException("openapi.yaml is missing from the jar");
      }
      Map<String, Object> document = new Yaml(new LoaderOptions()).load(in);
      return new JsonObject(document).toBuffer();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void register(Router router, ApiRouter api, Buffer openApi) {
    Buffer page = resource("/docs/index.html");
    Buffer init = resource("/docs/init.js");
    api.rootOnly(HttpMethod.GET, "/openapi.json", ctx -> send(ctx, "application/json", openApi));
    api.rootOnly(HttpMethod.GET, "/docs", ctx -> send(ctx, "text/html; charset=utf-8", page));
    api.rootOnly(HttpMethod.GET, "/docs/init.js", ctx -> send(ctx, "text/javascript", init));
    router.get("/docs/*").handler(StaticHandler.create(SWAGGER_UI).setMaxAgeSeconds(86_400));
  }

  private static Future<?> send(RoutingContext ctx, String type, Buffer body) {
    return ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, type).end(body);
  }

  private static Buffer resource(String path) {
    try (InputStream in = DocsRoutes.class.getResourceAsStream(path)) {
      return Buffer.buffer(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

}
