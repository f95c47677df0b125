package io.switchboard.dialects.openai;

import static io.switchboard.dialects.openai.OpenAiRequestFields.bool;
import static io.switchboard.dialects.openai.OpenAiRequestFields.invalidType;
import static io.switchboard.dialects.openai.OpenAiRequestFields.invalidValue;
import static io.switchboard.dialects.openai.OpenAiRequestFields.requiredString;

import io.switchboard.api.chat.ToolChoice;
import io.vertx.core.json.JsonObject;

/**
 * {@code tool_choice} and {@code parallel_tool_calls} as both OpenAI APIs take them: the same modes and the same
 * flag; only the object forms (a named function, allowed_tools) are spelled differently, so each API reads those.
 */
public final class OpenAiToolChoices {
  /** Reads an object tool_choice of one API, whose {@code type} is already known to be there. */
  @FunctionalInterface
  public interface ObjectForm {
    ToolChoice read(JsonObject choice, String type, Boolean parallel);
  }

  private OpenAiToolChoices() {
  }

  /** Null when the client said neither; AUTO with the flag when it said only parallel_tool_calls. */
  public static ToolChoice read(JsonObject body, ObjectForm objectForm) {
    Boolean parallel = bool(body, "parallel_tool_calls", "parallel_tool_calls");
    Object choice = body.getValue("tool_choice");
    if (choice == null) {
      return parallel == null ? null : new ToolChoice(ToolChoice.Mode.AUTO, null, parallel);
    }
    if (choice instanceof String mode) {
      return new ToolChoice(mode(mode, "tool_choice"), null, parallel);
    }
    if (!(choice instanceof JsonObject named)) {
      throw invalidType("tool_choice", "a string or an object");
    }
    return objectForm.read(named, requiredString(named, "type", "tool_choice.type"), parallel);
  }

  public static ToolChoice.Mode mode(String mode, String path) {
    return switch (mode) {
      case "auto" -> ToolChoice.Mode.AUTO;
      case "none" -> ToolChoice.Mode.NONE;
      case "required" -> ToolChoice.Mode.ANY;
      default -> throw invalidValue(path, mode, "'none', 'auto', and 'required'");
    };
  }
}
