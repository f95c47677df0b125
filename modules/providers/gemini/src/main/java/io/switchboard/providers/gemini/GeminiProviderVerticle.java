package io.switchboard.providers.gemini;

import io.switchboard.providers.core.ProviderVerticle;

/** The adapter for Google's Gemini API, serving {@code sb.provider.gemini}. */
public class GeminiProviderVerticle extends ProviderVerticle {
  public static final String KIND = "gemini";

  public GeminiProviderVerticle() {
    super(KIND, new GeminiProtocol());
  }
}
