/**
 * The cron role: housekeeping jobs on cron schedules, each tick claimed once per cluster in PostgreSQL. Depends on
 * {@code api} and {@code store}.
 */
package io.switchboard.cron;
