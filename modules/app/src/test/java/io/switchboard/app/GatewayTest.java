package io.switchboard.app;

import io.switchboard.testkit.TestStorage;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** Base of the end-to-end tests: a fresh gateway and mock upstream for every test, on cleaned test storage. */
@ExtendWith({VertxExtension.class, TestStorage.class})
abstract class GatewayTest {
  protected GatewayHarness gw;

  /** Configuration merged over the test defaults, as a --config file would be. */
  protected JsonObject overrides() {
    return new JsonObject();
  }

  @BeforeEach
  void startGateway(Vertx vertx, VertxTestContext ctx) {
    GatewayHarness.start(vertx, overrides()).onComplete(ctx.succeeding(h -> {
      gw = h;
      ctx.completeNow();
    }));
  }

  @AfterEach
  void stopGateway(VertxTestContext ctx) {
    gw.stop().onComplete(ctx.succeedingThenComplete());
  }
}
