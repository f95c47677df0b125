package io.switchboard.providers.openai;

import io.switchboard.providers.core.ProviderVerticle;

/** The adapter for OpenAI and OpenAI-compatible upstreams, serving {@code sb.provider.openai}. */
public class OpenAiProviderVerticle extends ProviderVerticle {
  public static final String KIND = "openai";

  public OpenAiProviderVerticle() {
    super(KIND, new OpenAiProtocol());
  }
}
