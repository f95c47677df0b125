package io.switchboard.conversations;

import io.switchboard.api.StoredConversation;
import io.switchboard.api.StoredResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A stored conversation as the input of its next turn on an upstream that does not hold it: each turn's input items,
 * then its output items. Output items lose their ids, which name them only where they were made; reasoning items
 * without encrypted content are left out, as their reasoning stayed with the upstream that made them.
 */
final class ConversationHistory {
  private ConversationHistory() {
  }

  /** {@code chain}: oldest turn first, the response continued last. */
  static StoredConversation of(List<StoredResponse> chain) {
    JsonArray items = new JsonArray();
    for (StoredResponse turn : chain) {
      turn.input().forEach(items::add);
      Object output = turn.response().getValue("output");
      if (output instanceof JsonArray list) {
        for (Object entry : list) {
          if (entry instanceof JsonObject item && replayable(item)) {
            JsonObject copy = item.copy();
            copy.remove("id");
            items.add(copy);
          }
        }
      }
    }
    StoredResponse last = chain.get(chain.size() - 1);
    return new StoredConversation(last.accountId(), last.upstreamState(), items);
  }

  private static boolean replayable(JsonObject item) {
    return !"reasoning".equals(item.getValue("type")) || item.getValue("encrypted_content") instanceof String;
  }
}
