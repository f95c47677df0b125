package io.switchboard.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class ChatRequestTest {
  /**
   * What a same-dialect upstream gets: every field as the client sent it, with the upstream's model; a failover to
   * another account gets the same again.
   */
  @Test
  void theBodyWithTheUpstreamsModelKeepsEveryFieldAndLeavesTheClientsBodyAsItCame() {
    JsonObject sent = new JsonObject().put("model", "fast").put("max_tokens", 64).put("x_vendor", "kept")
      .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", "hi")));
    ChatRequest request = new ChatRequest(Dialect.ANTHROPIC, "fast", false, false, new JsonObject(sent.encode()));

    JsonObject first = request.bodyWithModel("claude-sonnet-4-5-20250929");
    JsonObject second = request.bodyWithModel("claude-haiku-4-5");

    assertEquals(sent.copy().put("model", "claude-sonnet-4-5-20250929"), first);
    assertEquals(sent.copy().put("model", "claude-haiku-4-5"), second);
    assertEquals(sent, request.body(), "the client's body is as it came");
  }
}
