# Creates the bench OUs and one template computer through Samba's own stack (SamDB, offline).
#   /usr/bin/python3 bench/computers-ous.py <smb.conf> <sam.ldb> <json: {"ous": [DN...], "template": {...}}>
import base64, json, sys
import ldb
from samba.auth import system_session
from samba.param import LoadParm
from samba.samdb import SamDB

smbconf, samldb, spec = sys.argv[1:4]
lp = LoadParm()
lp.load(smbconf)
db = SamDB(url=samldb, session_info=system_session(), lp=lp)
s = json.load(open(spec))
for dn in s['ous']:
    try:
        db.add({'dn': dn, 'objectClass': 'organizationalUnit'})
    except ldb.LdbError as e:
        if e.args[0] != ldb.ERR_ENTRY_ALREADY_EXISTS:
            raise
t = s['template']
db.add({'dn': t['dn'], 'objectClass': 'computer', 'sAMAccountName': t['name'] + '$', 'userAccountControl': '4096',
        'operatingSystem': 'Windows 10 Enterprise', 'operatingSystemVersion': '10.0 (19045)', 'dNSHostName': t['dns']})
