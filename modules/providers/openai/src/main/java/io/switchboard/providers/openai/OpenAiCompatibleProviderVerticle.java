package io.switchboard.providers.openai;

import io.switchboard.api.ProviderKind;
import io.switchboard.providers.core.ProviderVerticle;

/**
 * The OpenAI adapter for accounts of kind {@code openai-compatible} (vLLM, Ollama, LiteLLM, ... any server speaking
 * the Chat Completions API), serving {@code sb.provider.openai-compatible} with its own instances and pool settings.
 */
public class OpenAiCompatibleProviderVerticle extends ProviderVerticle {
  public OpenAiCompatibleProviderVerticle() {
    super(ProviderKind.OPENAI_COMPATIBLE, new OpenAiProtocol(new OpenAiEndpoint(), false));
  }
}
