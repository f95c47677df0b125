package io.switchboard.api.chat;

/**
 * Whether and which tool the model must call: {@code AUTO} (it decides), {@code NONE}, {@code ANY} (some tool;
 * OpenAI's "required"), or {@code NAMED} (exactly {@code name}). {@code parallel} false forbids several calls at
 * once (null: the provider's default).
 */
public record ToolChoice(Mode mode, String name, Boolean parallel) {
  public enum Mode { AUTO, NONE, ANY, NAMED }

  public static final ToolChoice AUTO = new ToolChoice(Mode.AUTO, null, null);
}
