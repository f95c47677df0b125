package io.switchboard.app;

import io.vertx.core.json.JsonObject;

/** Waits, bounded, until the scheduler has picked up an announced account change. */
final class ModelsPolling {
  private ModelsPolling() {
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
