/**
 * The scheduler role: the ordered candidate accounts for a request (groups, priorities, strategies, sticky sessions),
 * account health learnt from outcomes and circuit announcements, health probes. Depends on {@code api} and
 * {@code store}.
 */
package io.switchboard.scheduler;
