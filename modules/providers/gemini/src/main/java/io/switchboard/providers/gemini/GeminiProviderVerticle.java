package io.switchboard.providers.gemini;

import io.switchboard.providers.core.ProviderVerticle;
import io.switchboard.providers.core.UpstreamProtocol;

/** The adapter for Google's Gemini API, serving {@code sb.provider.gemini}. */
public class GeminiProviderVerticle extends ProviderVerticle {
  public static final String KIND = "gemini";

  @Override
  protected String kind() {
    return KIND;
  }

  @Override
  protected UpstreamProtocol protocol() {
    return new GeminiProtocol();
  }
}
