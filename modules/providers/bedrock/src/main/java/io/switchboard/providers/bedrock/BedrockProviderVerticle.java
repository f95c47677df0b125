package io.switchboard.providers.bedrock;

import io.switchboard.api.ProviderKind;
import io.switchboard.providers.core.ProviderVerticle;

/** The adapter for Anthropic models on AWS Bedrock, serving {@code sb.provider.bedrock}. */
public class BedrockProviderVerticle extends ProviderVerticle {
  public BedrockProviderVerticle() {
    super(ProviderKind.BEDROCK, new BedrockProtocol());
  }
}
