/**
 * The key-auth role: client key to principal (cached, dropped on {@code sb.config.changed}), and admission against
 * rate limits, concurrency and quotas in Redis. Depends on {@code api} and {@code store}.
 */
package io.switchboard.auth;
