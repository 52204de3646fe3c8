package dev.shortener;

import ch.qos.logback.classic.LoggerContext;
import dev.shortener.cli.ApiKeyCommand;
import dev.shortener.config.AppConfig;
import dev.shortener.config.AppConfig.AuthMode;
import dev.shortener.config.ConfigException;
import dev.shortener.config.ConfigLoader;
import dev.shortener.devmode.DevServices;
import dev.shortener.imports.ImportCommand;
import dev.shortener.observability.LogFormat;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar url-shortener.jar} serves against DATABASE_URL / REDIS_URL (AUTH_MODE keys by
 * default); {@code java -jar url-shortener.jar dev} starts embedded PostgreSQL and Redis first (AUTH_MODE
 * open by default); {@code java -jar url-shortener.jar api-key ...} manages API keys ({@link ApiKeyCommand}).
 */
public final class Main {
  static final String USAGE = "usage: java -jar url-shortener.jar [dev | api-key ... | import ...]";

  /** A started process: the replica and, in dev mode, its embedded databases. */
  public record Running(Application app, DevServices devServices) {
    /** What SIGTERM does: drain, flush clicks, stop the dev databases. */
    public void shutdown() {
      app.stop();
      if (devServices != null) {
        try {
          devServices.close();
        } catch (Exception e) {
          log().warn("could not stop the dev databases cleanly", e);
        }
      }
    }
  }

  private Main() {}

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("import")) {
      System.exit(ImportCommand.run(List.of(args), System.getenv(), System.out, System.err));
    }
    if (args.length > 0 && args[0].equals(ApiKeyCommand.NAME)) {
      System.exit(ApiKeyCommand.run(args, System.getenv(), System.out, System.err));
    }
    try {
      LogFormat.apply(System.getenv(), isDev(args)); // before anything logs: Logback reads it once
      Running running = start(args, System.getenv());
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        running.shutdown();
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
          logback.stop(); // flush the async appender
        }
      }, "shutdown"));
    } catch (ConfigException e) {
      System.err.println("configuration error: " + e.getMessage());
      System.exit(2);
    } catch (Exception e) {
      log().error("failed to start", e);
      System.exit(1);
    }
  }

  private static boolean isDev(String[] args) {
    return args.length == 1 && args[0].equals("dev");
  }

  /** Not a static field: the class loads before {@link LogFormat} has told Logback the format. */
  private static Logger log() {
    return LoggerFactory.getLogger(Main.class);
  }

  /** Starts what the arguments ask for; {@link ConfigException} for bad arguments or settings. */
  public static Running start(String[] args, Map<String, String> env) throws Exception {
    boolean dev = isDev(args);
    if (args.length > 1 || (args.length == 1 && !dev)) {
      throw new ConfigException(USAGE);
    }
    AppConfig config = ConfigLoader.load(env).withDefaultAuthMode(dev ? AuthMode.OPEN : AuthMode.KEYS);
    if (!dev) {
      return new Running(Application.start(config.requireProductionSettings()), null);
    }
    DevServices devServices = DevServices.start(config.dev());
    try {
      config = config.withDatabaseUrl(devServices.databaseUrl()).withRedisUrl(devServices.redisUrl());
      return new Running(Application.start(config), devServices);
    } catch (Exception e) {
      devServices.close();
      throw e;
    }
  }
}
