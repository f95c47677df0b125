package io.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class NativeTransportTest {

  @Test
  void onLinuxX8664TheNodeRunsOnEpoll() throws Exception {
    Assumptions.assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
      && System.getProperty("os.arch").equals("amd64"), "the epoll library shipped is for Linux x86-64");
    GatewayNode node = GatewayNode.start(GatewayHarness.config("http://127.0.0.1:9", GatewayHarness.freePort(),
      new JsonObject())).await();
    try {
      assertTrue(node.vertx().isNativeTransportEnabled(), "native transport unavailable: "
        + node.vertx().unavailableNativeTransportCause());
      assertEquals("EpollTransport", ((io.vertx.core.internal.VertxInternal) node.vertx()).transport().getClass()
        .getSimpleName());
    } finally {
      node.close().await();
    }
  }
}
