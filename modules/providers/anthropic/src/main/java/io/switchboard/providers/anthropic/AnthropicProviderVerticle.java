package io.switchboard.providers.anthropic;

import io.switchboard.providers.core.ProviderVerticle;
import io.switchboard.providers.core.UpstreamProtocol;

/** The adapter for Anthropic's Messages API, serving {@code sb.provider.anthropic}. */
public class AnthropicProviderVerticle extends ProviderVerticle {
  public static final String KIND = "anthropic";

  @Override
  protected String kind() {
    return KIND;
  }

  @Override
  protected UpstreamProtocol protocol() {
    return new AnthropicProtocol();
  }
}
