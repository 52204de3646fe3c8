package dev.shortener.cli;

import dev.shortener.accounts.Accounts;
import dev.shortener.accounts.ApiKey;
import dev.shortener.accounts.ApiKeyStore;
import dev.shortener.accounts.KeyCache;
import dev.shortener.accounts.KeyUsage;
import dev.shortener.accounts.Principal;
import dev.shortener.cache.RedisTopology;
import dev.shortener.config.AppConfig;
import dev.shortener.config.ConfigException;
import dev.shortener.config.ConfigLoader;
import dev.shortener.db.Database;
import dev.shortener.db.Migrations;
import dev.shortener.errors.Failure;
import dev.shortener.db.Paging;
import dev.shortener.redirect.Invalidations;
import dev.shortener.validation.Timestamps;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Row;
import java.io.PrintStream;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar url-shortener.jar api-key create|list|revoke}: the operator's way to make the first
 * admin key (and any other), with the server's configuration (DATABASE_URL, REDIS_URL). Runs the
 * migrations first, so it works on an empty database. A new key is printed once, alone on stdout.
 */
public final class ApiKeyCommand {
  public static final String NAME = "api-key";
  static final String USAGE = """
      usage: java -jar url-shortener.jar api-key create --admin --name NAME [--expires-at TIMESTAMP]
             java -jar url-shortener.jar api-key create --user ID --name NAME [--scopes read,write] [--expires-at TIMESTAMP]
             java -jar url-shortener.jar api-key list
             java -jar url-shortener.jar api-key revoke ID""";
  private static final long TIMEOUT_SECONDS = 30;

  private ApiKeyCommand() {}

  /** Runs the command; the exit code (0 done, 1 failed, 2 bad arguments or configuration). */
  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    try {
      List<String> rest = Arrays.asList(args).subList(1, args.length);
      if (rest.isEmpty()) {
        throw new ConfigException(USAGE);
      }
      AppConfig config = ConfigLoader.load(env).requireProductionSettings();
      Migrations.migrate(config.database().url());
      Vertx vertx = Vertx.vertx();
      Database db = Database.create(vertx, config.database());
      RedisTopology topology = RedisTopology.of(config.redis());
      Redis redis = Redis.createClient(vertx, topology.options());
      try {
        Accounts accounts = new Accounts(new ApiKeyStore(db), new KeyCache(), new KeyUsage(), List.of(),
            entries -> publish(redis, topology, db, entries, err));
        switch (rest.get(0)) {
          case "create" -> create(accounts, options(rest.subList(1, rest.size())), out, err);
          case "list" -> list(accounts, db, out);
          case "revoke" -> revoke(accounts, rest, out);
          default -> throw new ConfigException(USAGE);
        }
        return 0;
      } finally {
        redis.close();
        db.close().await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        vertx.close().await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      }
    } catch (ConfigException e) {
      err.println(e.getMessage().startsWith("usage:") ? e.getMessage() : "configuration error: " + e.getMessage());
      return 2;
    } catch (Failure e) {
      err.println("api-key: " + e.getMessage() + (e.details() == null ? "" : " " + new JsonObject(
          new java.util.LinkedHashMap<String, Object>(e.details())).encode()));
      return 1;
    } catch (Exception e) {
      err.println("api-key: " + e);
      return 1;
    }
  }

  private static Map<String, String> options(List<String> args) {
    Map<String, String> options = new java.util.HashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String name = args.get(i);
      if (name.equals("--admin")) {
        options.put(name, "");
      } else if (List.of("--name", "--user", "--scopes", "--expires-at").contains(name) && i + 1 < args.size()) {
        options.put(name, args.get(++i));
      } else {
        throw new ConfigException(USAGE);
      }
    }
    if (options.containsKey("--admin") == options.containsKey("--user")
        || options.containsKey("--admin") && options.containsKey("--scopes")) {
      throw new ConfigException(USAGE);
    }
    return options;
  }

  private static void create(Accounts accounts, Map<String, String> options, PrintStream out, PrintStream err)
      throws Exception {
    JsonObject body = new JsonObject().put("name", options.getOrDefault("--name", ""));
    if (options.containsKey("--admin")) {
      body.putNull("user_id");
    } else {
      try {
        body.put("user_id", Long.parseLong(options.get("--user")));
      } catch (NumberFormatException e) {
        throw new ConfigException("--user must be a user id, got '" + options.get("--user") + "'");
      }
    }
    body.put("scopes", new JsonArray(Arrays.asList(options.getOrDefault("--scopes", "read,write").split(","))));
    if (options.containsKey("--expires-at")) {
      body.put("expires_at", options.get("--expires-at"));
    }
    ApiKey.Created created = accounts.create(Principal.OPERATOR, Accounts.NewKey.from(body))
        .await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    err.println("created API key " + created.id() + " '" + created.name() + "' for "
        + (created.userId() == null ? "admin" : "user " + created.userId()) + ", scopes "
        + String.join(",", created.scopes()) + ", prefix " + created.prefix()
        + (created.expiresAt() == null ? "" : ", expires " + Timestamps.format(created.expiresAt()))
        + ". The key is shown only now:");
    out.println(created.key());
  }

  private static void list(Accounts accounts, Database db, PrintStream out) throws Exception {
    Paging all = Paging.ALL;
    var query = accounts.list(Principal.OPERATOR);
    List<Row> rows = new ArrayList<>();
    db.query(query.sql(all), query.args(all)).await(TIMEOUT_SECONDS, TimeUnit.SECONDS).forEach(rows::add);
    out.println("id\tname\tuser_id\tscopes\tprefix\tcreated_at\texpires_at\tlast_used_at");
    for (Row row : rows) {
      ApiKey key = ApiKey.from(row);
      out.println(String.join("\t", Long.toString(key.id()), key.name(),
          key.userId() == null ? "admin" : key.userId().toString(), String.join(",", key.scopes()), key.prefix(),
          time(key.createdAt()), time(key.expiresAt()), time(key.lastUsedAt())));
    }
  }

  private static void revoke(Accounts accounts, List<String> rest, PrintStream out) throws Exception {
    long id;
    try {
      id = Long.parseLong(rest.size() == 2 ? rest.get(1) : "");
    } catch (NumberFormatException e) {
      throw new ConfigException(USAGE);
    }
    if (!accounts.delete(Principal.OPERATOR, id).await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      throw Failure.notFound("API key " + id + " not found");
    }
    out.println("revoked API key " + id);
  }

  /**
   * Tells running replicas to drop the key, over both buses: this process cannot know which one the
   * replicas hear (a replica trusts its key cache only while it hears both).
   */
  private static Future<Void> publish(Redis redis, RedisTopology topology, Database db, List<String> entries,
      PrintStream err) {
    Future<Boolean> overRedis = redis.send(Invalidations.publishRequest(topology, entries))
        .map(true)
        .timeout(5, TimeUnit.SECONDS)
        .otherwise(false);
    Future<Boolean> overPostgres = Invalidations.notifyFromOutside(db, entries)
        .map(true)
        .timeout(5, TimeUnit.SECONDS)
        .otherwise(false);
    return Future.join(overRedis, overPostgres).transform(both -> {
      if (!overRedis.result() && !overPostgres.result()) {
        err.println("api-key: could not reach Redis nor PostgreSQL's notification channel; a replica that has"
            + " the key cached accepts it until its cache entry ages out (5 minutes at most)");
      }
      return Future.succeededFuture();
    });
  }

  private static String time(LocalDateTime at) {
    return at == null ? "-" : Timestamps.format(at);
  }
}
