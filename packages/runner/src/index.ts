export type { SchedulerRuntime, OpenSchedulerOptions } from './boot/open-scheduler.js';
export { openScheduler } from './boot/open-scheduler.js';
export { EMBEDDED_DATABASE, embeddedDefaults } from './boot/embedded-defaults.js';
export { whenMissing } from './boot/when-missing.js';

export { CONFIG_FILE_NAMES, findConfigFile } from './config/find-config-file.js';
export type { LoadedConfig } from './config/load-config.js';
export { loadConfig } from './config/load-config.js';
export { typescriptImporter } from './config/typescript-importer.js';

export type { HeartbeatOptions, HeartbeatReport } from './heartbeat/heartbeat.js';
export { runHeartbeat } from './heartbeat/heartbeat.js';
export type { DueSlot } from './heartbeat/select-due-slots.js';
export { selectDueMinuteSlots, selectDueSecondSlots } from './heartbeat/select-due-slots.js';

export type { CapturedOutput, OutputCaptureOptions, OutputStream } from './output/output-capture.js';
export { OutputCapture } from './output/output-capture.js';
export { TailBuffer } from './output/tail-buffer.js';

export type { SpecContext } from './process/build-process-spec.js';
export { buildProcessSpec, childEntryPath, commandRunEnv, nodeRunEnv, warmChildEntryPath, warmChildSpec } from './process/build-process-spec.js';
export { CHILD_ENV, parsePayload } from './process/child-environment.js';
export type { ExecuteOptions, ExecuteSource, ExecutionOutcome, StopCause, SupervisionOptions } from './process/execute-process.js';
export { executeProcess } from './process/execute-process.js';
export { isGroupAlive, killGroup } from './process/kill-group.js';
export type { PrespawnedChild } from './process/prespawned-child.js';
export type { ProcessSpec } from './process/process-spec.js';
export type { WarmAssignment } from './process/warm-protocol.js';
export { nodeAssignment } from './process/warm-protocol.js';
export { WARM_SHELL_END, fitsWarmShell, runsInWarmShell, shellAssignment, warmShellSpec } from './process/warm-shell.js';

export type { WarmPoolOptions, WarmRun } from './warm/warm-pool.js';
export { WarmPool } from './warm/warm-pool.js';
export { DEFAULT_WARM_CHILDREN, WARM_CHILDREN_ENV, resolveWarmChildren } from './warm/resolve-warm-children.js';

export type { RunOutcome, RunRequest } from './run/run-outcome.js';
export type { RunTaskNowOptions } from './run/run-task-now.js';
export { runTaskNow } from './run/run-task-now.js';
export type { TaskRunnerDependencies } from './run/task-runner.js';
export { TaskRunner } from './run/task-runner.js';

export type { RunningProcess } from './state/running-registry.js';
export { RunningRegistry } from './state/running-registry.js';
export type { TaskState, TaskStatus } from './state/task-state.js';
export { emptyTaskState } from './state/task-state.js';
export { TaskStateStore } from './state/task-state-store.js';

export type { DaemonOptions, DaemonReport } from './daemon/daemon.js';
export { Daemon } from './daemon/daemon.js';
export { MinHeap } from './daemon/min-heap.js';
export type { PushedRunDispatcherOptions } from './daemon/pushed-run-dispatcher.js';
export { PushedRunDispatcher } from './daemon/pushed-run-dispatcher.js';
export type { MissedSlots, PulsePlan } from './daemon/slot-planner.js';
export { SlotPlanner } from './daemon/slot-planner.js';

export { InterruptRefusedError } from './errors/interrupt-refused-error.js';
export type { InterruptOptions, InterruptReport } from './interrupt/interrupt-run.js';
export { interruptRun } from './interrupt/interrupt-run.js';
export { InterruptRequests } from './state/interrupt-requests.js';

export type { Pusher } from './push/push-run.js';
export { createPusher, pushRun } from './push/push-run.js';

export type { ManifestDiscoveryOptions, ManifestDiscoveryOutcome } from './manifest/manifest-discovery.js';
export { clearManifest, manifestDiscovery } from './manifest/manifest-discovery.js';
export { buildManifest } from './manifest/build-manifest.js';
export { ManifestStore } from './manifest/manifest-store.js';
export { restoreManifestTasks } from './manifest/restore-manifest-tasks.js';
export type { FileStamp, SourceFingerprint } from './manifest/source-fingerprint.js';
export { fingerprintDifference, fingerprintSources } from './manifest/source-fingerprint.js';
export type { ManifestTaskEntry, TaskManifest } from './manifest/task-manifest.js';
export { MANIFEST_KEY, MANIFEST_VERSION } from './manifest/task-manifest.js';

// Lock-key helpers re-exported for the CLI (it depends on core and runner only).
export { OVERLAP_LOCK_PREFIX, decodeKeyPart, overlapLockKey } from '@monkeyslegion/scheduler-locks';
