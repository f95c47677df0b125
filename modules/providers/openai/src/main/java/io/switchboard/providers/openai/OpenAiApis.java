package io.switchboard.providers.openai;

import io.switchboard.api.ChatRequest;
import io.switchboard.api.Dialect;
import io.switchboard.api.Operation;
import io.vertx.core.json.JsonObject;

/**
 * Which of OpenAI's two chat APIs a call uses on an account. {@code options.api} may say {@code responses} (the
 * account serves only the Responses API: every client is converted to it) or {@code chat} (only Chat Completions:
 * Responses clients are converted to that). Without it, OpenAI and Azure accounts serve each client the API it
 * speaks, and OpenAI-compatible servers, most of which know only Chat Completions, get Chat Completions.
 */
final class OpenAiApis {
  static final String OPTION = "api";

  private OpenAiApis() {
  }

  static Dialect of(JsonObject options, ChatRequest request, boolean respondsNatively) {
    if (request.operation() != Operation.CHAT) {
      return Dialect.OPENAI; // embeddings have one API
    }
    String api = options == null ? null : options.getString(OPTION);
    if ("responses".equals(api)) {
      return Dialect.RESPONSES;
    }
    if ("chat".equals(api)) {
      return Dialect.OPENAI;
    }
    return respondsNatively && request.dialect() == Dialect.RESPONSES ? Dialect.RESPONSES : Dialect.OPENAI;
  }
}
