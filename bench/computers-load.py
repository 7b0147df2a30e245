# Offline bulk load of computer objects into a stopped Samba DC's domain partition (bench/computers.mjs).
# samba-tool / SamDB adds cost ~10 ms each and grow with the database (hours for 50,000); this clones a real
# computer record that Samba itself created (every attribute the DC stores: objectCategory, security
# descriptor, metadata), changes what identifies it, adds the clones with the partition's indexes switched
# off, and lets ldb rebuild the indexes once at commit.
#
#   /usr/bin/python3 bench/computers-load.py <partition.ldb> <template sAMAccountName> <records.jsonl>
import base64, json, struct, sys, time
import ldb

part, template_sam, jsonl = sys.argv[1:4]
db = ldb.Ldb(url='tdb://' + part, flags=0, options=['modules:'])
tmpl = db.search(base=None, expression='(sAMAccountName=%s)' % template_sam, scope=ldb.SCOPE_SUBTREE)[0]
sid_prefix = bytes(tmpl['objectSid'][0])[:-4]
OWN = ('dn', 'userCertificate', 'lastLogonTimestamp', 'operatingSystem', 'operatingSystemVersion')
started = time.time()
count = 0
db.transaction_start()
try:
    idx = db.search(base='@INDEXLIST', scope=ldb.SCOPE_BASE)[0]
    saved = {k: [bytes(x) for x in idx[k]] for k in ('@IDXATTR', '@IDXONE') if k in idx}
    off = ldb.Message(ldb.Dn(db, '@INDEXLIST'))
    for k in saved:
        off[k] = ldb.MessageElement([], ldb.FLAG_MOD_DELETE, k)
    db.modify(off)
    for line in open(jsonl):
        c = json.loads(line)
        dn = 'CN=%s,%s' % (c['name'], c['parent'])
        m = ldb.Message(ldb.Dn(db, dn))
        for k in tmpl.keys():
            if k not in OWN:
                m[k] = ldb.MessageElement([bytes(x) for x in tmpl[k]], ldb.FLAG_MOD_ADD, k)
        def put(k, vals):
            m[k] = ldb.MessageElement(vals, ldb.FLAG_MOD_ADD, k)
        put('cn', [c['name'].encode()])
        put('name', [c['name'].encode()])
        put('sAMAccountName', [(c['name'] + '$').encode()])
        put('distinguishedName', [dn.encode()])
        put('objectGUID', [base64.b64decode(c['guid'])])
        put('objectSid', [sid_prefix + struct.pack('<I', c['rid'])])
        put('dNSHostName', [c['dns'].encode()])
        put('userAccountControl', [str(c['uac']).encode()])
        for key, attr in (('os', 'operatingSystem'), ('osv', 'operatingSystemVersion'), ('lastLogon', 'lastLogonTimestamp')):
            if c.get(key):
                put(attr, [c[key].encode()])
        if c.get('certs'):
            put('userCertificate', [base64.b64decode(x) for x in c['certs']])
        db.add(m)
        count += 1
    on = ldb.Message(ldb.Dn(db, '@INDEXLIST'))
    for k, v in saved.items():
        on[k] = ldb.MessageElement(v, ldb.FLAG_MOD_REPLACE, k)
    db.modify(on)
    db.transaction_commit()
except Exception:
    db.transaction_cancel()
    raise
print('loaded %d computers in %.1f s' % (count, time.time() - started), file=sys.stderr)
