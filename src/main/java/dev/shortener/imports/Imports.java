package dev.shortener.imports;

import dev.shortener.clicks.ClickEnrichment;
import dev.shortener.config.AppConfig;
import dev.shortener.validation.TargetUrls;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Bulk imports over JDBC (blocking: worker threads and the shell command only). Several files go in
 * one transaction, users before URLs before events, so a migration lands whole or not at all.
 */
public final class Imports {
  /** One file to import and what it holds. */
  public record File(Kind kind, Path path, Long owner) {}

  public enum Kind { USERS, URLS, EVENTS }

  /** A file's outcome, in the answer's shape. */
  public record Result(String name, long count, long imported) {
    public long skipped() {
      return count - imported;
    }
  }

  /** Hears how far a file is: bytes read of its size. */
  @FunctionalInterface
  public interface Progress {
    void at(String name, long bytesRead, long size);
  }

  private Imports() {}

  /**
   * Imports the files in order in one transaction, enriching imported clicks with {@code enrichment}
   * (asked for at the first click: a replica passes its own, the shell makes one then). Throws
   * {@link BadLine} (nothing written) for a bad line, {@link UrlImport.UnknownOwner} when a plain
   * list's owner does not exist.
   */
  public static List<Result> run(AppConfig config, Supplier<ClickEnrichment> enrichment, List<File> files,
      Progress progress) throws SQLException {
    // a target on the service's own host is refused as in POST /urls: it would redirect to itself
    String ownHost = TargetUrls.hostOf(config.links().publicBaseUrl());
    try (Connection conn = Importer.connect(config.database().url())) {
      try {
        List<Result> results = new ArrayList<>();
        for (File file : files) {
          ImportKind kind = switch (file.kind()) {
            case USERS -> new UserImport();
            case URLS -> new UrlImport(file.owner(), ownHost);
            case EVENTS -> new EventImport(enrichment);
          };
          long size = Files.size(file.path());
          try (InputStream in = Files.newInputStream(file.path())) {
            Importer.Imported done = Importer.run(conn, kind, in, read -> progress.at(kind.name(), read, size));
            results.add(new Result(kind.name(), done.count(), done.imported()));
          }
        }
        conn.commit();
        return results;
      } catch (IOException e) {
        conn.rollback();
        throw new UncheckedIOException(e);
      } catch (RuntimeException | SQLException e) {
        conn.rollback();
        throw e;
      }
    }
  }

  /** True when the plain-list owner was missing (a 404, not a bad file). */
  public static boolean unknownOwner(Throwable e) {
    return e instanceof UrlImport.UnknownOwner;
  }
}
