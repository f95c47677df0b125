package io.switchboard.providers.bedrock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An Anthropic Messages request as Bedrock's InvokeModel takes it (golden files under bedrock/). */
class BedrockBodiesTest {

  private static JsonObject resource(String name) throws IOException {
    try (InputStream in = BedrockBodiesTest.class.getResourceAsStream("/bedrock/" + name)) {
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private static List<String> fieldOrder(JsonObject json) {
    return new ArrayList<>(json.fieldNames());
  }

  @Test
  void modelAndStreamGoVersionComesFirstTheRestStaysAsItIs() throws IOException {
    JsonObject request = resource("messages-request.json");
    JsonObject untouched = request.copy();
    JsonObject body = BedrockBodies.anthropic(request);
    JsonObject expected = resource("invoke-body.json");
    assertEquals(expected, body);
    assertEquals(fieldOrder(expected), fieldOrder(body));
    assertEquals(untouched, request);
  }

  @Test
  void versionTheClientSetIsKept() {
    JsonObject request = new JsonObject().put("model", "claude-sonnet-4").put("max_tokens", 16)
      .put("anthropic_version", "bedrock-2099-01-01").put("messages", List.of());
    assertEquals(new JsonObject().put("anthropic_version", "bedrock-2099-01-01").put("max_tokens", 16)
      .put("messages", List.of()), BedrockBodies.anthropic(request));
  }

  @Test
  void streamFalseIsDroppedToo() {
    JsonObject request = new JsonObject().put("model", "m").put("stream", false).put("max_tokens", 16);
    assertEquals(new JsonObject().put("anthropic_version", "bedrock-2023-05-31").put("max_tokens", 16),
      BedrockBodies.anthropic(request));
  }
}
