/**
 * Adapters for OpenAI, Azure OpenAI and any OpenAI-compatible server. Depends on {@code providers-core} only.
 */
package io.switchboard.providers.openai;
