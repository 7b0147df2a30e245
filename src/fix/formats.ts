/** The remediation plan's output formats (commander's `--format` choices), apart from the renderers so start-up does not load them. */
export const FIX_FORMATS = ['text', 'json', 'ldif', 'powershell', 'reg', 'gpp-xml'] as const;
export type FixFormat = (typeof FIX_FORMATS)[number];
