package io.switchboard.app;

import static io.switchboard.app.GatewayHarness.CLIENT_KEY;
import static io.switchboard.app.GatewayHarness.UPSTREAM_KEY;
import static io.switchboard.testkit.TestStorage.awaitRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.app.GatewayHarness.Reply;
import io.switchboard.testkit.MockBehavior;
import io.switchboard.testkit.ReceivedRequest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code /proxy/{target}}: a provider kind or an account group names the accounts, each called its provider's way. */
class PassThroughTargetsTest extends GatewayTest {
  private static final String ANTHROPIC_KEY = "anthropic-credential-5d1e";

  @Override
  protected JsonObject overrides() {
    JsonArray accounts = new JsonArray()
      .add(new JsonObject().put("name", "mock").put("provider", "openai").put("baseUrl", "${env:MOCK_ROOT}/v1")
        .put("apiKey", UPSTREAM_KEY).put("models", new JsonArray().add("gpt-4o-mini")))
      .add(new JsonObject().put("name", "claude").put("provider", "anthropic").put("baseUrl", "${env:MOCK_ROOT}")
        .put("apiKey", ANTHROPIC_KEY).put("models", new JsonArray().add("claude-x"))
        .put("groups", new JsonArray().add("default").add("team-b")));
    return new JsonObject().put("bootstrap", new JsonObject().put("accounts", accounts));
  }

  private Reply send(HttpMethod method, String uri, String body) {
    RequestOptions options = new RequestOptions().setMethod(method).setURI(uri).putHeader("x-api-key", CLIENT_KEY)
      .putHeader("content-type", "application/json");
    return gw.exchange(options, body == null ? null : Buffer.buffer(body)).await();
  }

  @Test
  void aKindNamesItsAccountsAndTheirProvidersWayOfTakingACredential() throws Exception {
    gw.mock.respond(MockBehavior.ok().withUsage(13, 5, 0));
    Reply reply = send(HttpMethod.POST, "/proxy/anthropic/v1/messages",
      "{\"model\":\"claude-x\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

    assertEquals(200, reply.status(), reply.body().toString());
    assertEquals("message", reply.json().getString("type"), "Anthropic's own answer, untouched");
    ReceivedRequest received = gw.mock.received().get(0);
    assertEquals("/v1/messages", received.path());
    assertEquals(ANTHROPIC_KEY, received.headers().get("x-api-key"), "Anthropic takes its key in x-api-key");
    assertEquals("2023-06-01", received.headers().get("anthropic-version"), "a default version when none was sent");
    assertNull(received.headers().get("authorization"));
    assertEquals(List.of("claude-x|13|5"), awaitRows("select concat_ws('|', model, input_tokens, output_tokens)"
      + " from usage_log", 1), "the tokens Anthropic reported");
  }

  @Test
  void aGroupNamesTheAccountsServingItAndAnUnknownTargetNone() {
    Reply models = gw.exchange(new RequestOptions().setMethod(HttpMethod.GET).setURI("/proxy/team-b/v1/models")
      .putHeader("authorization", "Bearer " + CLIENT_KEY).putHeader("anthropic-version", "2023-06-01"), null).await();
    assertEquals(200, models.status(), models.body().toString());
    assertEquals(ANTHROPIC_KEY, gw.mock.received().get(0).headers().get("x-api-key"),
      "team-b is served by the Anthropic account alone");

    Reply none = send(HttpMethod.GET, "/proxy/nobody/v1/models", null);
    assertEquals(404, none.status());
    assertTrue(none.json().getJsonObject("error").getString("message").contains("nobody"), none.body().toString());
    assertEquals(1, gw.mock.received().size());
  }
}
