import { BerWriter, Control } from 'ldapts';

/**
 * LDAP_SERVER_EXTENDED_DN_OID (1.2.840.113556.1.4.529): DN-valued attributes come back as
 * `<GUID=…>;<SID=…>;DN`. Value SEQUENCE { INTEGER 1 } asks for the string forms (S-1-5-…).
 */
export class ExtendedDnControl extends Control {
  static readonly OID = '1.2.840.113556.1.4.529';

  constructor() {
    super(ExtendedDnControl.OID, { critical: false });
  }

  protected override writeControl(writer: BerWriter): void {
    const value = new BerWriter();
    value.startSequence();
    value.writeInt(1);
    value.endSequence();
    writer.writeBuffer(value.buffer, 0x04);
  }
}
