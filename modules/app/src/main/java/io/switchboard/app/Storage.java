package io.switchboard.app;

import io.switchboard.store.EmbeddedStorage;
import io.switchboard.store.MasterKeyFile;
import io.switchboard.store.Migrations;
import io.switchboard.store.PostgresTarget;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/**
 * The storage the gateway runs on: the configured PostgreSQL and Redis, or embedded ones when neither URL is
 * set; migrated, with the master key resolved. Blocking: built on a worker at start-up.
 */
record Storage(String postgresUrl, String redisUrl, String masterKey, EmbeddedStorage embedded) {

  static Storage open(JsonObject config) {
    JsonObject storage = config.getJsonObject("storage");
    Path dataDir = Path.of(storage.getString("dataDir", "data"));
    String pgUrl = storage.getJsonObject("postgres").getString("url", "");
    String redisUrl = storage.getJsonObject("redis").getString("url", "");
    if (pgUrl.isBlank() != redisUrl.isBlank()) {
      throw new ConfigError("set both storage.postgres.url and storage.redis.url, or neither for the embedded default");
    }
    EmbeddedStorage embedded = null;
    if (pgUrl.isBlank()) {
      try {
        embedded = EmbeddedStorage.start(dataDir);
      } catch (RuntimeException e) {
        throw new ConfigError("embedded storage could not start under " + dataDir.toAbsolutePath() + ": "
          + e.getMessage());
      }
      pgUrl = embedded.postgresUrl();
      redisUrl = embedded.redisUrl();
    }
    PostgresTarget target;
    try {
      target = PostgresTarget.parse(pgUrl);
    } catch (IllegalArgumentException e) {
      throw new ConfigError(e.getMessage());
    }
    try {
      Migrations.migrate(target);
    } catch (RuntimeException e) {
      if (embedded != null) {
        embedded.close();
      }
      throw new ConfigError("storage.postgres.url: cannot migrate PostgreSQL at " + target.describe() + ": "
        + firstLine(e));
    }
    String masterKey = config.getJsonObject("security").getString("masterKey", "");
    if (masterKey.isBlank()) {
      masterKey = MasterKeyFile.loadOrCreate(dataDir);
    }
    return new Storage(pgUrl, redisUrl, masterKey, embedded);
  }

  void close() {
    if (embedded != null) {
      embedded.close();
    }
  }

  /** The section a verticle that talks to PostgreSQL gets. */
  JsonObject postgresSection(JsonObject config) {
    int poolSize = config.getJsonObject("storage").getJsonObject("postgres").getInteger("poolSize", 4);
    return new JsonObject().put("url", postgresUrl).put("poolSize", poolSize);
  }

  private static String firstLine(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.lines().findFirst().orElse(message);
  }

  @Override
  public String toString() {
    return "Storage[embedded=" + (embedded != null) + "]";
  }
}
