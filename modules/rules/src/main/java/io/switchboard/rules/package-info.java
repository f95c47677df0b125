/**
 * The rule-engine role: matches every upstream outcome against the enabled rules, counts thresholds in Redis and
 * disables, bans or alerts. Depends on {@code api} and {@code store}.
 */
package io.switchboard.rules;
