package dev.shortener;

import ch.qos.logback.classic.LoggerContext;
import dev.shortener.config.AppConfig;
import dev.shortener.config.ConfigException;
import dev.shortener.config.ConfigLoader;
import dev.shortener.devmode.DevServices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar url-shortener.jar} serves against DATABASE_URL / REDIS_URL;
 * {@code java -jar url-shortener.jar dev} starts embedded PostgreSQL and Redis first.
 */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    boolean dev = args.length == 1 && args[0].equals("dev");
    if (args.length > 1 || (args.length == 1 && !dev)) {
      System.err.println("usage: java -jar url-shortener.jar [dev]");
      System.exit(2);
    }
    try {
      AppConfig config = ConfigLoader.load(System.getenv());
      DevServices devServices = null;
      if (dev) {
        devServices = DevServices.start(config.dev());
        config = config.withDatabaseUrl(devServices.databaseUrl()).withRedisUrl(devServices.redisUrl());
      }
      Application app = Application.start(config.requireProductionSettings());
      DevServices started = devServices;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(app, started), "shutdown"));
    } catch (ConfigException e) {
      System.err.println("configuration error: " + e.getMessage());
      System.exit(2);
    } catch (Exception e) {
      LOG.error("failed to start", e);
      System.exit(1);
    }
  }

  /** SIGTERM / SIGINT: drain, flush clicks, stop dev databases, flush the logs. */
  private static void shutdown(Application app, DevServices devServices) {
    app.stop();
    if (devServices != null) {
      try {
        devServices.close();
      } catch (Exception e) {
        LOG.warn("could not stop the dev databases cleanly", e);
      }
    }
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
      logback.stop();
    }
  }
}
