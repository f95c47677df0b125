/**
 * A provider adapter for Ollama's native chat API ({@code POST /api/chat}, NDJSON streaming), built as a jar that the
 * gateway loads at runtime in a class loader of its own: {@link io.switchboard.adapters.ollama.OllamaProviderVerticle}
 * serves {@code sb.provider.ollama}. Every client dialect is converted: no client speaks Ollama's wire. Depends on
 * {@code providers/core} (provided by the gateway), nothing else.
 */
package io.switchboard.adapters.ollama;
