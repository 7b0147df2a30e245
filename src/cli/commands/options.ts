/** commander parser for repeatable, comma-separated options (`--only a,b --only c`). */
export function commaList(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];
}
