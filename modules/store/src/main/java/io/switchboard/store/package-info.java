/**
 * Storage: PostgreSQL (Flyway migrations, one repository class per table group, returning records), Redis (Lua
 * scripts for atomic counters, one pipelined connection per verticle), the embedded PostgreSQL and Redis of the
 * default set-up, credential encryption and the shared storage settings. Depends on {@code api} only; roles that
 * keep state use it, the ingress never does.
 */
package io.switchboard.store;
