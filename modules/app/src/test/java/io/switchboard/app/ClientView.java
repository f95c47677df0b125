package io.switchboard.app;

import io.switchboard.api.Dialect;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** What a client of each dialect reads out of an answer, plain or streamed: the text, or the tool call it holds. */
record ClientView(String text, String toolName, JsonObject toolArgs) {

  static ClientView read(Dialect dialect, boolean stream, Buffer body) {
    return switch (dialect) {
      case OPENAI -> stream ? openAiStream(body) : openAi(body.toJsonObject());
      case ANTHROPIC -> stream ? anthropicStream(body) : anthropic(body.toJsonObject());
      case GEMINI -> stream ? geminiStream(body) : gemini(body.toJsonObject());
      case RESPONSES -> stream ? responsesStream(body) : responses(body.toJsonObject());
    };
  }

  private static ClientView openAi(JsonObject answer) {
    JsonObject message = answer.getJsonArray("choices").getJsonObject(0).getJsonObject("message");
    JsonArray calls = message.getJsonArray("tool_calls");
    if (calls != null && !calls.isEmpty()) {
      JsonObject fn = calls.getJsonObject(0).getJsonObject("function");
      return new ClientView("", fn.getString("name"), new JsonObject(fn.getString("arguments")));
    }
    return new ClientView(message.getString("content"), null, null);
  }

  private static ClientView openAiStream(Buffer body) {
    StringBuilder text = new StringBuilder();
    StringBuilder args = new StringBuilder();
    String name = null;
    for (String event : body.toString().split("\n\n")) {
      String data = event.substring("data: ".length());
      if (data.equals("[DONE]")) {
        continue;
      }
      JsonArray choices = new JsonObject(data).getJsonArray("choices");
      if (choices.isEmpty()) {
        continue;
      }
      JsonObject delta = choices.getJsonObject(0).getJsonObject("delta");
      text.append(delta.getString("content", ""));
      JsonArray calls = delta.getJsonArray("tool_calls");
      if (calls != null) {
        JsonObject fn = calls.getJsonObject(0).getJsonObject("function");
        name = fn.getString("name", name);
        args.append(fn.getString("arguments", ""));
      }
    }
    return new ClientView(text.toString(), name, name == null ? null : new JsonObject(args.toString()));
  }

  private static ClientView anthropic(JsonObject answer) {
    StringBuilder text = new StringBuilder();
    for (Object block : answer.getJsonArray("content")) {
      JsonObject b = (JsonObject) block;
      if (b.getString("type").equals("tool_use")) {
        return new ClientView(text.toString(), b.getString("name"), b.getJsonObject("input"));
      }
      text.append(b.getString("text", ""));
    }
    return new ClientView(text.toString(), null, null);
  }

  private static ClientView anthropicStream(Buffer body) {
    StringBuilder text = new StringBuilder();
    StringBuilder args = new StringBuilder();
    String name = null;
    for (String event : body.toString().split("\n\n")) {
      JsonObject data = new JsonObject(event.substring(event.indexOf("data: ") + 6));
      String type = data.getString("type");
      if (type.equals("content_block_start") && data.getJsonObject("content_block").getString("type").equals("tool_use")) {
        name = data.getJsonObject("content_block").getString("name");
      } else if (type.equals("content_block_delta")) {
        JsonObject delta = data.getJsonObject("delta");
        text.append(delta.getString("text", ""));
        args.append(delta.getString("partial_json", ""));
      }
    }
    return new ClientView(text.toString(), name, name == null ? null : new JsonObject(args.toString()));
  }

  private static ClientView gemini(JsonObject answer) {
    StringBuilder text = new StringBuilder();
    JsonArray parts = answer.getJsonArray("candidates").getJsonObject(0).getJsonObject("content").getJsonArray("parts");
    for (Object part : parts) {
      JsonObject p = (JsonObject) part;
      if (p.containsKey("functionCall")) {
        JsonObject call = p.getJsonObject("functionCall");
        return new ClientView(text.toString(), call.getString("name"), call.getJsonObject("args"));
      }
      if (!Boolean.TRUE.equals(p.getBoolean("thought"))) {
        text.append(p.getString("text", ""));
      }
    }
    return new ClientView(text.toString(), null, null);
  }

  private static ClientView geminiStream(Buffer body) {
    StringBuilder text = new StringBuilder();
    for (String event : body.toString().split("\r\n\r\n")) {
      ClientView chunk = gemini(new JsonObject(event.substring("data: ".length())));
      if (chunk.toolName() != null) {
        return chunk;
      }
      text.append(chunk.text());
    }
    return new ClientView(text.toString(), null, null);
  }

  private static ClientView responses(JsonObject answer) {
    StringBuilder text = new StringBuilder();
    for (Object item : answer.getJsonArray("output")) {
      JsonObject i = (JsonObject) item;
      if (i.getString("type").equals("function_call")) {
        return new ClientView(text.toString(), i.getString("name"), new JsonObject(i.getString("arguments")));
      }
      if (i.getString("type").equals("message")) {
        for (Object part : i.getJsonArray("content")) {
          text.append(((JsonObject) part).getString("text", ""));
        }
      }
    }
    return new ClientView(text.toString(), null, null);
  }

  /** Text from the deltas as a Responses client shows it; a tool call from its finished output item. */
  private static ClientView responsesStream(Buffer body) {
    StringBuilder text = new StringBuilder();
    for (String event : body.toString().split("\n\n")) {
      JsonObject data = new JsonObject(event.substring(event.indexOf("data: ") + 6));
      String type = data.getString("type");
      if (type.equals("response.output_text.delta")) {
        text.append(data.getString("delta"));
      } else if (type.equals("response.output_item.done")
        && data.getJsonObject("item").getString("type").equals("function_call")) {
        JsonObject item = data.getJsonObject("item");
        return new ClientView(text.toString(), item.getString("name"), new JsonObject(item.getString("arguments")));
      }
    }
    return new ClientView(text.toString(), null, null);
  }
}
