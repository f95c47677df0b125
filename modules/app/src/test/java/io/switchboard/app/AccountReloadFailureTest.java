package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.MODEL;
import static io.switchboard.app.GatewayHarness.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.api.Addresses;
import io.switchboard.api.ConfigChanged;
import io.switchboard.testkit.TestStorage;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * Accounts announced as changed whose reload then fails (here the groups' strategies cannot be read, a column gone):
 * the failed reload is logged, and plans go on with the accounts read before, so clients are still served.
 */
class AccountReloadFailureTest extends GatewayTest {

  @Test
  void aReloadThatFailsIsLoggedAndPlansKeepTheAccountsReadBefore() throws Exception {
    CapturedLogs logs = CapturedLogs.attach();
    try {
      rename("strategy", "strategy_gone");
      gw.vertx.eventBus().publish(Addresses.CONFIG_CHANGED, new ConfigChanged(ConfigChanged.ACCOUNT, null));
      Await.until(() -> logs.lines().stream().anyMatch(line -> line.startsWith("accounts or groups changed (account)"
        + " but could not be read again; plans use those read before: ") && line.contains("strategy")),
        "the failed reload is logged, with PostgreSQL's reason");

      GatewayHarness.Reply reply = gw.post("/v1/chat/completions", CLIENT_KEY, chat(MODEL, false, null)).await();
      assertEquals(200, reply.status(), reply.body().toString());
      assertEquals(1, gw.mock.received().size(), "planned on the accounts read before");
    } finally {
      rename("strategy_gone", "strategy");
      logs.detach();
    }
  }

  private static void rename(String from, String to) throws Exception {
    try (Connection db = TestStorage.connect(); Statement statement = db.createStatement()) {
      statement.execute("alter table user_groups rename column " + from + " to " + to);
    }
  }
}
