/**
 * Alarms and the place they are sent. Every alarm of the app is made here, so thresholds and
 * missing-data behaviour are consistent and a reviewer finds them in one file.
 */
import { Duration } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE, type HouseFunction } from './house-function';
import type { StageConfig } from '../stacks/stage';

/**
 * The nightly report job publishes the drift it found (design §6: must be 0) under this name,
 * with Powertools' default `service` dimension.
 */
const DRIFT_METRIC_NAME = 'TotalsDrift';
/** Funds whose drift check could not run that night: no drift figure is not the same as no drift. */
const DRIFT_UNCHECKED_METRIC_NAME = 'TotalsDriftUnchecked';

export interface OperationsProps {
  readonly stage: StageConfig;
}

export class Operations extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];
  private readonly action: actions.SnsAction;
  private readonly stageName: string;
  /** What the dashboard graphs, collected as things are watched. */
  private readonly watched = {
    errors: [] as cloudwatch.IMetric[],
    throttles: [] as cloudwatch.IMetric[],
    iteratorAges: [] as cloudwatch.IMetric[],
    queueDepths: [] as cloudwatch.IMetric[],
    jobs: [] as cloudwatch.IMetric[],
    drift: [] as cloudwatch.IMetric[],
  };

  constructor(scope: Construct, id: string, { stage }: OperationsProps) {
    super(scope, id);
    this.stageName = stage.name;
    const key = new kms.Key(this, 'AlarmTopicKey', {
      description: 'Sổ Vàng alarm notifications',
      enableKeyRotation: true,
      removalPolicy: stage.removalPolicy,
    });
    // CloudWatch publishes to an encrypted topic only if the key lets it; the AWS managed SNS
    // key does not, which is why this topic has a key of its own.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
      }),
    );
    this.topic = new sns.Topic(this, 'AlarmTopic', { masterKey: key, enforceSSL: true, displayName: `Sổ Vàng ${stage.name} alarms` });
    if (stage.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(stage.alarmEmail));
    this.action = new actions.SnsAction(this.topic);
  }

  private add(id: string, props: cloudwatch.AlarmProps): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, props);
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    this.alarms.push(alarm);
    return alarm;
  }

  /**
   * Handlers answer expected failures with problem+json, so the Errors metric counts only
   * crashes and timeouts: one is worth a look. Throttles mean callers were turned away.
   */
  watchFunction(id: string, fn: HouseFunction): void {
    const errors = fn.function.metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM });
    const throttles = fn.function.metricThrottles({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM });
    this.watched.errors.push(errors.with({ label: id }));
    this.watched.throttles.push(throttles.with({ label: id }));
    this.add(`${id}Errors`, {
      alarmDescription: `${fn.serviceName} (${fn.entry}) crashed or timed out`,
      metric: errors,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.add(`${id}Throttles`, {
      alarmDescription: `${fn.serviceName} (${fn.entry}) was throttled`,
      metric: throttles,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }

  /** Totals should trail the journal by seconds; a minute behind for three minutes means the consumer is stuck or starved. */
  watchStreamConsumer(id: string, fn: HouseFunction): void {
    const iteratorAge = new cloudwatch.Metric({
      namespace: 'AWS/Lambda',
      metricName: 'IteratorAge',
      dimensionsMap: { FunctionName: fn.function.functionName },
      statistic: cloudwatch.Stats.MAXIMUM,
      period: Duration.minutes(1),
    });
    this.watched.iteratorAges.push(iteratorAge.with({ label: id }));
    this.add(`${id}IteratorAge`, {
      alarmDescription: `${fn.serviceName}: live totals are falling behind the ledger`,
      metric: iteratorAge,
      threshold: 60_000,
      evaluationPeriods: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }

  /** A message in a dead-letter or on-failure queue is an event the system gave up on: every one needs a human. */
  watchDeadLetters(id: string, queue: sqs.IQueue, what: string): void {
    const depth = queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: cloudwatch.Stats.MAXIMUM });
    this.watched.queueDepths.push(depth.with({ label: id }));
    this.add(`${id}Depth`, {
      alarmDescription: `${what}: messages waiting in ${id}`,
      metric: depth,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }

  /** A scheduled job that silently stops running looks exactly like a quiet night; missing data is a breach. */
  watchScheduledJob(id: string, fn: HouseFunction): void {
    const runs = fn.function.metricInvocations({ period: Duration.days(1), statistic: cloudwatch.Stats.SUM });
    this.watched.jobs.push(runs.with({ label: id }));
    this.add(`${id}NotRunning`, {
      alarmDescription: `${fn.serviceName} has not run in the last 24 hours`,
      metric: runs,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
  }

  /** Totals must equal the journal exactly; any drift the nightly recomputation reports is an incident. */
  watchDrift(id: string, fn: HouseFunction): void {
    const drift = new cloudwatch.Metric({
      namespace: METRICS_NAMESPACE,
      metricName: DRIFT_METRIC_NAME,
      dimensionsMap: { service: fn.serviceName },
      statistic: cloudwatch.Stats.MAXIMUM,
      period: Duration.days(1),
    });
    this.watched.drift.push(drift.with({ label: id }));
    this.add(`${id}Drift`, {
      alarmDescription: 'Totals differ from the sum of the journal (must be 0)',
      metric: drift,
      threshold: 0,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const unchecked = new cloudwatch.Metric({
      namespace: METRICS_NAMESPACE,
      metricName: DRIFT_UNCHECKED_METRIC_NAME,
      dimensionsMap: { service: fn.serviceName },
      statistic: cloudwatch.Stats.SUM,
      period: Duration.days(1),
    });
    this.add(`${id}DriftUnchecked`, {
      alarmDescription: 'The nightly drift check could not run for at least one fund: drift, if any, went unseen',
      metric: unchecked,
      threshold: 0,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }

  /**
   * One page for whoever is on call: is the API answering, is anything crashing or throttled,
   * are totals keeping up, is anything waiting in a dead-letter queue, did the report run.
   */
  addDashboard(api: apigwv2.IHttpApi): cloudwatch.Dashboard {
    const dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `sovang-${this.stageName}`,
      defaultInterval: Duration.hours(24),
    });
    const fiveMinutes = { period: Duration.minutes(5) };
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'API requests and errors',
        left: [api.metricCount({ ...fiveMinutes, statistic: cloudwatch.Stats.SUM, label: 'requests' })],
        right: [
          api.metricClientError({ ...fiveMinutes, statistic: cloudwatch.Stats.SUM, label: '4xx' }),
          api.metricServerError({ ...fiveMinutes, statistic: cloudwatch.Stats.SUM, label: '5xx' }),
        ],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'API latency',
        left: [
          api.metricLatency({ ...fiveMinutes, statistic: cloudwatch.Stats.p(50), label: 'p50' }),
          api.metricLatency({ ...fiveMinutes, statistic: cloudwatch.Stats.p(95), label: 'p95' }),
          api.metricLatency({ ...fiveMinutes, statistic: cloudwatch.Stats.p(99), label: 'p99' }),
        ],
        width: 12,
      }),
    );
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({ title: 'Function errors', left: this.watched.errors, width: 12, legendPosition: cloudwatch.LegendPosition.RIGHT }),
      new cloudwatch.GraphWidget({ title: 'Function throttles', left: this.watched.throttles, width: 12, legendPosition: cloudwatch.LegendPosition.RIGHT }),
    );
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({ title: 'Stream iterator age (ms)', left: this.watched.iteratorAges, width: 8 }),
      new cloudwatch.GraphWidget({ title: 'Dead-letter and on-failure queues', left: this.watched.queueDepths, width: 8 }),
      new cloudwatch.GraphWidget({ title: 'Scheduled runs and totals drift', left: this.watched.jobs, right: this.watched.drift, width: 8 }),
    );
    dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24, height: Math.min(12, 2 + Math.ceil(this.alarms.length / 4)) }),
    );
    return dashboard;
  }
}
