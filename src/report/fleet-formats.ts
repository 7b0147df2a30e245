/** The fleet-summary formats, by name: the keys of the fleet reporter map (src/report/fleet.ts) and `dsregcmd summarize --format`'s choices. */
export const FLEET_FORMATS = ['text', 'json', 'csv', 'html', 'markdown'] as const;
export type FleetFormat = (typeof FLEET_FORMATS)[number];
