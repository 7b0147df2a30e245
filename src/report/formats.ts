/** The report formats, by name: the keys of the reporter map (src/report/index.ts) and commander's `--format` choices. */
export const REPORT_FORMATS = ['text', 'json', 'html', 'markdown'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
