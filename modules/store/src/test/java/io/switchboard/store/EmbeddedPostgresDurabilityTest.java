package io.switchboard.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL writes each commit through to the disk before it answers, as a PostgreSQL of one's own
 * does by default: a usage row or a key the gateway was told is stored survives a power cut, and the cluster stays
 * readable after one (the embedding library's defaults, made for tests, do neither).
 */
class EmbeddedPostgresDurabilityTest {
  @TempDir
  Path dataDir;

  @Test
  void commitsReachTheDiskBeforeTheyAreAnswered() throws Exception {
    try (EmbeddedStorage storage = EmbeddedStorage.start(dataDir)) {
      PostgresTarget target = PostgresTarget.parse(storage.postgresUrl());
      try (Connection jdbc = DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password())) {
        assertEquals("on", setting(jdbc, "fsync"));
        assertEquals("on", setting(jdbc, "synchronous_commit"));
      }
    }
  }

  private static String setting(Connection jdbc, String name) throws Exception {
    try (ResultSet rows = jdbc.createStatement().executeQuery("show " + name)) {
      rows.next();
      return rows.getString(1);
    }
  }
}
