package io.switchboard.providers.openai;

import io.switchboard.providers.core.ProviderVerticle;

/**
 * The OpenAI adapter for accounts of kind {@code openai-compatible} (vLLM, Ollama, LiteLLM, ... any server speaking
 * the Chat Completions API), serving {@code sb.provider.openai-compatible} with its own instances and pool settings.
 */
public class OpenAiCompatibleProviderVerticle extends ProviderVerticle {
  public static final String KIND = "openai-compatible";

  public OpenAiCompatibleProviderVerticle() {
    super(KIND, new OpenAiProtocol());
  }
}
