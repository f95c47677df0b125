/**
 * The usage-recorder role: prices each finished request, writes usage rows in batches (spooled to disk while
 * PostgreSQL is away), moves spend counters and balances. Depends on {@code api} and {@code store}.
 */
package io.switchboard.usage;
