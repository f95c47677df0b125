package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.MODEL;
import static io.switchboard.app.GatewayHarness.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.api.Addresses;
import io.switchboard.api.ConfigChanged;
import io.switchboard.testkit.TestStorage;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * Accounts announced as changed whose reload then fails (a column gone): the scheduler logs it and plans with the
 * accounts read before; an adapter that cannot read the planned account answers as the gateway's failure.
 */
class AccountReloadFailureTest extends GatewayTest {

  @Test
  void aReloadThatFailsIsLoggedAndPlansKeepTheAccountsReadBefore() throws Exception {
    CapturedLogs logs = CapturedLogs.attach();
    try {
      rename("user_groups", "strategy", "strategy_gone");
      gw.vertx.eventBus().publish(Addresses.CONFIG_CHANGED, new ConfigChanged(ConfigChanged.ACCOUNT, null));
      Await.until(() -> logs.lines().stream().anyMatch(line -> line.startsWith("accounts or groups changed (account)"
        + " but could not be read again; plans use those read before: ") && line.contains("strategy")),
        "the failed reload is logged, with PostgreSQL's reason");

      GatewayHarness.Reply reply = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await();
      assertEquals(200, reply.status(), reply.body().toString());
      assertEquals(1, gw.mock.received().size(), "planned on the accounts read before");
    } finally {
      rename("user_groups", "strategy_gone", "strategy");
      logs.detach();
    }
  }

  /** The provider cannot read the planned account either: the client hears the gateway failed, not the upstream. */
  @Test
  void anAccountTheProviderCannotReadIsTheGatewaysFailureAndAsksNoUpstream() throws Exception {
    try {
      rename("accounts", "status", "status_gone");
      // the adapter forgets the accounts it read; the scheduler's reload fails and keeps its table
      gw.vertx.eventBus().publish(Addresses.CONFIG_CHANGED, new ConfigChanged(ConfigChanged.ACCOUNT, null));

      GatewayHarness.Reply reply = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await();
      assertEquals(503, reply.status(), reply.body().toString());
      assertTrue(reply.json().getJsonObject("error").getString("message")
        .endsWith("the account's settings could not be read"), reply.body().toString());
      assertEquals(0, gw.mock.received().size(), "no upstream was asked");
    } finally {
      rename("accounts", "status_gone", "status");
    }
  }

  private static void rename(String table, String from, String to) throws Exception {
    try (Connection db = TestStorage.connect(); Statement statement = db.createStatement()) {
      statement.execute("alter table " + table + " rename column " + from + " to " + to);
    }
  }
}
