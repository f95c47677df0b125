package io.switchboard.providers.bedrock;

import io.switchboard.providers.core.ProviderVerticle;
import io.switchboard.providers.core.UpstreamProtocol;

/** The adapter for Anthropic models on AWS Bedrock, serving {@code sb.provider.bedrock}. */
public class BedrockProviderVerticle extends ProviderVerticle {
  public static final String KIND = "bedrock";

  @Override
  protected String kind() {
    return KIND;
  }

  @Override
  protected UpstreamProtocol protocol() {
    return new BedrockProtocol();
  }
}
