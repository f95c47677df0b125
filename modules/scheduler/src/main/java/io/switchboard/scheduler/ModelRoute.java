package io.switchboard.scheduler;

import java.util.Collection;

/**
 * What a client's model name asks for: a model, optionally restricted to one provider kind with a
 * {@code kind,model} prefix ({@code bedrock,claude-sonnet-4}) or a {@code kind/model} prefix
 * ({@code anthropic/claude-sonnet-4}). A prefix that names no provider kind is part of the model name
 * ({@code meta-llama/Llama-3-70b}).
 */
record ModelRoute(String providerKind, String model) {

  static ModelRoute parse(String requested, Collection<String> providerKinds) {
    for (char separator : new char[] {',', '/'}) {
      int at = requested.indexOf(separator);
      if (at > 0 && at < requested.length() - 1) {
        String kind = requested.substring(0, at);
        if (providerKinds.contains(kind)) {
          return new ModelRoute(kind, requested.substring(at + 1));
        }
      }
    }
    return new ModelRoute(null, requested);
  }
}
