package io.switchboard.providers.openai;

import io.switchboard.api.ProviderKind;
import io.switchboard.providers.core.ProviderVerticle;

/** The adapter for Azure OpenAI deployments, serving {@code sb.provider.azure-openai}. */
public class AzureOpenAiProviderVerticle extends ProviderVerticle {
  public AzureOpenAiProviderVerticle() {
    super(ProviderKind.AZURE_OPENAI, new OpenAiProtocol(new AzureOpenAiEndpoint(), true));
  }
}
