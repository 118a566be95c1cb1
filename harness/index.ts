/**
 * badgateway as a library: the one entry point of the package (`import … from 'badgateway'`).
 * Run a scenario (a file, a folder, or an object) for real and get its typed result, or start
 * one variant's environment and drive it from a test. Documented in docs/library.md.
 */
import { packageVersion } from './package-root.js';

export { runScenario, type RunScenarioOptions, type ScenarioRun } from './api/run-scenario.js';
export { startEnvironment, type StartEnvironmentOptions } from './api/start-environment.js';
export type { BackendAction, NginxLogs, ScenarioEnvironment } from './api/scenario-environment.js';
export type { ScenarioInput, ScenarioSource, SourceOptions } from './api/scenario-input.js';
export { RunInterrupted } from './run-interrupted.js';
export { mergeReports, type MergeInput } from './report/merge-reports.js';
export { writeReports, REPORT_FORMATS, type ReportFormat } from './report/write-reports.js';
export { summarizeErrorLog, parseErrorLogLine } from './nginx/parse-error-log.js';
export { SIGNATURES, UNKNOWN_SIGNATURE, type Signature, type SignatureLevel } from './nginx/signatures.js';
export {
  BadgatewayError, ScenarioError, UsageError, DockerUnavailableError, ImageMissingError, PortInUseError,
  NginxConfigError, RuntimeStartError, StaleNetworkError, type ErrorKind,
} from './errors.js';
export type { RunReport, RunSummary, VariantResult, VariantOutcome, VariantError, HostFacts, ShardFacts, MergedReport } from './report/run-report.js';
export type { Verdict, VerdictSource } from './expect/verdict.js';
export type { Observation, ContainerFacts, ErrorLogSummary, ErrorLogLine, AccessLogSummary } from './observe/observation.js';
export type { Flake } from './matrix/flakes.js';
export type { Images } from './config/images.js';

/** This package's version, e.g. "0.1.0". */
export const VERSION: string = packageVersion();
