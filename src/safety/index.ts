export { scan, scanAsync } from './scan.js';
export type { AllowedGlobal, Finding, FindingKind, GlobalNames, ScanFailure, ScanOptions, ScanReport, Severity, Verdict } from './report.js';
export type { CodeSummary } from './code-objects/code-summary.js';
export { NUMPY_GLOBALS, TORCH_GLOBALS, STANDARD_GLOBALS, type GlobalPair } from './allowlist.js';
