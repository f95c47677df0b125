package io.switchboard.ingress;

import io.switchboard.api.ApiKeys;
import io.switchboard.api.ChatRequest;
import io.switchboard.api.SessionKey;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;

/**
 * Names a conversation for sticky routing: the session id a client sends ({@code x-session-id}; Claude Code's
 * {@code x-claude-code-session-id}; OpenAI Codex CLI's {@code session_id}, {@code session-id} from 0.1xx on; a
 * Responses request's {@code prompt_cache_key}), else a hash of the system prompt and the first user message, which
 * stay the same for every turn of one conversation. Always scoped to the client key, so two
 * keys never share a binding; the key is a SHA-256, so no prompt text reaches Redis.
 */
final class SessionKeys {
  static final List<String> HEADERS = List.of("x-session-id", "x-claude-code-session-id", "session_id", "session-id");

  private SessionKeys() {
  }

  /**
   * The session key, hashed when the scheduler first asks for it (from the header's id, or from the body, which stays
   * as it is while the request waits for its plan); null, or no value, when the request names no conversation (no
   * header, no user message).
   */
  static SessionKey of(long keyId, MultiMap headers, ChatRequest request) {
    String id = headerId(headers);
    if (id != null) {
      return SessionKey.lazy(() -> named(keyId, id));
    }
    JsonObject body = request.body();
    return body == null ? null : SessionKey.lazy(() -> ofPrompt(keyId, body));
  }

  private static String ofPrompt(long keyId, JsonObject body) {
    if (body.getValue("prompt_cache_key") instanceof String cacheKey && !cacheKey.isBlank()) {
      return named(keyId, cacheKey.trim());
    }
    Object firstUser = firstUser(body.getValue("messages"));
    if (firstUser == null) {
      firstUser = firstUser(body.getValue("contents")); // Gemini
    }
    if (firstUser == null) {
      Object input = body.getValue("input"); // Responses: a string, or items
      firstUser = input instanceof String ? input : firstUser(input);
    }
    if (firstUser == null) {
      return null;
    }
    // Anthropic, Gemini and Responses name it; OpenAI's is looked for among the messages when no field is there
    Object system = body.containsKey("system") ? body.getValue("system")
      : body.containsKey("systemInstruction") ? body.getValue("systemInstruction")
      : body.containsKey("instructions") ? body.getValue("instructions") : systemMessage(body);
    Object first = firstUser; // firstUser was reassigned above
    return ApiKeys.sha256Hex(digest -> {
      feed(digest, keyId + "|p|");
      feed(digest, system);
      feed(digest, first);
    });
  }

  /**
   * Feeds a part of the prompt as it stands in the parsed body: each text and value with its kind and length, inside
   * its structure, so two different parts never feed the same bytes. No JSON of it is written first: for a system
   * prompt of Anthropic blocks (Claude Code's, some 20 KB) that took as long as the hash itself.
   */
  private static void feed(MessageDigest digest, Object value) {
    if (value instanceof JsonObject object) {
      digest.update((byte) '{');
      for (Map.Entry<String, Object> field : object) {
        feed(digest, field.getKey());
        feed(digest, field.getValue());
      }
      digest.update((byte) '}');
    } else if (value instanceof JsonArray array) {
      digest.update((byte) '[');
      for (Object item : array) {
        feed(digest, item);
      }
      digest.update((byte) ']');
    } else {
      byte[] bytes = String.valueOf(value).getBytes(StandardCharsets.UTF_8);
      digest.update(value instanceof String ? (byte) 's' : value == null ? (byte) 'n' : (byte) 'v');
      digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(0, bytes.length));
      digest.update(bytes);
    }
  }

  /** The session key a client's header names, or null (a pass-through request has no prompt to hash). */
  static String ofHeaders(long keyId, MultiMap headers) {
    String id = headerId(headers);
    return id == null ? null : named(keyId, id);
  }

  /** The key of a conversation the client names itself (a session header, a prompt cache key). */
  private static String named(long keyId, String id) {
    return ApiKeys.sha256Hex(keyId + "|h|" + id);
  }

  /** The session id the first of {@link #HEADERS} the client sends names, trimmed; or null. */
  private static String headerId(MultiMap headers) {
    for (String name : HEADERS) {
      String id = headers.get(name);
      if (id != null && !id.isBlank()) {
        return id.trim();
      }
    }
    return null;
  }

  private static Object firstUser(Object list) {
    if (!(list instanceof JsonArray messages)) {
      return null;
    }
    for (Object item : messages) {
      if (item instanceof JsonObject message && "user".equals(message.getString("role", "user"))) {
        return message.getValue("content", message.getValue("parts"));
      }
    }
    return null;
  }

  /** OpenAI puts the system prompt among the messages. */
  private static Object systemMessage(JsonObject body) {
    if (!(body.getValue("messages") instanceof JsonArray messages)) {
      return null;
    }
    for (Object item : messages) {
      if (item instanceof JsonObject message
        && ("system".equals(message.getString("role")) || "developer".equals(message.getString("role")))) {
        return message.getValue("content");
      }
    }
    return null;
  }
}
