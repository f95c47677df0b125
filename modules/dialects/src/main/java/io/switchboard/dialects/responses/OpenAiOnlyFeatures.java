package io.switchboard.dialects.responses;

import io.switchboard.dialects.openai.OpenAiRequestFields;
import java.util.Set;

/**
 * The named rule for what only OpenAI's Responses API can do: tools OpenAI runs itself (web search, file search,
 * code interpreter, image generation, remote MCP, computer use), tools only OpenAI's models know (local_shell,
 * shell, apply_patch, free-form custom tools) and server-side state (stored responses, conversations, prompt
 * templates, encrypted reasoning). A same-dialect upstream receives the client's body untouched, so all of it
 * works there; a conversion through the canonical model leaves each out with an {@link Omission} saying why.
 */
final class OpenAiOnlyFeatures {
  /**
   * Output items of OpenAI-run tools and OpenAI's compactions that may come back in a client's input, and the item
   * asking for a compaction (Codex CLI's built-in OpenAI provider sends it): only OpenAI can replay or run them.
   */
  static final Set<String> HOSTED_ITEMS = Set.of("web_search_call", "file_search_call", "computer_call",
    "computer_call_output", "image_generation_call", "code_interpreter_call", "mcp_list_tools",
    "mcp_approval_request", "mcp_approval_response", "mcp_call", "shell_call", "shell_call_output",
    "apply_patch_call", "apply_patch_call_output", "item_reference", "compaction", "compaction_trigger");

  private OpenAiOnlyFeatures() {
  }

  /** A tool that is not a function: every other type is OpenAI's own (new hosted tools appear often). */
  static Omission tool(String path, String type, String name) {
    if (type.equals("custom")) {
      return new Omission(path, "custom tool '" + name + "' takes free-form (grammar) input, which only OpenAI's "
        + "models produce; left out for this upstream");
    }
    return new Omission(path, "'" + type + "' is a tool OpenAI provides itself; the upstream serving this model "
      + "has no such tool, so it is left out rather than refused");
  }

  /**
   * An input item the canonical model has no place for. Any type not listed is OpenAI's too (new item types appear
   * with new tools and clients, as Codex CLI's did): OpenAI gets it as sent, and judges it (a mistyped one is
   * OpenAI's own 400); a conversion leaves it out.
   */
  static Omission item(String path, String type) {
    if (type.equals("compaction_trigger")) {
      return new Omission(path, "a 'compaction_trigger' item asks OpenAI to compact the conversation, which only "
        + "OpenAI does; left out for this upstream");
    }
    return new Omission(path, HOSTED_ITEMS.contains(type)
      ? "a '" + type + "' item replays state only OpenAI holds; left out for this upstream"
      : "a '" + type + "' item is of a type this gateway does not know (OpenAI's API judges it); left out for this "
        + "upstream");
  }

  /**
   * A content part of a type the gateway does not know (one OpenAI added after it, or a mistake such as Chat
   * Completions' {@code text}): OpenAI gets it as sent and judges it; a conversion cannot leave it out without
   * changing what the message says, so it refuses the request in OpenAI's words.
   */
  static Omission contentPart(String path, String type) {
    return new Omission(path, OpenAiRequestFields.invalidValue(path + ".type", type,
      "'input_text', 'input_image', 'input_file', 'output_text', and 'refusal'").getMessage(), true);
  }

  static Omission storedState(String field) {
    return new Omission(field, "state stored at OpenAI; the upstream sees only this request's own input and "
      + "instructions");
  }

  static Omission encryptedReasoning(String path) {
    return new Omission(path, "reasoning encrypted by OpenAI, which only OpenAI can read; its summary (if any) "
      + "travels as unsigned thinking");
  }

  static Omission file(String path) {
    return new Omission(path, "an OpenAI file id or file input: the canonical model carries no files");
  }

  /**
   * Whether an opaque reasoning blob is OpenAI's own: OpenAI encrypts reasoning as Fernet tokens, whose version
   * byte 0x80 makes them start "gAAAAA" in base64url. Anthropic signatures and Gemini thought signatures never do,
   * so those travel on as the canonical thinking signature and reach their own provider again.
   */
  static boolean isOpenAiEncrypted(String blob) {
    return blob != null && blob.startsWith("gAAAAA");
  }
}
