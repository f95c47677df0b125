package io.switchboard.store;

import org.flywaydb.core.Flyway;

/** Brings the schema up to date with Flyway. Blocking: call from {@code main} or a worker. */
public final class Migrations {
  private Migrations() {
  }

  public static int migrate(PostgresTarget target) {
    return Flyway.configure()
      .dataSource(target.jdbcUrl(), target.user(), target.password())
      .locations("classpath:db/migration")
      .load()
      .migrate()
      .migrationsExecuted;
  }
}
