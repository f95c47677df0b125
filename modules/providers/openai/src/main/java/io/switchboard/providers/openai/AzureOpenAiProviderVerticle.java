package io.switchboard.providers.openai;

import io.switchboard.providers.core.ProviderVerticle;

/** The adapter for Azure OpenAI deployments, serving {@code sb.provider.azure-openai}. */
public class AzureOpenAiProviderVerticle extends ProviderVerticle {
  public static final String KIND = "azure-openai";

  public AzureOpenAiProviderVerticle() {
    super(KIND, new AzureOpenAiProtocol());
  }
}
