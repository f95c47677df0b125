package io.switchboard.providers.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.api.ChatRequest;
import io.switchboard.api.Dialect;
import io.switchboard.api.Operation;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which of OpenAI's APIs a call uses: the client's own where the kind has both, else what the account declares. */
class OpenAiApisTest {
  private static ChatRequest request(Dialect dialect, Operation operation) {
    return new ChatRequest(dialect, "m", false, false, false, new JsonObject(), Map.of(), null, operation);
  }

  @Test
  void eachClientGetsItsOwnApiWhereTheKindServesBoth() {
    JsonObject none = new JsonObject();
    assertEquals(Dialect.RESPONSES, OpenAiApis.of(none, request(Dialect.RESPONSES, Operation.CHAT), true));
    assertEquals(Dialect.OPENAI, OpenAiApis.of(none, request(Dialect.OPENAI, Operation.CHAT), true));
    assertEquals(Dialect.OPENAI, OpenAiApis.of(none, request(Dialect.ANTHROPIC, Operation.CHAT), true));
    assertEquals(Dialect.OPENAI, OpenAiApis.of(null, request(Dialect.RESPONSES, Operation.CHAT), false),
      "OpenAI-compatible servers get Chat Completions");
  }

  @Test
  void anAccountsDeclaredApiWinsForChatButNotForEmbeddings() {
    JsonObject responses = new JsonObject().put("api", "responses");
    JsonObject chat = new JsonObject().put("api", "chat");
    assertEquals(Dialect.RESPONSES, OpenAiApis.of(responses, request(Dialect.GEMINI, Operation.CHAT), false));
    assertEquals(Dialect.OPENAI, OpenAiApis.of(chat, request(Dialect.RESPONSES, Operation.CHAT), true));
    assertEquals(Dialect.OPENAI, OpenAiApis.of(responses, request(Dialect.OPENAI, Operation.EMBEDDINGS), true));
  }
}
