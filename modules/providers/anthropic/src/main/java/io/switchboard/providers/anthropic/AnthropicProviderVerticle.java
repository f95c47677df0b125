package io.switchboard.providers.anthropic;

import io.switchboard.api.ProviderKind;
import io.switchboard.providers.core.ProviderVerticle;

/** The adapter for Anthropic's Messages API, serving {@code sb.provider.anthropic}. */
public class AnthropicProviderVerticle extends ProviderVerticle {
  public AnthropicProviderVerticle() {
    super(ProviderKind.ANTHROPIC, new AnthropicProtocol());
  }
}
