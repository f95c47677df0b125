package io.switchboard.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** How a requested model name restricts the provider kind. */
class ModelRouteTest {
  private static final Set<String> KINDS = Set.of("openai", "anthropic", "bedrock");

  @Test
  void aKindPrefixRestrictsTheProvider() {
    assertEquals(new ModelRoute("bedrock", "claude-sonnet-4"), ModelRoute.parse("bedrock,claude-sonnet-4", KINDS));
    assertEquals(new ModelRoute("anthropic", "claude-sonnet-4"), ModelRoute.parse("anthropic/claude-sonnet-4", KINDS));
  }

  @Test
  void aPrefixThatNamesNoKindIsPartOfTheModel() {
    assertEquals(new ModelRoute(null, "meta-llama/Llama-3-70b"), ModelRoute.parse("meta-llama/Llama-3-70b", KINDS));
    assertEquals(new ModelRoute(null, "gpt-4o"), ModelRoute.parse("gpt-4o", KINDS));
    assertEquals(new ModelRoute(null, "openai/"), ModelRoute.parse("openai/", KINDS));
  }
}
