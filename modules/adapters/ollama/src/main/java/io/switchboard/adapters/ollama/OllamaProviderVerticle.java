package io.switchboard.adapters.ollama;

import io.switchboard.providers.core.ProviderVerticle;

/** The adapter for Ollama's native API, serving {@code sb.provider.ollama} for accounts whose provider is ollama. */
public class OllamaProviderVerticle extends ProviderVerticle {
  public OllamaProviderVerticle() {
    super("ollama", new OllamaProtocol(AdapterVersion.of(OllamaProviderVerticle.class)));
  }
}
