package io.switchboard.providers.bedrock;

import io.switchboard.providers.core.ProviderVerticle;

/** The adapter for Anthropic models on AWS Bedrock, serving {@code sb.provider.bedrock}. */
public class BedrockProviderVerticle extends ProviderVerticle {
  public static final String KIND = "bedrock";

  public BedrockProviderVerticle() {
    super(KIND, new BedrockProtocol());
  }
}
