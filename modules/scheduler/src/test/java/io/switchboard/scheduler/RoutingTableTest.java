package io.switchboard.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.switchboard.store.Account;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Reloads of the routing table that overtake one another: the picture a reload read before a later change must not
 * replace the one read after it, whichever answer PostgreSQL delivers last.
 */
class RoutingTableTest {
  private final List<Promise<RoutingTable.Loaded>> loads = new ArrayList<>();
  private final RoutingTable table = new RoutingTable(() -> {
    Promise<RoutingTable.Loaded> load = Promise.promise();
    loads.add(load);
    return load.future();
  });

  private static Account account(long id, String model) {
    return new Account(id, "acct-" + id, "openai", "https://api.openai.com", null, List.of(model), Map.of(),
      new JsonObject(), 0, 1, "active");
  }

  @Test
  void aReloadAnsweredAfterALaterOneBeganIsNotApplied() {
    Future<RoutingTable.Loaded> before = table.reload(); // reads while account 1 still serves the model
    Future<RoutingTable.Loaded> after = table.reload(); // account 1 was disabled: announced, read again

    loads.get(1).complete(new RoutingTable.Loaded(List.of(account(2, "gpt-4o")), Map.of("default", "round_robin")));
    loads.get(0).complete(new RoutingTable.Loaded(List.of(account(1, "gpt-4o"), account(2, "gpt-4o")), Map.of()));

    assertEquals(1, after.result().accounts().size());
    assertNull(before.result(), "superseded: not applied");
    assertEquals(List.of(2L), table.serving("gpt-4o").stream().map(Account::id).toList());
    assertNull(table.account(1), "the disabled account stays out");
    assertEquals("round_robin", table.strategy("default"));
  }

  @Test
  void theOnlyReloadIsApplied() {
    Future<RoutingTable.Loaded> only = table.reload();
    loads.get(0).complete(new RoutingTable.Loaded(List.of(account(3, "claude")), Map.of()));

    assertEquals(1, only.result().accounts().size());
    assertEquals(3, table.account(3).id());
    assertEquals("weighted", table.strategy("default"));
  }
}
