import { BerWriter, Control } from 'ldapts';

export const OWNER_SECURITY_INFORMATION = 0x1;
export const GROUP_SECURITY_INFORMATION = 0x2;
export const DACL_SECURITY_INFORMATION = 0x4;
export const SACL_SECURITY_INFORMATION = 0x8;

/**
 * LDAP_SERVER_SD_FLAGS_OID (1.2.840.113556.1.4.801). controlValue is BER SEQUENCE { INTEGER flags }.
 * With DACL_SECURITY_INFORMATION (4) a reader gets only the DACL of nTSecurityDescriptor (no SACL,
 * so no SeSecurityPrivilege is needed); on a modify it limits which SD parts are replaced.
 */
export class SdFlagsControl extends Control {
  static readonly type = '1.2.840.113556.1.4.801';
  readonly flags: number;

  constructor(flags: number = DACL_SECURITY_INFORMATION, critical = false) {
    super(SdFlagsControl.type, { critical });
    this.flags = flags;
  }

  protected override writeControl(writer: BerWriter): void {
    const value = new BerWriter();
    value.startSequence();
    value.writeInt(this.flags);
    value.endSequence();
    writer.writeBuffer(value.buffer, 0x04); // OCTET STRING wrapping the BER value
  }
}
