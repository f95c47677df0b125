package io.switchboard.app;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Base of the admin API tests: a gateway whose admin port is free and whose initial admin has a known password. */
abstract class AdminTest extends GatewayTest {
  protected final int adminPort = GatewayHarness.freePort();
  protected AdminClient admin;

  /** Extra configuration merged over the admin defaults. */
  protected JsonObject adminOverrides() {
    return new JsonObject();
  }

  @Override
  protected JsonObject overrides() {
    return new JsonObject().put("admin", AdminClient.section(adminPort)).mergeIn(adminOverrides(), true);
  }

  @BeforeEach
  void adminClient(Vertx vertx) {
    admin = new AdminClient(vertx, adminPort);
  }

  @AfterEach
  void closeAdminClient() {
    admin.close();
  }
}
