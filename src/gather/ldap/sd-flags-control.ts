import { BerWriter, Control } from 'ldapts';

/** DACL_SECURITY_INFORMATION: ask only for the DACL, which a reader with READ_CONTROL may see. */
export const DACL_SECURITY_INFORMATION = 0x4;

/**
 * LDAP_SERVER_SD_FLAGS_OID (1.2.840.113556.1.4.801): selects which parts of nTSecurityDescriptor
 * the server returns. Value: SEQUENCE { INTEGER flags }.
 */
export class SdFlagsControl extends Control {
  static readonly OID = '1.2.840.113556.1.4.801';

  constructor(private readonly flags: number = DACL_SECURITY_INFORMATION) {
    super(SdFlagsControl.OID, { critical: false });
  }

  protected override writeControl(writer: BerWriter): void {
    const value = new BerWriter();
    value.startSequence();
    value.writeInt(this.flags);
    value.endSequence();
    writer.writeBuffer(value.buffer, 0x04);
  }
}
