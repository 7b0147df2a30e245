/**
 * Every secret the process has read (bind passwords, proxy credentials) is registered here, and
 * everything the tool writes (reports, bundles, error lines) passes through `redactSecrets`, as a
 * last line of defence behind the rule that secrets never enter artifacts or messages.
 */
const secrets = new Set<string>();

export function registerSecret(value: string | undefined): void {
  // Very short values would redact ordinary text; they are still never written on purpose.
  if (value && value.length >= 4) secrets.add(value);
}

export function redactSecrets(text: string): string {
  let out = text;
  for (const s of secrets) {
    if (out.includes(s)) out = out.split(s).join('[redacted]');
    const encoded = encodeURIComponent(s);
    if (encoded !== s && out.includes(encoded)) out = out.split(encoded).join('[redacted]');
  }
  return out;
}
