package io.switchboard.app;

import io.switchboard.store.EmbeddedStorage;
import io.switchboard.store.MasterKeyFile;
import io.switchboard.store.MasterKeySettings;
import io.switchboard.store.Migrations;
import io.switchboard.store.PostgresLimits;
import io.switchboard.store.PostgresTarget;
import io.switchboard.store.CredentialCipher;
import io.switchboard.store.StorageSettings;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The storage the gateway runs on: the configured PostgreSQL and Redis, or embedded ones when neither URL is
 * set (on {@code storage.embedded}'s loopback ports, which a second node on this machine may share); migrated, with
 * the master key resolved. Blocking: built on a worker at start-up.
 */
record Storage(String postgresUrl, String redisUrl, int poolSize, PostgresLimits postgresLimits, int redisTimeoutMs,
               String masterKey, EmbeddedStorage embedded, List<String> previousMasterKeys, Path masterKeyDir) {

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
      JsonObject ports = storage.getJsonObject("embedded", new JsonObject());
      int postgresPort = port(ports, "postgresPort");
      int redisPort = port(ports, "redisPort");
      try {
        embedded = EmbeddedStorage.start(dataDir, postgresPort, redisPort);
      } catch (RuntimeException e) {
        throw new ConfigError("embedded storage could not start under " + dataDir.toAbsolutePath() + ": "
          + e.getMessage());
      }
      pgUrl = embedded.postgresUrl();
      redisUrl = embedded.localRedisUrl();
    }
    PostgresTarget target;
    PostgresLimits limits;
    int redisTimeoutMs;
    try {
      target = PostgresTarget.parse(pgUrl);
      limits = PostgresLimits.from(storage.getJsonObject("postgres"));
      redisTimeoutMs = storage.getJsonObject("redis").getInteger("commandTimeoutMs",
        StorageSettings.DEFAULT_REDIS_TIMEOUT_MS);
      if (redisTimeoutMs < 1) {
        throw new IllegalArgumentException("storage.redis.commandTimeoutMs must be at least 1");
      }
    } catch (IllegalArgumentException e) {
      if (embedded != null) {
        embedded.close();
      }
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
    List<String> previous = new ArrayList<>(MasterKeySettings.previousKeys(config.getJsonObject("security")
      .getValue("previousMasterKeys")));
    Path keyDir = null;
    if (masterKey.isBlank()) {
      masterKey = MasterKeyFile.loadOrCreate(dataDir);
      previous.addAll(MasterKeyFile.previousKeys(dataDir));
      keyDir = dataDir;
    }
    int poolSize = storage.getJsonObject("postgres").getInteger("poolSize", 4);
    return new Storage(pgUrl, redisUrl, poolSize, limits, redisTimeoutMs, masterKey, embedded, List.copyOf(previous),
      keyDir);
  }

  /** The keyring every verticle of this Vert.x instance shares (a rotation is seen by all at once). */
  CredentialCipher cipher(Vertx vertx) {
    return CredentialCipher.shared(vertx, masterKey, previousMasterKeys);
  }

  /** What a verticle that decrypts credentials gets: the current key, previous keys, the key file's directory. */
  JsonObject keySection(JsonObject section) {
    return new MasterKeySettings(masterKey, previousMasterKeys, masterKeyDir == null ? null : masterKeyDir.toString())
      .putInto(section);
  }

  /** What every role that keeps data gets, in the same shape for all: {@code postgres} and {@code redis}. */
  JsonObject storageSection(JsonObject section) {
    return new StorageSettings(postgresUrl, poolSize, postgresLimits, redisUrl, redisTimeoutMs).putInto(section);
  }

  void close() {
    if (embedded != null) {
      embedded.close();
    }
  }

  private static int port(JsonObject embedded, String key) {
    int port = embedded.getInteger(key, 0);
    if (port < 0 || port > 65535) {
      throw new ConfigError("storage.embedded." + key + " must be a port number (0: any free port)");
    }
    return port;
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
