/** The public library API of Evolve Orchestrator. */
export { TaskOrchestrator, type OrchestratorOptions } from './engine/orchestrator.js';
export { LEASE_TTL_MS } from './engine/scheduler-lease.js';
export type { SystemStatus, TaskStatus, RunSummary } from './engine/status.js';
export type { WhyReport } from './engine/why.js';
export type { EngineEvents, EngineEventName } from './engine/events.js';
export type { Agent, AgentContext, AgentLike } from './agents/agent.js';
export type { Condition, ConditionContext } from './conditions/condition-registry.js';
export { loadConfig, parseConfig, defaultConfig } from './config/load-config.js';
export type { TaskDefinition } from './config/task-definition.js';
export type { ResolvedConfig } from './config/types.js';
export { TaskType, Priority, type TaskConfig, type Schedule } from './model/task.js';
export { RunStatus, type Run, type Trigger } from './model/run.js';
export type { TaskName, RunId } from './model/ids.js';
export { EvolveError, ConfigError, type ConfigIssue, type ErrorCode } from './errors.js';
export { systemClock, type Clock } from './clock.js';
export type { Store, RunLog, RunLogLine, RunLogLevel, StoredRunLogLine } from './store/store.js';
export { RUN_LOG_MAX_LINES, RUN_LOG_MAX_LINE_BYTES } from './store/run-log-limits.js';
export { SqliteStore } from './store/sqlite/sqlite-store.js';
