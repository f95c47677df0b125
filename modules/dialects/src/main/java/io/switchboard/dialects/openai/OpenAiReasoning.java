package io.switchboard.dialects.openai;

import static io.switchboard.dialects.openai.OpenAiRequestFields.invalidValue;

import io.switchboard.api.chat.ThinkingConfig;

/**
 * OpenAI's reasoning effort to and from canonical thinking, for both of OpenAI's APIs: Chat Completions'
 * {@code reasoning_effort} and the Responses API's {@code reasoning.effort} take the same values.
 */
public final class OpenAiReasoning {
  private OpenAiReasoning() {
  }

  /** A client's effort (null when it said none); {@code path} names the field in the 400 for an unknown one. */
  public static ThinkingConfig thinking(String effort, String path) {
    if (effort == null) {
      return null;
    }
    return switch (effort) {
      // "none" (GPT-5.1) switches reasoning off; "minimal" travels as said, other encoders read it as low
      case "none" -> new ThinkingConfig(false, null, effort, false);
      case "minimal", "low", "medium", "high", "xhigh" -> new ThinkingConfig(true, null, effort, false);
      default -> throw invalidValue(path, effort, "'none', 'minimal', 'low', 'medium', 'high', and 'xhigh'");
    };
  }

  /**
   * An effort as the client said it, always. A thinking budget becomes the nearest effort (up to 2048 low, up to
   * 16384 medium, above high; enabled without a budget medium) only for models that take the parameter (o-series,
   * gpt-5): OpenAI refuses reasoning_effort on others, and a client of another dialect cannot know which model
   * it lands on. Adaptive (the model decides) and disabled send nothing: the model's default.
   */
  public static String effort(ThinkingConfig thinking, String model) {
    if (thinking == null) {
      return null;
    }
    if (thinking.effort() != null) {
      return thinking.effort();
    }
    if (!thinking.enabled() || thinking.adaptive() || !takesReasoningEffort(model)) {
      return null;
    }
    if (thinking.budget() == null) {
      return "medium";
    }
    return thinking.budget() <= 2048 ? "low" : thinking.budget() <= 16384 ? "medium" : "high";
  }

  /** OpenAI's reasoning models: o1, o3, o4-mini..., gpt-5... (a provider prefix such as "openai/" allowed). */
  static boolean takesReasoningEffort(String model) {
    if (model == null) {
      return false;
    }
    String name = model.substring(model.lastIndexOf('/') + 1);
    return name.matches("o\\d.*") || name.startsWith("gpt-5");
  }
}
