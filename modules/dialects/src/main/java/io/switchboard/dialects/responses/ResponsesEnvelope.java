package io.switchboard.dialects.responses;

import io.switchboard.api.Usage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The {@code response} object around an answer's output, in OpenAI's field order, repeating the parameters the
 * client asked with, as OpenAI does (instructions, tools, tool_choice, temperature, top_p, text, reasoning,
 * parallel_tool_calls, max_output_tokens, previous_response_id, truncation, user, metadata), with OpenAI's defaults
 * for those it did not send ({@code store} true: the gateway keeps the answer, as OpenAI does), except that unset
 * sampling values are null (the upstream's defaults are not OpenAI's).
 */
final class ResponsesEnvelope {
  private ResponsesEnvelope() {
  }

  /**
   * {@code request} is the client's body (an empty object when unknown); {@code error} is set when failed,
   * {@code incompleteReason} when incomplete; {@code usage} null while the answer is in progress.
   */
  static JsonObject of(String id, long createdAt, String status, String model, JsonObject request, JsonArray output,
                       Usage usage, JsonObject error, String incompleteReason) {
    JsonObject reasoning = request.getValue("reasoning") instanceof JsonObject r ? r : new JsonObject();
    JsonObject asked = request.getValue("text") instanceof JsonObject t ? t : new JsonObject();
    JsonObject text = new JsonObject().put("format",
      orDefault(asked, "format", new JsonObject().put("type", "text")));
    asked.stream().filter(field -> !field.getKey().equals("format"))
      .forEach(field -> text.put(field.getKey(), field.getValue())); // verbosity
    return new JsonObject()
      .put("id", id)
      .put("object", "response")
      .put("created_at", createdAt)
      .put("status", status)
      .put("background", false)
      .put("error", error)
      .put("incomplete_details", incompleteReason == null ? null : new JsonObject().put("reason", incompleteReason))
      .put("instructions", request.getValue("instructions"))
      .put("max_output_tokens", request.getValue("max_output_tokens"))
      .put("model", model)
      .put("output", output)
      .put("parallel_tool_calls", orDefault(request, "parallel_tool_calls", true))
      .put("previous_response_id", request.getValue("previous_response_id"))
      .put("reasoning", new JsonObject().put("effort", reasoning.getValue("effort"))
        .put("summary", reasoning.getValue("summary")))
      .put("store", orDefault(request, "store", true))
      .put("temperature", request.getValue("temperature"))
      .put("text", text)
      .put("tool_choice", orDefault(request, "tool_choice", "auto"))
      .put("tools", orDefault(request, "tools", new JsonArray()))
      .put("top_p", request.getValue("top_p"))
      .put("truncation", orDefault(request, "truncation", "disabled"))
      .put("usage", usage == null ? null : ResponsesUsage.write(usage))
      .put("user", request.getValue("user"))
      .put("metadata", orDefault(request, "metadata", new JsonObject()));
  }

  private static Object orDefault(JsonObject request, String field, Object otherwise) {
    Object value = request.getValue(field);
    return value != null ? value : otherwise;
  }
}
