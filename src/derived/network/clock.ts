/** Seconds between a server Date header and the host clock when the headers arrived (positive: server ahead). */
export function httpSkewSeconds(date: string | undefined, headersAt: string | undefined): number | undefined {
  if (!date || !headersAt) return undefined;
  const server = Date.parse(date);
  const local = Date.parse(headersAt);
  if (Number.isNaN(server) || Number.isNaN(local)) return undefined;
  // Date has one-second resolution: up to a second of difference is no skew.
  const diff = (server - local) / 1000;
  return Math.abs(diff) <= 1 ? 0 : Math.round(diff);
}
