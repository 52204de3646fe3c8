package dev.shortener.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The configuration in three layers, each over the one before: the defaults ({@code conf/application.yaml}
 * inside the jar: the only place defaults are written), an optional file ({@code conf/application.yaml}
 * in the working directory, or {@code CONFIG_FILE}), then the environment ({@link #applyEnv}).
 */
public final class ConfigLoader {
  /** The defaults' place inside the jar, and the optional file's in the working directory. */
  public static final String CONFIG_FILE = "conf/application.yaml";

  private ConfigLoader() {}

  /** Loads the configuration once, before the application's own Vert.x instance exists. */
  public static AppConfig load(Map<String, String> env) {
    JsonObject merged = defaults();
    deepMerge(merged, readFile(env));
    return AppConfig.from(applyEnv(merged, env));
  }

  /** The shipped defaults: every key the service reads, with its default value. */
  public static JsonObject defaults() {
    try (InputStream in = ConfigLoader.class.getResourceAsStream("/" + CONFIG_FILE)) {
      if (in == null) {
        throw new IllegalStateException(CONFIG_FILE + " is missing from the jar");
      }
      Map<String, Object> yaml = new Yaml(new LoaderOptions()).load(in);
      return new JsonObject(yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The working directory's file or CONFIG_FILE (which must exist), read with vertx-config. */
  private static JsonObject readFile(Map<String, String> env) {
    String file = env.getOrDefault("CONFIG_FILE", CONFIG_FILE);
    Vertx vertx = Vertx.vertx();
    try {
      ConfigRetrieverOptions options = new ConfigRetrieverOptions()
          .setIncludeDefaultStores(false)
          .addStore(new ConfigStoreOptions()
              .setType("file")
              .setFormat("yaml")
              .setOptional(!env.containsKey("CONFIG_FILE"))
              .setConfig(new JsonObject().put("path", file)));
      try {
        return ConfigRetriever.create(vertx, options).getConfig().await(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new ConfigException("cannot read " + file + ": " + e.getMessage());
      }
    } finally {
      vertx.close();
    }
  }

  /** Sections merge key by key: a file that names one key of a section keeps the section's other defaults. */
  private static void deepMerge(JsonObject into, JsonObject from) {
    for (String key : from.fieldNames()) {
      Object value = from.getValue(key);
      if (value instanceof JsonObject section && into.getValue(key) instanceof JsonObject existing) {
        deepMerge(existing, section);
      } else {
        into.put(key, value);
      }
    }
  }

  /**
   * Every key can also be set as {@code SHORTENER_<SECTION>_<KEY>} (upper case, '-' as '_'), e.g.
   * {@code SHORTENER_CLICKS_QUEUE_CAPACITY}; the conventional names (DATABASE_URL...) win. A blank
   * value leaves a numeric setting at its default.
   */
  static JsonObject applyEnv(JsonObject yaml, Map<String, String> env) {
    JsonObject merged = yaml.copy();
    for (String section : merged.fieldNames()) {
      if (merged.getValue(section) instanceof JsonObject values) {
        for (String key : values.copy().fieldNames()) {
          set(values, key, env.get(("SHORTENER_" + section + "_" + key).replace('-', '_').toUpperCase(Locale.ROOT)));
        }
      }
    }
    AppConfig.ENV_OVERRIDES.forEach((variable, path) -> {
      String[] parts = path.split("\\.", 2);
      JsonObject section = merged.getJsonObject(parts[0]);
      if (section == null) {
        section = new JsonObject();
        merged.put(parts[0], section);
      }
      set(section, parts[1], env.get(variable));
    });
    return merged;
  }

  private static void set(JsonObject section, String key, String value) {
    if (value != null && !(value.isBlank() && section.getValue(key) instanceof Number)) {
      section.put(key, value);
    }
  }
}
