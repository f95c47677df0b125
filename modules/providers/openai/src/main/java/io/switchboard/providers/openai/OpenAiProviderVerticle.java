package io.switchboard.providers.openai;

import io.switchboard.api.ProviderKind;
import io.switchboard.providers.core.ProviderVerticle;

/** The adapter for OpenAI and OpenAI-compatible upstreams, serving {@code sb.provider.openai}. */
public class OpenAiProviderVerticle extends ProviderVerticle {
  public OpenAiProviderVerticle() {
    super(ProviderKind.OPENAI, new OpenAiProtocol(new OpenAiEndpoint(), true));
  }
}
