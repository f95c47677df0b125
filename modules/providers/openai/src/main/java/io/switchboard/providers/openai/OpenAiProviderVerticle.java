package io.switchboard.providers.openai;

import io.switchboard.providers.core.ProviderVerticle;
import io.switchboard.providers.core.UpstreamProtocol;

/** The adapter for OpenAI and OpenAI-compatible upstreams, serving {@code sb.provider.openai}. */
public class OpenAiProviderVerticle extends ProviderVerticle {
  public static final String KIND = "openai";

  @Override
  protected String kind() {
    return KIND;
  }

  @Override
  protected UpstreamProtocol protocol() {
    return new OpenAiProtocol();
  }
}
