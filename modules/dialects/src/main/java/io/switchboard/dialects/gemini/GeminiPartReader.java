package io.switchboard.dialects.gemini;

import static io.switchboard.dialects.gemini.GeminiFields.bad;

import io.switchboard.api.chat.Part;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads Gemini {@code parts} into canonical parts for one request or one response. Stateful: Gemini calls often
 * carry no id, so it numbers them ({@code call_1}, {@code call_2}, ...) and pairs each {@code functionResponse}
 * without an id with the earliest unanswered call of the same name.
 *
 * <p>Dropped by rule: {@code thoughtSignature} on a part that is not a thought (no canonical part can carry it),
 * {@code executableCode}, {@code codeExecutionResult}, {@code videoMetadata} and any part kind not named here
 * (so a newer Gemini part never fails a request).
 */
final class GeminiPartReader {
  private final Set<String> usedIds = new HashSet<>();
  private final List<Part.ToolCall> unanswered = new ArrayList<>();
  private int counter;

  /** The canonical parts of one {@code parts} list; {@code path} names it in errors ("contents[2].parts"). */
  List<Part> read(JsonArray parts, String path) {
    List<Part> out = new ArrayList<>(parts.size());
    for (int i = 0; i < parts.size(); i++) {
      String at = path + "[" + i + "]";
      Part part = read(GeminiFields.element(parts, i, at), at);
      Part last = out.isEmpty() ? null : out.get(out.size() - 1);
      if (part instanceof Part.Thinking next && last instanceof Part.Thinking prev) {
        // one thought may arrive as several parts, the signature on the last: one canonical block
        out.set(out.size() - 1, new Part.Thinking(prev.text() + next.text(),
          next.signature() != null ? next.signature() : prev.signature()));
      } else if (part != null) {
        out.add(part);
      }
    }
    return out;
  }

  private Part read(JsonObject part, String path) {
    String text = GeminiFields.string(part, "text", path + ".text");
    if (text != null) {
      if (Boolean.TRUE.equals(GeminiFields.bool(part, "thought", path + ".thought"))) {
        return new Part.Thinking(text, GeminiFields.string(part, "thoughtSignature", path + ".thoughtSignature"));
      }
      return Part.Text.of(text);
    }
    JsonObject inline = GeminiFields.object(part, "inlineData", path + ".inlineData");
    if (inline != null) {
      return new Part.Image(null, required(inline, "mimeType", path + ".inlineData"),
        required(inline, "data", path + ".inlineData"), null);
    }
    JsonObject file = GeminiFields.object(part, "fileData", path + ".fileData");
    if (file != null) {
      return new Part.Image(required(file, "fileUri", path + ".fileData"),
        GeminiFields.string(file, "mimeType", path + ".fileData.mimeType"), null, null);
    }
    JsonObject call = GeminiFields.object(part, "functionCall", path + ".functionCall");
    if (call != null) {
      return call(call, path + ".functionCall");
    }
    JsonObject response = GeminiFields.object(part, "functionResponse", path + ".functionResponse");
    if (response != null) {
      return result(response, path + ".functionResponse");
    }
    return null;
  }

  private Part.ToolCall call(JsonObject call, String path) {
    String name = required(call, "name", path);
    JsonObject args = GeminiFields.object(call, "args", path + ".args");
    String id = GeminiFields.string(call, "id", path + ".id");
    Part.ToolCall toolCall = new Part.ToolCall(id != null ? id : newId(), name,
      (args == null ? new JsonObject() : args).encode());
    usedIds.add(toolCall.id());
    unanswered.add(toolCall);
    return toolCall;
  }

  private Part.ToolResult result(JsonObject result, String path) {
    String name = required(result, "name", path);
    JsonObject response = GeminiFields.object(result, "response", path + ".response");
    if (response == null) {
      throw bad(path + ".response", "required");
    }
    String id = GeminiFields.string(result, "id", path + ".id");
    String callId = id != null ? answer(id) : answerByName(name);
    // Google's convention: a response holding only "error" reports a failed call
    boolean isError = response.size() == 1 && response.containsKey("error");
    return new Part.ToolResult(callId, name, List.of(Part.Text.of(response.encode())), isError);
  }

  private String answer(String id) {
    unanswered.removeIf(call -> call.id().equals(id));
    return id;
  }

  private String answerByName(String name) {
    for (Iterator<Part.ToolCall> it = unanswered.iterator(); it.hasNext(); ) {
      Part.ToolCall call = it.next();
      if (call.name().equals(name)) {
        it.remove();
        return call.id();
      }
    }
    return newId(); // a response to a call outside this request (e.g. history trimmed by the client)
  }

  /** A fresh id for a call Gemini gave none, unique within this request or response. */
  String newId() {
    String id;
    do {
      id = "call_" + ++counter;
    } while (!usedIds.add(id));
    return id;
  }

  private static String required(JsonObject json, String field, String path) {
    String value = GeminiFields.string(json, field, path + "." + field);
    if (value == null || value.isEmpty()) {
      throw bad(path + "." + field, "required");
    }
    return value;
  }
}
