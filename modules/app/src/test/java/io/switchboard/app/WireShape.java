package io.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.api.Dialect;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The event-by-event shape each dialect's SDK relies on: order of events, block bookkeeping, one finish with the
 * right stop reason, usage where the format carries it.
 */
final class WireShape {
  private WireShape() {
  }

  static void check(Dialect dialect, boolean stream, boolean tool, Buffer body) {
    String text = body.toString();
    switch (dialect) {
      case OPENAI -> {
        if (stream) {
          openAiStream(text, tool);
        } else {
          assertEquals(tool ? "tool_calls" : "stop", body.toJsonObject().getJsonArray("choices").getJsonObject(0)
            .getString("finish_reason"));
          assertTrue(body.toJsonObject().getJsonObject("usage").getInteger("total_tokens") > 0);
        }
      }
      case ANTHROPIC -> {
        if (stream) {
          anthropicStream(text, tool);
        } else {
          assertEquals(tool ? "tool_use" : "end_turn", body.toJsonObject().getString("stop_reason"));
          assertTrue(body.toJsonObject().getString("id").startsWith("msg_"));
        }
      }
      case RESPONSES -> {
        if (stream) {
          responsesStream(text, tool);
        } else {
          JsonObject answer = body.toJsonObject();
          responseObject(answer, tool);
        }
      }
      case GEMINI -> {
        List<JsonObject> chunks = new ArrayList<>();
        if (stream) {
          for (String event : text.split("\r\n\r\n")) {
            assertTrue(event.startsWith("data: "), event);
            chunks.add(new JsonObject(event.substring(6)));
          }
        } else {
          chunks.add(body.toJsonObject());
        }
        JsonObject last = chunks.get(chunks.size() - 1);
        assertEquals("STOP", last.getJsonArray("candidates").getJsonObject(0).getString("finishReason"));
        assertNotNull(last.getJsonObject("usageMetadata").getInteger("candidatesTokenCount"), "usage on the last chunk");
        for (JsonObject chunk : chunks.subList(0, chunks.size() - 1)) {
          assertEquals(null, chunk.getJsonArray("candidates").getJsonObject(0).getString("finishReason"),
            "only the last chunk finishes");
        }
      }
    }
  }

  /** A finished response object as Codex CLI and the SDKs read it: id, status, typed output, usage with a total. */
  private static void responseObject(JsonObject answer, boolean tool) {
    assertEquals("response", answer.getString("object"));
    assertTrue(answer.getString("id").startsWith("resp_"), answer.getString("id"));
    assertEquals("completed", answer.getString("status"));
    JsonArray output = answer.getJsonArray("output");
    assertEquals(tool ? "function_call" : "message", output.getJsonObject(output.size() - 1).getString("type"));
    JsonObject usage = answer.getJsonObject("usage");
    assertEquals(usage.getLong("input_tokens") + usage.getLong("output_tokens"), usage.getLong("total_tokens"));
  }

  /**
   * Named events numbered from 0, response.created then response.in_progress first, every output item added before
   * its deltas and done after them, response.completed last with the same id and the whole response.
   */
  private static void responsesStream(String text, boolean tool) {
    List<String> types = new ArrayList<>();
    List<Integer> openItems = new ArrayList<>();
    JsonObject created = null;
    JsonObject completed = null;
    int sequence = 0;
    for (String event : text.split("\n\n")) {
      String[] lines = event.split("\n");
      String name = lines[0].substring("event: ".length());
      JsonObject data = new JsonObject(lines[1].substring("data: ".length()));
      assertEquals(name, data.getString("type"));
      assertEquals(sequence++, data.getInteger("sequence_number"), "numbered from 0");
      types.add(name);
      switch (name) {
        case "response.created" -> created = data.getJsonObject("response");
        case "response.output_item.added" -> openItems.add(data.getInteger("output_index"));
        case "response.output_text.delta", "response.function_call_arguments.delta" ->
          assertTrue(openItems.contains(data.getInteger("output_index")), "a delta of an open item");
        case "response.output_item.done" -> assertTrue(openItems.remove(data.getInteger("output_index")),
          "done after added");
        case "response.completed" -> completed = data.getJsonObject("response");
        default -> {
        }
      }
    }
    assertEquals(List.of("response.created", "response.in_progress"), types.subList(0, 2));
    assertEquals("response.completed", types.get(types.size() - 1));
    assertTrue(openItems.isEmpty(), "every item done");
    assertEquals(created.getString("id"), completed.getString("id"), "one id for the whole stream");
    responseObject(completed, tool);
  }

  private static void openAiStream(String text, boolean tool) {
    String[] events = text.split("\n\n");
    assertEquals("data: [DONE]", events[events.length - 1], "ends with [DONE]");
    JsonObject first = new JsonObject(events[0].substring(6));
    assertEquals("chat.completion.chunk", first.getString("object"));
    assertEquals("assistant", first.getJsonArray("choices").getJsonObject(0).getJsonObject("delta").getString("role"));
    List<String> finishes = new ArrayList<>();
    String id = first.getString("id");
    for (int i = 0; i < events.length - 1; i++) {
      assertTrue(events[i].startsWith("data: "), events[i]);
      JsonObject chunk = new JsonObject(events[i].substring(6));
      assertEquals(id, chunk.getString("id"), "one id for the whole stream");
      JsonArray choices = chunk.getJsonArray("choices");
      if (!choices.isEmpty() && choices.getJsonObject(0).getString("finish_reason") != null) {
        finishes.add(choices.getJsonObject(0).getString("finish_reason"));
      }
    }
    assertEquals(List.of(tool ? "tool_calls" : "stop"), finishes, "exactly one finish");
  }

  private static void anthropicStream(String text, boolean tool) {
    List<String> types = new ArrayList<>();
    int open = -1;
    int nextIndex = 0;
    JsonObject delta = null;
    for (String event : text.split("\n\n")) {
      String[] lines = event.split("\n");
      String name = lines[0].substring("event: ".length());
      JsonObject data = new JsonObject(lines[1].substring("data: ".length()));
      assertEquals(name, data.getString("type"));
      types.add(name);
      switch (name) {
        case "content_block_start" -> {
          assertEquals(-1, open, "a block opens only after the previous one closed");
          assertEquals(nextIndex++, data.getInteger("index"), "block indexes count up from 0");
          open = data.getInteger("index");
        }
        case "content_block_delta" -> assertEquals(open, data.getInteger("index"), "deltas belong to the open block");
        case "content_block_stop" -> {
          assertEquals(open, data.getInteger("index"));
          open = -1;
        }
        case "message_delta" -> delta = data;
        default -> {
        }
      }
    }
    assertEquals("message_start", types.get(0));
    assertEquals("message_stop", types.get(types.size() - 1));
    assertEquals("message_delta", types.get(types.size() - 2));
    assertEquals(-1, open, "every block closed");
    assertTrue(nextIndex > 0, "at least one block");
    assertEquals(tool ? "tool_use" : "end_turn", delta.getJsonObject("delta").getString("stop_reason"));
    assertTrue(delta.getJsonObject("usage").getInteger("output_tokens") > 0, "usage in message_delta");
  }
}
