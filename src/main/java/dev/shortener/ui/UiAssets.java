package dev.shortener.ui;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * The web UI's files, read once at boot from the classpath ({@code ui/} and the chart library's
 * webjar) and held in memory with a gzip copy each. Their {@link #version} is a hash of every
 * file, so asset URLs change whenever a file does and can be cached for a year.
 */
public final class UiAssets {
  /** A file as sent: its type, its bytes, and the same gzip-compressed. */
  public record Asset(String contentType, Buffer body, Buffer gzipped) {}

  static final String SHELL = "index.html";
  private static final String ROOT = "ui";
  private static final String UPLOT_POM = "META-INF/maven/org.webjars.npm/uplot/pom.properties";
  private static final Map<String, String> TYPES = Map.of(
      "js", "text/javascript; charset=utf-8",
      "css", "text/css; charset=utf-8",
      "html", "text/html; charset=utf-8",
      "svg", "image/svg+xml",
      "png", "image/png");

  private final Map<String, Asset> files;
  private final String version;
  private final Asset shell;

  private UiAssets(Map<String, byte[]> raw, byte[] shellTemplate) {
    this.version = hash(raw);
    Map<String, Asset> assets = new TreeMap<>();
    raw.forEach((name, bytes) -> assets.put(name, asset(name, bytes)));
    this.files = Map.copyOf(assets);
    String page = new String(shellTemplate, StandardCharsets.UTF_8).replace("{{version}}", version);
    this.shell = asset(SHELL, page.getBytes(StandardCharsets.UTF_8));
  }

  /** Loads {@code ui/**} (the shell {@code ui/index.html} apart) and uPlot from its webjar. */
  public static UiAssets load() {
    Map<String, byte[]> raw = new TreeMap<>();
    walk(raw);
    byte[] shellTemplate = raw.remove(SHELL);
    if (shellTemplate == null) {
      throw new IllegalStateException("ui/index.html is missing from the jar");
    }
    String uplot = "META-INF/resources/webjars/uplot/" + webjarVersion(UPLOT_POM) + "/dist/";
    raw.put("vendor/uPlot.iife.min.js", resource(uplot + "uPlot.iife.min.js"));
    raw.put("vendor/uPlot.min.css", resource(uplot + "uPlot.min.css"));
    return new UiAssets(raw, shellTemplate);
  }

  public String version() {
    return version;
  }

  /** The HTML page, with the asset URLs of this version. */
  public Asset shell() {
    return shell;
  }

  /** A file by its path below {@code /ui/<version>/}, or null. */
  public Asset file(String path) {
    return files.get(path);
  }

  private static Asset asset(String name, byte[] bytes) {
    String ext = name.substring(name.lastIndexOf('.') + 1);
    String type = TYPES.getOrDefault(ext, "application/octet-stream");
    return new Asset(type, Buffer.buffer(bytes), Buffer.buffer(gzip(bytes)));
  }

  private static void walk(Map<String, byte[]> into) {
    URL url = UiAssets.class.getClassLoader().getResource(ROOT + "/" + SHELL);
    if (url == null) {
      throw new IllegalStateException("ui/ is missing from the classpath");
    }
    try {
      URI uri = url.toURI();
      if ("jar".equals(uri.getScheme())) {
        FileSystem fs;
        try {
          fs = FileSystems.getFileSystem(uri);
        } catch (FileSystemNotFoundException e) {
          fs = FileSystems.newFileSystem(uri, Map.of());
        }
        read(fs.getPath(ROOT), into);
      } else {
        read(Path.of(uri).getParent(), into);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void read(Path root, Map<String, byte[]> into) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.filter(Files::isRegularFile).toList()) {
        into.put(root.relativize(path).toString().replace('\\', '/'), Files.readAllBytes(path));
      }
    }
  }

  /** The version the pom chose, from the webjar's own metadata (its files live under it). */
  private static String webjarVersion(String pomProperties) {
    var properties = new java.util.Properties();
    try {
      properties.load(new java.io.ByteArrayInputStream(resource(pomProperties)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties.getProperty("version");
  }

  private static byte[] resource(String path) {
    try (InputStream in = UiAssets.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(path + " is missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String hash(Map<String, byte[]> files) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      files.forEach((name, bytes) -> {
        digest.update(name.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(bytes);
      });
      return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3 + 64);
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
