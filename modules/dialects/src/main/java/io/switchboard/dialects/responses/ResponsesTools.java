package io.switchboard.dialects.responses;

import static io.switchboard.dialects.openai.OpenAiRequestFields.element;
import static io.switchboard.dialects.openai.OpenAiRequestFields.object;
import static io.switchboard.dialects.openai.OpenAiRequestFields.requiredString;
import static io.switchboard.dialects.openai.OpenAiRequestFields.string;

import io.switchboard.api.chat.Tool;
import io.switchboard.api.chat.ToolChoice;
import io.switchboard.dialects.openai.OpenAiToolChoices;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A Responses request's {@code tools} and {@code tool_choice} as canonical tools. Function tools are flat here
 * ({@code {"type":"function","name",...}}, not nested as in Chat Completions); their {@code strict} flag has no
 * canonical place. Every other tool type is OpenAI's ({@link OpenAiOnlyFeatures}) and is left out, as is a
 * tool_choice that forces one of them (the model then decides).
 */
final class ResponsesTools {
  private ResponsesTools() {
  }

  static List<Tool> tools(JsonArray tools, List<Omission> omissions) {
    List<Tool> result = new ArrayList<>();
    for (int i = 0; tools != null && i < tools.size(); i++) {
      String path = "tools[" + i + "]";
      JsonObject tool = element(tools, i, "tools");
      String type = requiredString(tool, "type", path + ".type");
      if (type.equals("function")) {
        result.add(new Tool(requiredString(tool, "name", path + ".name"),
          string(tool, "description", path + ".description"), object(tool, "parameters", path + ".parameters")));
      } else {
        omissions.add(OpenAiOnlyFeatures.tool(path, type, tool.getValue("name") instanceof String n ? n : type));
      }
    }
    return result;
  }

  static ToolChoice toolChoice(JsonObject body) {
    return OpenAiToolChoices.read(body, ResponsesTools::namedChoice);
  }

  /** The Responses API's object forms are flat: {"type":"function","name"}, {"type":"allowed_tools","mode"}. */
  private static ToolChoice namedChoice(JsonObject named, String type, Boolean parallel) {
    return switch (type) {
      case "function" ->
        new ToolChoice(ToolChoice.Mode.NAMED, requiredString(named, "name", "tool_choice.name"), parallel);
      // the restriction list has no canonical place: only its mode travels
      case "allowed_tools" ->
        new ToolChoice(OpenAiToolChoices.mode(requiredString(named, "mode", "tool_choice.mode"), "tool_choice.mode"),
          null, parallel);
      // forcing a tool that is left out cannot be honoured: the model decides
      default -> new ToolChoice(ToolChoice.Mode.AUTO, null, parallel);
    };
  }
}
