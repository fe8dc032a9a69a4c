import Foundation
import GRDB

extension Session {
    /// The answer to portability request `id` (art. 20): every field the OPS recorded for a
    /// purpose resting on consent and still holds, read for `data_subject_rights` (audited),
    /// with labels, as structured data. Fields recorded only under a legal obligation or a
    /// public task are not portable (art. 20(3)).
    public func portableData(_ id: String) throws(VaultError) -> PortableData {
        try checkRequestID(id)
        try requireRole([.socialWorker], operation: "prepare portability answers", action: "dsr.export", hint: Self.dsrHint)
        let keyring = try requireKeyring("prepare portability answers")
        let request = try requestRecord(id)
        guard request.kind == .portability else {
            throw .invalidArgument(name: "request", reason: "\(id) is a \(request.kind.rawValue) request; this answers portability requests (art. 20)")
        }
        let person = request.personID
        let purposes = vault.purposes
        let (fields, consents) = try vault.read { db in
            let writes = try self.openedEntries(db, where: "person_id = ? AND action IN ('person.create', 'person.update', 'dsr.rectify') AND decision = 'allowed'",
                                          [person])
            let written = Set(writes.filter { $0.purpose.flatMap { purposes.purpose($0) }?.restsOnConsent == true }.flatMap(\.fields))
            var store = vault.personStore(db, keyring: keyring)
            let held = Set(try store.storedFieldIDs(person: person))
            return (written.intersection(held).sorted(), try ConsentStore.ids(db, person: person))
        }
        let data = fields.isEmpty ? [:] : try showPerson(person, fields: fields, purpose: "data_subject_rights").fields
        let catalog = vault.catalog
        let answer = PortableData(format: "zzk-portable-data/1", requestID: id, personID: person, generatedOn: vault.clock.today, consents: consents,
                                  data: data, labels: Dictionary(uniqueKeysWithValues: data.keys.compactMap { id in catalog.field(id).map { (id, $0.label) } }))
        try vault.write(keyring: keyring) { db, audit in
            try audit.append(AuditDraft(actor: user.login, action: "dsr.export", personID: person,
                                        detail: "request=\(id) portable=1 fields=\(data.count)"), in: db)
        }
        return answer
    }
}
