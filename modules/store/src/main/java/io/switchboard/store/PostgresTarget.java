package io.switchboard.store;

import io.vertx.pgclient.PgConnectOptions;

/** Where PostgreSQL is, parsed once from a {@code postgresql://user:pass@host:port/db} URL. */
public record PostgresTarget(String host, int port, String database, String user, String password) {

  /** Parses the URL; the message names the config key and never repeats the password. */
  public static PostgresTarget parse(String url) {
    if (url == null || !(url.startsWith("postgresql://") || url.startsWith("postgres://"))) {
      throw new IllegalArgumentException("storage.postgres.url must look like postgresql://user:password@host:5432/db");
    }
    PgConnectOptions options;
    try {
      options = PgConnectOptions.fromUri(url);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("storage.postgres.url is not a valid PostgreSQL URL");
    }
    return new PostgresTarget(options.getHost(), options.getPort(), options.getDatabase(), options.getUser(),
      options.getPassword());
  }

  public PgConnectOptions connectOptions() {
    return new PgConnectOptions().setHost(host).setPort(port).setDatabase(database).setUser(user)
      .setPassword(password).setCachePreparedStatements(true).setPipeliningLimit(256);
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  /** Host, port and database only: safe for messages and logs. */
  public String describe() {
    return host + ":" + port + "/" + database;
  }

  @Override
  public String toString() {
    return "PostgresTarget[" + describe() + "]";
  }
}
