/** The well-known RDN of the Device Registration Service Connection Point. */
export const SCP_CN = '62a0ff2e-97b9-4513-943f-0d221bd30080';

export function scpContainerDn(configurationNc: string): string {
  return `CN=Device Registration Configuration,CN=Services,${configurationNc}`;
}

export function scpDn(configurationNc: string): string {
  return `CN=${SCP_CN},${scpContainerDn(configurationNc)}`;
}
