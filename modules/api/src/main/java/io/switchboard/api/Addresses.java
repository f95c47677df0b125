package io.switchboard.api;

import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.tracing.TracingPolicy;

/** Event-bus addresses shared by every role; the only way roles reach each other. */
public final class Addresses {
  /**
   * Request/reply: {@link AuthRequest} (the key's SHA-256) to {@link Principal}; fails with the HTTP status as failure
   * code.
   */
  public static final String AUTH_VERIFY = "sb.auth.verify.hashed";
  /**
   * Where the ingress of an earlier version, which sent the key itself, asks the same: still answered, so that a
   * cluster can be upgraded node by node (an upgraded ingress asks upgraded auth roles only).
   */
  public static final String AUTH_VERIFY_EARLIER = "sb.auth.verify";
  /** Request/reply: {@link RoutePlanRequest} to {@link RoutePlan}. */
  public static final String ROUTE_PLAN = "sb.route.plan";
  /** Request/reply: {@link PassThroughPlanRequest} to {@link RoutePlan}, the accounts for a pass-through request. */
  public static final String ROUTE_PASS_THROUGH = "sb.route.passthrough";
  /** Request/reply: {@link ModelListRequest} to {@link ModelList}, the models some active account serves. */
  public static final String ROUTE_MODELS = "sb.route.models";
  /** Point-to-point: {@link UsageRecord}, one per finished request. */
  public static final String USAGE_RECORD = "sb.usage.record";
  /** Publish: {@link ConfigChanged}, whoever changed configuration rows. */
  public static final String CONFIG_CHANGED = "sb.config.changed";

  /**
   * Point-to-point: {@link AdmissionRelease}, once per finished request that was admitted against limits: frees
   * its concurrency slot and reconciles its token estimate.
   */
  public static final String AUTH_RELEASE = "sb.auth.release";
  /** Point-to-point: {@link CapturedBodies}, the bodies of a finished request whose key captures them. */
  public static final String USAGE_BODIES = "sb.usage.bodies";
  /** Point-to-point: {@link KeyActivity}, the requests of each usage batch written, for anomaly detection. */
  public static final String KEY_ACTIVITY = "sb.key.activity";
  /** Request/reply: {@link QuotaReset} to {@link QuotaReset}, the daily quota reset (scheduled by the cron role). */
  public static final String QUOTA_RESET = "sb.usage.quota.reset";

  /** Publish: {@link Outcome}, one per upstream attempt, from the provider that made it. */
  public static final String OUTCOME = "sb.outcome";
  /** Publish: {@link AccountHealth}, an account's stored status changed (after the row was written). */
  public static final String ACCOUNT_HEALTH = "sb.account.health";
  /** Publish: {@link CircuitState}, an account's circuit breaker opened, half-opened or closed in a provider. */
  public static final String CIRCUIT_STATE = "sb.account.circuit";

  /** Request/reply: any body to an Integer, how many accounts were due; a scheduler probes them now. */
  public static final String HEALTH_PROBE_ROUND = "sb.scheduler.probe";
  /** Request/reply: {@link CronRunRequest} to {@link CronRunResult}; fails with 404 for an unknown job. */
  public static final String CRON_RUN = "sb.cron.run";
  /** Request/reply: any body to {@link CronJobList}, the jobs a cron role knows with their schedules. */
  public static final String CRON_JOBS = "sb.cron.jobs";
  /**
   * Request/reply: {@link RuleDryRunRequest} to {@link RuleDryRunReport}, a rule evaluated against recent outcomes;
   * fails with code 400 and the validation errors (one per line) when the rule does not parse, 404 for an unknown id.
   */
  public static final String RULES_DRY_RUN = "sb.rules.dryrun";

  /**
   * Publish, local only: a String, the id of another cluster node that left the cluster (stopped, crashed or cut
   * off), as this node's cluster manager saw it. Calls and streams that node was serving will not finish.
   */
  public static final String NODE_LEFT = "sb.cluster.node.left";
  /**
   * Request/reply, local only (send with {@code setLocalOnly(true)}): any body to {@link Readiness}, what this node's
   * checks say (storage, cluster, the roles it should run); answered by the app of the same process, so {@code /readyz}
   * on any port reports its own node.
   */
  public static final String HEALTH_READY = "sb.health.ready";
  /** Point-to-point: {@link StoredResponse}, a finished Responses answer whose request had store on, to keep. */
  public static final String RESPONSES_SAVE = "sb.responses.save";
  /** Request/reply: {@link StoredResponseRequest} to {@link StoredResponse}; fails with 404 when the key has none. */
  public static final String RESPONSES_GET = "sb.responses.get";
  /** Request/reply: {@link StoredResponseRequest} to the {@link StoredResponse} deleted; fails with 404 as above. */
  public static final String RESPONSES_DELETE = "sb.responses.delete";
  /**
   * Request/reply: {@link StoredResponseRequest} to {@link StoredConversation}, the conversation up to that response;
   * fails with 404 as above.
   */
  public static final String RESPONSES_CONVERSATION = "sb.responses.conversation";

  /**
   * Request/reply, local only: any body to {@link ClusterNodes}, the nodes this node's cluster manager sees; answered
   * by the deployment agent every node runs.
   */
  public static final String CLUSTER_NODES = "sb.cluster.nodes";

  private static final String PROVIDER_PREFIX = "sb.provider.";
  private static final String DEPLOYMENTS_PREFIX = "sb.deployments.";
  private static final String RECEIPTS_PREFIX = "sb.receipts.";
  private static final String STREAM_PREFIX = "sb.stream.";

  private Addresses() {
  }

  /** Request/reply: {@link ProviderCall} to {@link ProviderHead}, served by the adapter for that provider kind. */
  public static String provider(ProviderKind kind) {
    return provider(kind.wireName());
  }

  /** The same by provider name, built-in or served by an adapter from a jar ({@link Candidate#provider()}). */
  public static String provider(String provider) {
    return PROVIDER_PREFIX + provider;
  }

  /** Request/reply: {@link ProbeRequest} to {@link ProbeResult}, one minimal request through one account. */
  public static String providerProbe(ProviderKind kind) {
    return providerProbe(kind.wireName());
  }

  /** The same by provider name, built-in or served by an adapter from a jar. */
  public static String providerProbe(String provider) {
    return PROVIDER_PREFIX + provider + ".probe";
  }

  /**
   * Request/reply: {@link PassThroughCall} to {@link ProviderHead}, served by the adapter for that provider kind: a
   * request the gateway does not model, forwarded with the account's credential.
   */
  public static String providerPassThrough(ProviderKind kind) {
    return providerPassThrough(kind.wireName());
  }

  /** The same by provider name, built-in or served by an adapter from a jar. */
  public static String providerPassThrough(String provider) {
    return PROVIDER_PREFIX + provider + ".pass";
  }

  /**
   * Where the ingress sends the rest of a pass-through request's body, as {@link StreamFrame}s ({@code DATA}, then
   * {@code END}, or {@code ERROR} when the client stopped sending), once the provider has granted credit.
   */
  public static String upload(String requestId) {
    return STREAM_PREFIX + requestId + ".up";
  }

  /**
   * Where the provider grants credit for the rest of a request body ({@link StreamControl} {@code CREDIT}: bytes it
   * may receive) or tells the ingress to stop sending it ({@code CANCEL}: the upstream answered or failed).
   */
  public static String uploadControl(String requestId) {
    return STREAM_PREFIX + requestId + ".up.ctl";
  }

  /** Where a provider sends the {@link StreamFrame}s of one streaming request. */
  public static String stream(String requestId) {
    return STREAM_PREFIX + requestId;
  }

  /**
   * How a stream's frames and credits travel: untraced, since a span per frame would drown the request's trace (the
   * call that opened the stream is traced).
   */
  public static final DeliveryOptions STREAM_DELIVERY = new DeliveryOptions().setTracingPolicy(TracingPolicy.IGNORE);

  /** Whether an address is one stream's frames or control (the hot path of a streamed answer). */
  public static boolean isStream(String address) {
    return address.startsWith(STREAM_PREFIX);
  }

  /** Where one ingress instance, named by a random id, takes the {@link CallReceipt}s of its provider calls. */
  public static String callReceipts(String ingressInstance) {
    return RECEIPTS_PREFIX + ingressInstance;
  }

  /** Where the ingress sends {@link StreamControl} (credit, cancel) for one streaming request. */
  public static String streamControl(String requestId) {
    return STREAM_PREFIX + requestId + ".ctl";
  }

  /**
   * Request/reply: {@link DeploymentCommand} to {@link NodeDeployments}, served by the deployment agent of that one
   * node; fails with a 4xx code and the reason when the command is refused.
   */
  public static String deploymentAgent(String node) {
    return DEPLOYMENTS_PREFIX + node;
  }
}
