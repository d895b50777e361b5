/**
 * Evaluated before the X-Ray SDK: shared/observability.ts imports it ahead of the tracer, and ES
 * modules run in import order (in the bundles too).
 *
 * Off Lambda (the twin, the tests, the scripts and benchmarks) the tracer is disabled, yet the SDK
 * would still, as it loads, switch on an async hook that follows every promise of the process;
 * that made a loop of awaits ten times slower here. In manual mode the SDK installs no hook, and a
 * disabled tracer never asks it for a segment. In Lambda (`AWS_EXECUTION_ENV` is set) nothing
 * changes: the tracer needs the automatic mode to find the invocation's segment.
 */
if (!process.env.AWS_EXECUTION_ENV) process.env.AWS_XRAY_MANUAL_MODE ??= 'true';

export {};
