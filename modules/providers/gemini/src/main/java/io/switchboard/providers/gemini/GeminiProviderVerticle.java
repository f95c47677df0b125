package io.switchboard.providers.gemini;

import io.switchboard.api.ProviderKind;
import io.switchboard.providers.core.ProviderVerticle;

/** The adapter for Google's Gemini API, serving {@code sb.provider.gemini}. */
public class GeminiProviderVerticle extends ProviderVerticle {
  public GeminiProviderVerticle() {
    super(ProviderKind.GEMINI, new GeminiProtocol());
  }
}
