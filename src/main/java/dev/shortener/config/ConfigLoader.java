package dev.shortener.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Reads {@code conf/application.yaml} (the working directory first, then the jar) with vertx-config
 * and applies the environment overrides of {@link AppConfig#ENV_OVERRIDES}.
 */
public final class ConfigLoader {
  private static final String CONFIG_FILE = "conf/application.yaml";

  private ConfigLoader() {}

  /** Loads the configuration once, before the application's own Vert.x instance exists. */
  public static AppConfig load(Map<String, String> env) {
    Vertx vertx = Vertx.vertx();
    try {
      String file = env.getOrDefault("CONFIG_FILE", CONFIG_FILE);
      ConfigRetrieverOptions options = new ConfigRetrieverOptions()
          .setIncludeDefaultStores(false)
          .addStore(new ConfigStoreOptions()
              .setType("file")
              .setFormat("yaml")
              .setOptional(!env.containsKey("CONFIG_FILE"))
              .setConfig(new JsonObject().put("path", file)));
      ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
      JsonObject yaml;
      try {
        yaml = retriever.getConfig().await(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new ConfigException("cannot read " + file + ": " + e.getMessage());
      }
      return AppConfig.from(applyEnv(yaml, env));
    } finally {
      vertx.close();
    }
  }

  /**
   * Every YAML key can also be set as {@code SHORTENER_<SECTION>_<KEY>} (upper case, '-' as '_'),
   * e.g. {@code SHORTENER_CLICKS_QUEUE_CAPACITY}; the conventional names (DATABASE_URL...) win.
   */
  static JsonObject applyEnv(JsonObject yaml, Map<String, String> env) {
    JsonObject merged = yaml.copy();
    for (String section : merged.fieldNames()) {
      if (merged.getValue(section) instanceof JsonObject values) {
        for (String key : values.copy().fieldNames()) {
          String name = ("SHORTENER_" + section + "_" + key).replace('-', '_').toUpperCase(java.util.Locale.ROOT);
          if (env.containsKey(name)) {
            values.put(key, env.get(name));
          }
        }
      }
    }
    AppConfig.ENV_OVERRIDES.forEach((variable, path) -> {
      String value = env.get(variable);
      if (value != null) {
        String[] parts = path.split("\\.", 2);
        JsonObject section = merged.getJsonObject(parts[0]);
        if (section == null) {
          section = new JsonObject();
          merged.put(parts[0], section);
        }
        section.put(parts[1], value);
      }
    });
    return merged;
  }
}
