/**
 * `ResolvedConfig` is declared in export/exporter.ts, beside the exporter factory and context it
 * refers to and that refer to it; this module keeps the import path of the config modules.
 */
export type { ResolvedConfig } from '../export/exporter.js';
