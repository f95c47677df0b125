package io.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.api.Addresses;
import io.switchboard.api.ErrorClass;
import io.switchboard.api.ProbeRequest;
import io.switchboard.api.ProbeResult;
import io.switchboard.api.ProviderKind;
import io.switchboard.testkit.MockBehavior;
import io.switchboard.testkit.ReceivedRequest;
import io.switchboard.testkit.TestStorage;
import org.junit.jupiter.api.Test;

/** A probe sends one minimal request through one account, whatever its status, and reports what the upstream said. */
class AccountProbeTest extends GatewayTest {

  @Test
  void aHealthyAccountAnswersAMinimalRequest() throws Exception {
    long id = mockAccountId();
    ProbeResult result = probe(new ProbeRequest(id, null));

    assertTrue(result.ok(), result.message());
    assertEquals(200, result.status());
    assertNull(result.errorClass());
    assertEquals("gpt-4o-mini", result.model(), "the account's first model when none is named");
    ReceivedRequest sent = gw.mock.received().get(0);
    assertEquals("gpt-4o-mini", sent.json().getString("model"));
    assertEquals(16, sent.json().getInteger("max_completion_tokens"));
    assertEquals("Bearer " + GatewayHarness.UPSTREAM_KEY, sent.headers().get("authorization"));
  }

  @Test
  void aDisabledAccountIsStillProbedAndARefusedKeyIsAnAuthError() throws Exception {
    long id = mockAccountId();
    TestStorage.query("update accounts set status = 'disabled' where id = " + id + " returning id");
    gw.mock.respond(MockBehavior.ok().withStatus(401, "{\"error\":{\"message\":\"Incorrect API key provided: "
      + GatewayHarness.UPSTREAM_KEY + "\",\"type\":\"invalid_request_error\"}}"));

    ProbeResult result = probe(new ProbeRequest(id, "gpt-4o"));

    assertFalse(result.ok());
    assertEquals(401, result.status());
    assertEquals(ErrorClass.AUTH, result.errorClass());
    assertEquals("gpt-4o", gw.mock.received().get(0).json().getString("model"));
    assertFalse(result.message().contains(GatewayHarness.UPSTREAM_KEY), result.message());
    assertTrue(result.message().startsWith("answered HTTP 401: Incorrect API key provided"), result.message());
  }

  @Test
  void anUnknownAccountIsSaidSo() throws Exception {
    ProbeResult result = probe(new ProbeRequest(987654, null));
    assertFalse(result.ok());
    assertEquals("no account has that id", result.message());
    assertTrue(gw.mock.received().isEmpty());
  }

  private ProbeResult probe(ProbeRequest request) throws Exception {
    return gw.vertx.eventBus().<ProbeResult>request(Addresses.providerProbe(ProviderKind.OPENAI), request).await().body();
  }

  private static long mockAccountId() throws Exception {
    return Long.parseLong(TestStorage.query("select id from accounts where name = 'mock'").get(0));
  }
}
