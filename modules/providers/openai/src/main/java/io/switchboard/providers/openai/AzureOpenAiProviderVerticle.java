package io.switchboard.providers.openai;

import io.switchboard.providers.core.ProviderVerticle;
import io.switchboard.providers.core.UpstreamProtocol;

/** The adapter for Azure OpenAI deployments, serving {@code sb.provider.azure-openai}. */
public class AzureOpenAiProviderVerticle extends ProviderVerticle {
  public static final String KIND = "azure-openai";

  @Override
  protected String kind() {
    return KIND;
  }

  @Override
  protected UpstreamProtocol protocol() {
    return new AzureOpenAiProtocol();
  }
}
