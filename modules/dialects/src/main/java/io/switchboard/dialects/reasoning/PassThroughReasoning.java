package io.switchboard.dialects.reasoning;

import static io.switchboard.api.JsonObjects.topLevelCopy;

import io.switchboard.api.Dialect;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;

/**
 * The rule of {@link SignedReasoning} on a body that goes to an upstream of the client's own dialect untouched
 * otherwise: Anthropic thinking and redacted_thinking blocks, Gemini thought parts and Responses reasoning items
 * whose signature the upstream's family cannot verify are removed, sealed ones of its family opened. A body with
 * nothing to change is returned as it is (no copy).
 */
public final class PassThroughReasoning {
  private PassThroughReasoning() {
  }

  public static JsonObject forUpstream(Dialect dialect, JsonObject body, ReasoningFamily upstream) {
    ReasoningFamily held = ReasoningFamily.nativeTo(dialect);
    return switch (dialect) {
      case ANTHROPIC -> nested(body, "messages", "content", block -> anthropic(block, held, upstream));
      case GEMINI -> nested(body, "contents", "parts", part -> gemini(part, held, upstream));
      case RESPONSES -> responses(body, held, upstream);
      case OPENAI -> body;
    };
  }

  /** What becomes of one element: itself, a replacement, or null (removed). */
  private static JsonObject anthropic(JsonObject block, ReasoningFamily held, ReasoningFamily upstream) {
    String field = switch (String.valueOf(block.getValue("type"))) {
      case "thinking" -> "signature";
      case "redacted_thinking" -> "data";
      default -> null;
    };
    return field == null ? block : verified(block, field, held, upstream, true);
  }

  private static JsonObject gemini(JsonObject part, ReasoningFamily held, ReasoningFamily upstream) {
    if (!(part.getValue("thoughtSignature") instanceof String)) {
      return part;
    }
    boolean thought = Boolean.TRUE.equals(part.getValue("thought"));
    return verified(part, "thoughtSignature", held, upstream, thought);
  }

  private static JsonObject responses(JsonObject body, ReasoningFamily held, ReasoningFamily upstream) {
    if (!(body.getValue("input") instanceof JsonArray input)) {
      return body;
    }
    JsonArray kept = edited(input, item -> "reasoning".equals(item.getValue("type"))
      && item.getValue("encrypted_content") instanceof String ? verified(item, "encrypted_content", held, upstream, true)
      : item);
    return kept == input ? body : topLevelCopy(body).put("input", kept);
  }

  /**
   * The element with {@code field} opened when its family is the upstream's; otherwise removed ({@code drop}) or
   * left without the field.
   */
  private static JsonObject verified(JsonObject element, String field, ReasoningFamily held, ReasoningFamily upstream,
                                     boolean drop) {
    String value = element.getValue(field) instanceof String s ? s : null;
    if (value == null || value.isEmpty()) {
      return element;
    }
    ReasoningSeal.Opened opened = ReasoningSeal.open(value, held);
    if (opened.family() != null && opened.family() == upstream) {
      return opened.value().equals(value) ? element : topLevelCopy(element).put(field, opened.value());
    }
    if (drop) {
      return null;
    }
    JsonObject without = topLevelCopy(element);
    without.remove(field);
    return without;
  }

  /** {@code body[list][i][inner]} edited element by element. */
  private static JsonObject nested(JsonObject body, String list, String inner, Function<JsonObject, JsonObject> edit) {
    if (!(body.getValue(list) instanceof JsonArray entries)) {
      return body;
    }
    JsonArray kept = edited(entries, entry -> {
      if (!(entry.getValue(inner) instanceof JsonArray elements)) {
        return entry;
      }
      JsonArray editedElements = edited(elements, edit);
      return editedElements == elements ? entry : topLevelCopy(entry).put(inner, editedElements);
    });
    return kept == entries ? body : topLevelCopy(body).put(list, kept);
  }

  /** The array with each object element edited; the same array when no element changed. */
  private static JsonArray edited(JsonArray array, Function<JsonObject, JsonObject> edit) {
    JsonArray out = null;
    for (int i = 0; i < array.size(); i++) {
      Object element = array.getValue(i);
      Object result = element instanceof JsonObject object ? edit.apply(object) : element;
      if (out == null && result != element) {
        out = new JsonArray();
        for (int j = 0; j < i; j++) {
          out.add(array.getValue(j));
        }
      }
      if (out != null && result != null) {
        out.add(result);
      }
    }
    return out == null ? array : out;
  }
}
