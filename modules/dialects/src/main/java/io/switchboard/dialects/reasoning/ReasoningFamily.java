package io.switchboard.dialects.reasoning;

import io.switchboard.api.Dialect;
import io.switchboard.api.ProviderKind;

/**
 * The upstreams that can verify one another's signed reasoning: Anthropic's thinking signatures are valid on
 * Anthropic and Bedrock alike, Gemini's thought signatures only on Gemini, OpenAI's encrypted reasoning only on
 * OpenAI and Azure. OpenAI-compatible servers verify nothing. Signed reasoning goes back only to its own family.
 */
public enum ReasoningFamily {
  ANTHROPIC('A'), GEMINI('G'), OPENAI('O');

  private final char letter;

  ReasoningFamily(char letter) {
    this.letter = letter;
  }

  char letter() {
    return letter;
  }

  static ReasoningFamily ofLetter(char letter) {
    for (ReasoningFamily family : values()) {
      if (family.letter == letter) {
        return family;
      }
    }
    return null;
  }

  /** The family of an upstream kind, or null for servers that verify no signatures. */
  public static ReasoningFamily of(ProviderKind kind) {
    return switch (kind) {
      case ANTHROPIC, BEDROCK -> ANTHROPIC;
      case GEMINI -> GEMINI;
      case OPENAI, AZURE_OPENAI -> OPENAI;
      case OPENAI_COMPATIBLE, EXTERNAL -> null;
    };
  }

  /**
   * Whose signatures a client of this dialect holds when the gateway did not seal them: those of the upstreams that
   * speak its dialect, which pass their answers to it untouched. Chat Completions carries no signed reasoning.
   */
  public static ReasoningFamily nativeTo(Dialect dialect) {
    return switch (dialect) {
      case ANTHROPIC -> ANTHROPIC;
      case GEMINI -> GEMINI;
      case RESPONSES -> OPENAI;
      case OPENAI -> null;
    };
  }
}
