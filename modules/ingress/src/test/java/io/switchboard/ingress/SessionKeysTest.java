package io.switchboard.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.switchboard.api.ApiKeys;
import io.switchboard.api.ChatRequest;
import io.switchboard.api.Dialect;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * A conversation without a session id is named by its system prompt and first user message: the same for every turn
 * of it, whatever form the parts take, and different for any other conversation or client key.
 */
class SessionKeysTest {
  private static final MultiMap NO_HEADERS = MultiMap.caseInsensitiveMultiMap();

  @Test
  void everyTurnOfAConversationHasTheSameKeyAndAnyOtherConversationAnother() {
    String turn1 = anthropic("""
      [{"type":"text","text":"You are Claude Code.","cache_control":{"type":"ephemeral"}}]""",
      """
      [{"role":"user","content":[{"type":"text","text":"Fix the test."}]}]""");
    String turn2 = anthropic("""
      [{"type":"text","text":"You are Claude Code.","cache_control":{"type":"ephemeral"}}]""",
      """
      [{"role":"user","content":[{"type":"text","text":"Fix the test."}]},
       {"role":"assistant","content":"Done."},{"role":"user","content":"Thanks"}]""");
    String key = key(7, turn1);
    assertEquals(64, key.length());
    assertEquals(key, key(7, turn2), "a later turn keeps the key");
    assertNotEquals(key, key(8, turn1), "another client key never shares it");
    assertNotEquals(key, key(7, turn1.replace("Fix the test.", "Fix the build.")), "another first message");
    assertNotEquals(key, key(7, turn1.replace("You are Claude Code.", "You are Codex.")), "another system prompt");
  }

  @Test
  void thePartsAreNamedWithTheirFormSoNoTwoPromptsRunTogether() {
    // a separator inside a text: written one after the other, "a|b" + "c" and "a" + "b|c" read alike
    assertNotEquals(key(7, anthropic("\"a|b\"", "[{\"role\":\"user\",\"content\":\"c\"}]")),
      key(7, anthropic("\"a\"", "[{\"role\":\"user\",\"content\":\"b|c\"}]")));
    // a text as a string and as a block are different prompts
    assertNotEquals(key(7, anthropic("\"x\"", "[{\"role\":\"user\",\"content\":\"y\"}]")),
      key(7, anthropic("[{\"type\":\"text\",\"text\":\"x\"}]", "[{\"role\":\"user\",\"content\":\"y\"}]")));
    // no system prompt, and the text "null" as one
    assertNotEquals(key(7, "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"y\"}]}"),
      key(7, anthropic("\"null\"", "[{\"role\":\"user\",\"content\":\"y\"}]")));
    assertNull(key(7, "{\"model\":\"m\",\"messages\":[{\"role\":\"assistant\",\"content\":\"y\"}]}"),
      "no user message: no conversation to name");
  }

  @Test
  void aSessionHeaderNamesTheConversationTrimmedAndScopedToTheKey() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("x-claude-code-session-id", " c-1 ");
    ChatRequest request = new ChatRequest(Dialect.ANTHROPIC, "m", false, false, new JsonObject(
      anthropic("\"x\"", "[{\"role\":\"user\",\"content\":\"y\"}]")));
    assertEquals(ApiKeys.sha256Hex("7|h|c-1"), SessionKeys.of(7, headers, request).value(), "the header, not the prompt");
    assertEquals(ApiKeys.sha256Hex("7|h|c-1"), SessionKeys.ofHeaders(7, headers), "as a pass-through names it");
    assertEquals(ApiKeys.sha256Hex("7|h|cache-9"), SessionKeys.of(7, NO_HEADERS, new ChatRequest(Dialect.OPENAI, "m",
      false, false, new JsonObject("{\"prompt_cache_key\":\" cache-9 \",\"input\":\"y\"}"))).value(),
      "a Responses request's prompt_cache_key");
  }

  private static String anthropic(String system, String messages) {
    return "{\"model\":\"m\",\"system\":" + system + ",\"messages\":" + messages + "}";
  }

  private static String key(long keyId, String body) {
    return SessionKeys.of(keyId, NO_HEADERS, new ChatRequest(Dialect.ANTHROPIC, "m", false, false, new JsonObject(body)))
      .value();
  }
}
