package io.switchboard.dialects.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.DatabindCodec;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A chunk read from its tokens holds what the decoder read from the chunk's tree before: the same fields, the same
 * choice 0, the same values counted absent, the last of a key given twice, the same chunks refused (all but one
 * with a string over Jackson's 20,000,000-character limit in a part not read, see {@link OpenAiChunk}).
 */
class OpenAiChunkTest {
  private static final String[] TOP = {"id", "model", "error", "usage", "choices", "object", "created"};
  private static final String[] CHOICE = {"index", "delta", "finish_reason", "logprobs"};
  private static final String[] DELTA = {"content", "refusal", "reasoning", "reasoning_content", "tool_calls", "role"};

  @Test
  void readsWhatTheTreeOfTheChunkHolds() {
    assertTrue(Json.CODEC instanceof DatabindCodec, "compared with the trees the app's Vert.x builds");
    Random random = new Random(20261205);
    int withChoice = 0;
    int refused = 0;
    for (int round = 0; round < 20_000; round++) {
      String data = chunk(random);
      if (random.nextInt(20) == 0) { // a damaged one now and then
        data = switch (random.nextInt(4)) {
          case 0 -> data.substring(0, random.nextInt(data.length()));
          case 1 -> data + (random.nextBoolean() ? " {}" : " x");
          case 2 -> "[" + data + "]";
          default -> data.replaceFirst(",", " /* a comment */ ,");
        };
      }
      String fromTree = outcome(data, true);
      assertEquals(fromTree, outcome(data, false), data);
      withChoice += fromTree.contains("choice=Choice") ? 1 : 0;
      refused += fromTree.equals("unreadable") ? 1 : 0;
    }
    assertTrue(withChoice > 3_000 && refused > 300, withChoice + " with a choice 0, " + refused + " refused");
  }

  private static String outcome(String data, boolean tree) {
    try {
      return String.valueOf(tree ? fromTree(new JsonObject(data)) : OpenAiChunk.read(data));
    } catch (RuntimeException unreadable) {
      return "unreadable";
    }
  }

  /** The chunk as the decoder read it from a tree of it, before it read tokens. */
  private static OpenAiChunk fromTree(JsonObject chunk) {
    OpenAiChunk.Choice choice = null;
    if (chunk.getValue("choices") instanceof JsonArray choices) {
      for (Object entry : choices) {
        if (entry instanceof JsonObject c && (!(c.getValue("index") instanceof Number n) || n.intValue() == 0)) {
          OpenAiChunk.Delta delta = c.getValue("delta") instanceof JsonObject d
            ? new OpenAiChunk.Delta(string(d, "reasoning_content"), string(d, "reasoning"), string(d, "content"),
              string(d, "refusal"), d.getValue("tool_calls") instanceof JsonArray calls ? calls : null)
            : null;
          choice = new OpenAiChunk.Choice(delta, string(c, "finish_reason"));
          break;
        }
      }
    }
    return new OpenAiChunk(string(chunk, "id"), string(chunk, "model"),
      chunk.getValue("error") instanceof JsonObject e ? e : null,
      chunk.getValue("usage") instanceof JsonObject u ? u : null, choice);
  }

  private static String string(JsonObject json, String field) {
    return json.getValue(field) instanceof String s ? s : null;
  }

  private static String chunk(Random random) {
    StringBuilder out = new StringBuilder("{");
    for (int i = random.nextInt(7); i >= 0; i--) {
      String key = TOP[random.nextInt(TOP.length)];
      out.append('"').append(key).append("\":").append(switch (key) {
        case "choices" -> random.nextInt(6) == 0 ? any(random, 1) : choices(random);
        case "usage" -> random.nextInt(4) == 0 ? any(random, 1)
          : "{\"prompt_tokens\":" + random.nextInt(99) + ",\"completion_tokens_details\":{\"reasoning_tokens\":1}}";
        case "error" -> random.nextInt(3) == 0 ? any(random, 1) : "{\"message\":\"slow down\",\"type\":\"rate_limit\"}";
        default -> any(random, 1);
      }).append(i > 0 ? "," : "");
    }
    return out.append('}').toString();
  }

  private static String choices(Random random) {
    StringBuilder out = new StringBuilder("[");
    for (int i = random.nextInt(4); i > 0; i--) {
      out.append(random.nextInt(8) == 0 ? any(random, 1) : choice(random)).append(i > 1 ? "," : "");
    }
    return out.append(']').toString();
  }

  private static String choice(Random random) {
    StringBuilder out = new StringBuilder("{");
    for (int i = random.nextInt(5); i >= 0; i--) {
      String key = CHOICE[random.nextInt(CHOICE.length)];
      out.append('"').append(key).append("\":").append(switch (key) {
        case "index" -> new String[] {"0", "1", "0.5", "1.5", "\"0\"", "null", "4294967296", "-0"}[random.nextInt(8)];
        case "delta" -> random.nextInt(6) == 0 ? any(random, 1) : delta(random);
        default -> any(random, 1);
      }).append(i > 0 ? "," : "");
    }
    return out.append('}').toString();
  }

  private static String delta(Random random) {
    StringBuilder out = new StringBuilder("{");
    for (int i = random.nextInt(5); i >= 0; i--) {
      String key = DELTA[random.nextInt(DELTA.length)];
      out.append('"').append(key).append("\":").append(key.equals("tool_calls") && random.nextBoolean()
        ? "[{\"index\":0,\"id\":\"call_1\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\":1}\"}},2.5]"
        : any(random, 1)).append(i > 0 ? "," : "");
    }
    return out.append('}').toString();
  }

  private static String any(Random random, int depth) {
    return switch (random.nextInt(depth > 2 ? 6 : 8)) {
      case 0 -> "\"text \\\"q\\\" \\u00e9 ✓\"";
      case 1 -> "\"\"";
      case 2 -> String.valueOf(random.nextInt(1000) - 10);
      case 3 -> "1.5e3";
      case 4 -> random.nextBoolean() ? "true" : "false";
      case 5 -> "null";
      case 6 -> "{\"a\":" + any(random, depth + 1) + ",\"b\":" + any(random, depth + 1) + "}";
      default -> "[" + any(random, depth + 1) + "," + any(random, depth + 1) + "]";
    };
  }
}
