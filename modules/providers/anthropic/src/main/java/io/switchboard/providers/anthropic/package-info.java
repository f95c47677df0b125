/**
 * The Anthropic Messages API adapter. Depends on {@code providers-core} only.
 */
package io.switchboard.providers.anthropic;
