package io.switchboard.app;

import io.switchboard.api.Addresses;
import io.switchboard.api.ConfigChanged;
import io.switchboard.testkit.TestStorage;
import io.vertx.core.json.JsonObject;

/** Waits, bounded, until the scheduler has picked up an announced account change. */
final class ModelsPolling {
  private ModelsPolling() {
  }

  /**
   * Adds account {@code name} of kind {@code provider} at {@code baseUrl} serving {@code model} to the test storage,
   * announces it, and waits until the scheduler lists the model.
   */
  static void addAccount(GatewayHarness gw, String name, String provider, String baseUrl, String model)
      throws Exception {
    TestStorage.query("insert into accounts (name, provider, base_url, models) values ('" + name + "', '" + provider
      + "', '" + baseUrl + "', '{" + model + "}') returning id");
    gw.vertx.eventBus().publish(Addresses.CONFIG_CHANGED, new ConfigChanged(ConfigChanged.ACCOUNT, null));
    awaitModel(gw, model);
  }

  static void awaitModel(GatewayHarness gw, String model) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 5000;
    while (System.currentTimeMillis() < deadline) {
      JsonObject list = gw.get("/v1/models", GatewayHarness.CLIENT_KEY).await().json();
      if (list.getJsonArray("data").stream().anyMatch(m -> model.equals(((JsonObject) m).getString("id")))) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the scheduler never listed " + model);
  }
}
