package io.switchboard.providers.anthropic;

import io.switchboard.providers.core.ProviderVerticle;

/** The adapter for Anthropic's Messages API, serving {@code sb.provider.anthropic}. */
public class AnthropicProviderVerticle extends ProviderVerticle {
  public static final String KIND = "anthropic";

  public AnthropicProviderVerticle() {
    super(KIND, new AnthropicProtocol());
  }
}
