package dev.shortener.imports;

import dev.shortener.clicks.ClickEnrichment;
import dev.shortener.clicks.ClickImport;
import dev.shortener.config.AppConfig;
import dev.shortener.config.ConfigException;
import dev.shortener.config.ConfigLoader;
import dev.shortener.db.Migrations;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar url-shortener.jar import --users F --urls F --events F}: the migration from the
 * original service in one transaction, with the server's configuration (DATABASE_URL, config file),
 * after the schema migrations. Files over a mebibyte get a progress line every tenth of the way.
 */
public final class ImportCommand {
  public static final String USAGE =
      "usage: java -jar url-shortener.jar import [--users users.csv] [--urls urls.csv] [--events events.csv]";
  private static final long PROGRESS_MIN_BYTES = 1024 * 1024;

  private ImportCommand() {}

  /** Runs the command; returns the exit code (0 done, 1 a bad file, 2 bad arguments or settings). */
  public static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
    List<Imports.File> files;
    try {
      files = files(args);
    } catch (ConfigException e) {
      err.println(e.getMessage());
      return 2;
    }
    AppConfig config;
    try {
      config = ConfigLoader.load(env).requireProductionSettings();
    } catch (ConfigException e) {
      err.println("configuration error: " + e.getMessage());
      return 2;
    }
    try {
      Migrations.migrate(config.database().url());
      long[] nextTenth = {1};
      String[] current = {""};
      ClickEnrichment[] enrichment = {null}; // loaded at the first imported click, if any
      List<Imports.Result> results = Imports.run(config, () -> {
        if (enrichment[0] == null) {
          enrichment[0] = ClickImport.standalone(config.clicks());
        }
        return enrichment[0];
      }, files, (name, read, size) -> {
        if (!name.equals(current[0])) {
          current[0] = name;
          nextTenth[0] = 1;
        }
        if (size >= PROGRESS_MIN_BYTES && read * 10 >= nextTenth[0] * size && nextTenth[0] < 10) {
          err.printf("%s: %d%% (%,d of %,d bytes)%n", name, read * 100 / size, read, size);
          nextTenth[0] = read * 10 / size + 1;
        }
      });
      for (Imports.Result result : results) {
        out.printf("%s: %d rows, %d imported, %d skipped%n", result.name(), result.count(), result.imported(),
            result.skipped());
      }
      return 0;
    } catch (BadLine e) {
      err.println("import failed, nothing written: " + e.describe());
      return 1;
    } catch (Exception e) {
      err.println("import failed, nothing written: " + e.getMessage());
      return 1;
    }
  }

  private static List<Imports.File> files(List<String> args) {
    Path users = null;
    Path urls = null;
    Path events = null;
    for (int i = 1; i < args.size(); i += 2) {
      if (i + 1 >= args.size()) {
        throw new ConfigException(USAGE);
      }
      Path path = Path.of(args.get(i + 1));
      if (!Files.isReadable(path)) {
        throw new ConfigException("cannot read " + path);
      }
      switch (args.get(i)) {
        case "--users" -> users = path;
        case "--urls" -> urls = path;
        case "--events" -> events = path;
        default -> throw new ConfigException(USAGE);
      }
    }
    List<Imports.File> files = new ArrayList<>();
    if (users != null) {
      files.add(new Imports.File(Imports.Kind.USERS, users, null));
    }
    if (urls != null) {
      files.add(new Imports.File(Imports.Kind.URLS, urls, null));
    }
    if (events != null) {
      files.add(new Imports.File(Imports.Kind.EVENTS, events, null));
    }
    if (files.isEmpty()) {
      throw new ConfigException(USAGE);
    }
    return files;
  }
}
