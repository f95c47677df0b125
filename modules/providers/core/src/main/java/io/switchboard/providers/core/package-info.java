/**
 * The base of every provider adapter: {@link io.switchboard.providers.core.ProviderVerticle} serves
 * {@code sb.provider.<kind>}, reads and decrypts its account itself, calls the upstream with one HTTP client, keeps a
 * circuit breaker per account, converts dialects when client and upstream differ and pumps stream frames with
 * byte-counted credit. A new provider is an {@link io.switchboard.providers.core.UpstreamProtocol}. Depends on
 * {@code api}, {@code dialects} and {@code store}.
 */
package io.switchboard.providers.core;
