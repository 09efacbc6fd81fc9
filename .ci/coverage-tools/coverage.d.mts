// Types for coverage.mjs (plain JavaScript, so that `npm test` runs on Node without a TS loader). The
// coverage maps are istanbul-lib-coverage's; only what the callers use is declared.

export interface FileCoverage {
  /** Hits per line number (a line's highest statement count). */
  getLineCoverage(): Record<number, number>;
  toSummary(): { lines: { total: number; covered: number; pct: number } };
  toJSON(): Record<string, unknown>;
}

export interface CoverageMap {
  merge(other: CoverageMap | Record<string, unknown>): void;
  files(): string[];
  fileCoverageFor(file: string): FileCoverage;
}

export interface Row {
  folder: string;
  covered: number;
  total: number;
  pct: number;
}

export interface FolderLines {
  rows: Row[];
  total: Row;
  /** The files counted (absolute paths). */
  files: Set<string>;
}

export function emptyCoverage(): CoverageMap;
export function readVitestCoverage(file: string): CoverageMap;
export function childProcessCoverage(
  dir: string,
  root: string,
): Promise<{ map: CoverageMap; processes: number; scripts: number }>;
export function rendererCoverage(
  dir: string,
  buildDir: string,
  builtIn: string,
): Promise<{ map: CoverageMap; pages: number } | { error: string }>;
export function linesByFolder(map: CoverageMap, root: string, area: string, order?: string[]): FolderLines;
export function unlistedSources(root: string, folder: string, listed: Set<string>): string[];
export function formatTable(
  title: string,
  result: Pick<FolderLines, 'rows' | 'total'>,
  before?: Pick<FolderLines, 'rows' | 'total'>,
): string;
