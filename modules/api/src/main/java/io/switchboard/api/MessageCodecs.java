package io.switchboard.api;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import java.util.function.Function;
import io.vertx.core.json.JsonObject;

/**
 * Registers the codecs of every message record on a Vert.x instance, and lets its messages carry their request's
 * {@link RequestLog}; safe to call from every verticle.
 */
public final class MessageCodecs {
  private MessageCodecs() {
  }

  public static void register(Vertx vertx) {
    EventBus bus = vertx.eventBus();
    synchronized (bus) {
      add(bus, AuthRequest.class, AuthRequest::toJson, AuthRequest::fromJson);
      add(bus, Principal.class, Principal::toJson, Principal::fromJson);
      add(bus, RoutePlanRequest.class, RoutePlanRequest::toJson, RoutePlanRequest::fromJson);
      add(bus, RoutePlan.class, RoutePlan::toJson, RoutePlan::fromJson);
      add(bus, ModelList.class, ModelList::toJson, ModelList::fromJson);
      add(bus, ModelListRequest.class, ModelListRequest::toJson, ModelListRequest::fromJson);
      add(bus, ProviderCall.class, ProviderCall::toJson, ProviderCall::fromJson);
      add(bus, ProviderHead.class, ProviderHead::toJson, ProviderHead::fromJson);
      add(bus, StreamFrame.class, StreamFrame::toJson, StreamFrame::fromJson);
      add(bus, StreamControl.class, StreamControl::toJson, StreamControl::fromJson);
      add(bus, StreamTally.class, StreamTally::toJson, StreamTally::fromJson);
      add(bus, UsageRecord.class, UsageRecord::toJson, UsageRecord::fromJson);
      add(bus, Usage.class, Usage::toJson, Usage::fromJson);
      add(bus, ConfigChanged.class, ConfigChanged::toJson, ConfigChanged::fromJson);
      add(bus, Outcome.class, Outcome::toJson, Outcome::fromJson);
      add(bus, ProbeRequest.class, ProbeRequest::toJson, ProbeRequest::fromJson);
      add(bus, ProbeResult.class, ProbeResult::toJson, ProbeResult::fromJson);
      add(bus, CronRunRequest.class, CronRunRequest::toJson, CronRunRequest::fromJson);
      add(bus, CronRunResult.class, CronRunResult::toJson, CronRunResult::fromJson);
      add(bus, CronJobList.class, CronJobList::toJson, CronJobList::fromJson);
      add(bus, RuleDryRunRequest.class, RuleDryRunRequest::toJson, RuleDryRunRequest::fromJson);
      add(bus, RuleDryRunReport.class, RuleDryRunReport::toJson, RuleDryRunReport::fromJson);
      add(bus, AccountHealth.class, AccountHealth::toJson, AccountHealth::fromJson);
      add(bus, CircuitState.class, CircuitState::toJson, CircuitState::fromJson);
      add(bus, Admission.class, Admission::toJson, Admission::fromJson);
      add(bus, AdmissionRelease.class, AdmissionRelease::toJson, AdmissionRelease::fromJson);
      add(bus, QuotaReset.class, QuotaReset::toJson, QuotaReset::fromJson);
      add(bus, PassThroughCall.class, PassThroughCall::toJson, PassThroughCall::fromJson);
      add(bus, PassThroughPlanRequest.class, PassThroughPlanRequest::toJson, PassThroughPlanRequest::fromJson);
      add(bus, KeyActivity.class, KeyActivity::toJson, KeyActivity::fromJson);
      add(bus, CapturedBodies.class, CapturedBodies::toJson, CapturedBodies::fromJson);
      add(bus, CallReceipt.class, CallReceipt::toJson, CallReceipt::fromJson);
      add(bus, StoredResponse.class, StoredResponse::toJson, StoredResponse::fromJson);
      add(bus, StoredResponseRequest.class, StoredResponseRequest::toJson, StoredResponseRequest::fromJson);
      add(bus, StoredConversation.class, StoredConversation::toJson, StoredConversation::fromJson);
      add(bus, Readiness.class, Readiness::toJson, Readiness::fromJson);
      add(bus, DeploymentCommand.class, DeploymentCommand::toJson, DeploymentCommand::fromJson);
      add(bus, NodeDeployments.class, NodeDeployments::toJson, NodeDeployments::fromJson);
      add(bus, ClusterNodes.class, ClusterNodes::toJson, ClusterNodes::fromJson);
    }
    RequestLog.carryOn(bus);
  }

  private static <T> void add(EventBus bus, Class<T> type, Function<T, JsonObject> toJson,
                              Function<JsonObject, T> fromJson) {
    try {
      bus.registerDefaultCodec(type, new RecordCodec<>(type, toJson, fromJson));
    } catch (IllegalStateException alreadyRegistered) {
      // another verticle on this Vert.x instance registered it first
    }
  }
}
