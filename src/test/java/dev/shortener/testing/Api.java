package dev.shortener.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A black-box HTTP client for a base URL: the in-process service, a local stack, or a compose stack. */
public final class Api {
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  private final String baseUrl;

  public Api(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  public HttpResult get(String path, String... headers) {
    return send("GET", path, (byte[]) null, headers);
  }

  public HttpResult head(String path) {
    return send("HEAD", path, (byte[]) null);
  }

  public HttpResult delete(String path, String... headers) {
    return send("DELETE", path, (byte[]) null, headers);
  }

  public HttpResult post(String path, String json, String... headers) {
    return send("POST", path, json, withJson(headers));
  }

  public HttpResult put(String path, String json, String... headers) {
    return send("PUT", path, json, withJson(headers));
  }

  /** Any method, raw body, explicit headers (name, value, name, value...). */
  public HttpResult send(String method, String path, String body, String... headers) {
    return send(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8), headers);
  }

  public HttpResult send(String method, String path, byte[] body, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    try {
      HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new HttpResult(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A GET whose body is binary (images): status, headers and the raw bytes. */
  public HttpResponse<byte[]> bytes(String path, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    try {
      return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** multipart/form-data with one file part. */
  public HttpResult upload(String path, String partName, String filename, byte[] content, String... headers) {
    String boundary = "----shortener-test-boundary";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + partName + "\"; filename=\""
        + filename + "\"\r\nContent-Type: text/csv\r\n\r\n";
    body.writeBytes(head.getBytes(StandardCharsets.UTF_8));
    body.writeBytes(content);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    String[] all = new String[headers.length + 2];
    all[0] = "Content-Type";
    all[1] = "multipart/form-data; boundary=" + boundary;
    System.arraycopy(headers, 0, all, 2, headers.length);
    return send("POST", path, body.toByteArray(), all);
  }

  private static String[] withJson(String[] headers) {
    for (int i = 0; i < headers.length; i += 2) {
      if (headers[i].equalsIgnoreCase("Content-Type")) {
        return headers;
      }
    }
    String[] all = new String[headers.length + 2];
    all[0] = "Content-Type";
    all[1] = "application/json";
    System.arraycopy(headers, 0, all, 2, headers.length);
    return all;
  }
}
