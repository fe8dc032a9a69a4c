import Foundation
import GRDB
import SodiumKit

/// Reads and writes consent records (table `consents`) inside the caller's transaction.
enum ConsentStore {
    static func insert(_ db: Database, _ consent: Consent, evidence: [UInt8]?, noticesDelivered: Bool, keyring: VaultKeyring) throws {
        let details = try JSONEncoder().encode([consent.representative ?? "", consent.childView ?? ""])
        let sealed = try SecretStore.sealRecord(db, String(decoding: details, as: UTF8.self), kind: "consent", id: consent.id, part: "details", keyring: keyring)
        let sealedEvidence = try evidence.map { try SecretStore.sealRecord(db, bytes: $0, kind: "consent", id: consent.id, part: "evidence", keyring: keyring) }
        func json(_ list: [String]) -> String { String(decoding: (try? JSONEncoder().encode(list)) ?? Data("[]".utf8), as: UTF8.self) }
        try db.cachedStatement(sql: """
            INSERT INTO consents (id, person_id, given_by, details_sealed, cooperants, categories, purposes, explicit, form, text_version, text_sha256,
                evidence_sha256, evidence_sealed, valid_from, valid_until, recorded_by, recorded_at, notices_delivered)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [consent.id, consent.personID, consent.givenBy.rawValue, sealed, json(consent.cooperants), json(consent.categories),
                             json(consent.purposes), consent.explicit ? 1 : 0, consent.form.rawValue, consent.textVersion, consent.textSHA256,
                             consent.evidenceSHA256, sealedEvidence, consent.validFrom, consent.validUntil, consent.recordedBy,
                             Timestamp.string(consent.recordedAt), noticesDelivered ? 1 : 0])
    }

    /// The ids of `person`'s consents, in id order.
    static func ids(_ db: Database, person: String) throws -> [String] {
        try String.fetchAll(db.cachedStatement(sql: "SELECT id FROM consents WHERE person_id = ? ORDER BY id"), arguments: [person])
    }

    /// The ids of `person`'s consents not withdrawn and not expired on `day`.
    static func inForce(_ db: Database, person: String, on day: String) throws -> [String] {
        try String.fetchAll(db.cachedStatement(sql: """
            SELECT id FROM consents WHERE person_id = ? AND withdrawn_on IS NULL AND (valid_until IS NULL OR valid_until >= ?) ORDER BY id
            """), arguments: [person, day])
    }

    /// The earliest recorded consent of `person` in force on `day` that names `purpose`.
    static func covering(_ db: Database, person: String, purpose: String, on day: String) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: """
            SELECT id FROM consents c WHERE c.person_id = ? AND c.withdrawn_on IS NULL AND c.valid_from <= ?
            AND (c.valid_until IS NULL OR c.valid_until >= ?)
            AND EXISTS(SELECT 1 FROM json_each(c.purposes) WHERE value = ?) ORDER BY c.recorded_at LIMIT 1
            """), arguments: [person, day, day, purpose])
    }

    static func fetch(_ db: Database, _ id: String, keyring: VaultKeyring) throws -> Consent? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM consents WHERE id = ?"), arguments: [id]).map { try decode(db, $0, keyring: keyring) }
    }

    static func fetchAll(_ db: Database, person: String?, keyring: VaultKeyring?) throws -> [Consent] {
        let rows = person == nil
            ? try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM consents ORDER BY recorded_at, id"))
            : try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM consents WHERE person_id = ? ORDER BY recorded_at, id"), arguments: [person])
        return try rows.map { try decode(db, $0, keyring: keyring) }
    }

    /// The consent's evidence scan, opened and checked against its recorded SHA-256; nil when
    /// none was stored or the person's data was erased (art. 17). A scan that does not open, does
    /// not match its hash, or is missing while its hash is recorded is an integrity failure.
    static func evidence(_ db: Database, _ id: String, keyring: VaultKeyring) throws -> [UInt8]? {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT c.evidence_sha256, c.evidence_sealed, c.proof_disposed_on, p.erased_on
            FROM consents c LEFT JOIN persons p ON p.id = c.person_id WHERE c.id = ?
            """, arguments: [id]) else { return nil }
        let object = "consent \(id) (evidence)"
        let recorded: String? = row["evidence_sha256"]
        let sealed: Data? = row["evidence_sealed"]
        // Erased (art. 17), or its proof destroyed when its retention ran out: the row's seal covers
        // that mark, so one set in the file to hide a deleted scan is an integrity failure.
        let disposed = (row["proof_disposed_on"] as String?) != nil
        if disposed { try RecordSealer(db, keyring: keyring).verify(.consent(id: id)) }
        let erased = (row["erased_on"] as String?) != nil || disposed
        switch (recorded, sealed) {
        case (nil, nil):
            return nil
        case (.some, nil):
            if erased { return nil }
            throw VaultError.integrityFailure(object: object, detail: "the scan is missing although its SHA-256 was recorded (deleted outside the vault)")
        case (nil, .some):
            throw VaultError.integrityFailure(object: object, detail: "a scan is stored but no SHA-256 was recorded for it")
        case let (.some(hash), .some(sealed)):
            let bytes = try SecretStore.openRecordBytes(db, sealed, kind: "consent", id: id, part: "evidence", keyring: keyring)
            guard Hex.encode(SHA256.hash(bytes)) == hash else {
                throw VaultError.integrityFailure(object: object, detail: "the scan does not match the SHA-256 recorded with the consent")
            }
            return bytes
        }
    }

    /// Without a keyring (the IOD) the sealed details — the representative and the child's own
    /// view, which are case data — stay closed; the record's scope, dates and hashes are read.
    private static func decode(_ db: Database, _ row: Row, keyring: VaultKeyring?) throws -> Consent {
        let id: String = row["id"]
        let sealedDetails: Data = row["details_sealed"]
        // Emptied when the person's data was erased (art. 17): the consent's dates and scope stay as proof.
        let details = sealedDetails.isEmpty || keyring == nil
            ? "[]" : try SecretStore.openRecord(db, sealedDetails, kind: "consent", id: id, part: "details", keyring: keyring!)
        let parts = (try? JSONDecoder().decode([String].self, from: Data(details.utf8))) ?? []
        func list(_ column: String) -> [String] { (try? JSONDecoder().decode([String].self, from: Data((row[column] as String).utf8))) ?? [] }
        return Consent(
            id: id, personID: row["person_id"], givenBy: Consent.GivenBy(rawValue: row["given_by"]) ?? .person,
            representative: parts.first.flatMap { $0.isEmpty ? nil : $0 }, childView: parts.dropFirst().first.flatMap { $0.isEmpty ? nil : $0 },
            cooperants: list("cooperants"), categories: list("categories"), purposes: list("purposes"), explicit: (row["explicit"] as Int64) == 1,
            form: Consent.Form(rawValue: row["form"]) ?? .written, textVersion: row["text_version"], textSHA256: row["text_sha256"],
            evidenceSHA256: row["evidence_sha256"], validFrom: row["valid_from"], validUntil: row["valid_until"], recordedBy: row["recorded_by"],
            recordedAt: Timestamp.date(row["recorded_at"]) ?? Date(timeIntervalSince1970: 0), withdrawnOn: row["withdrawn_on"], withdrawnVia: row["withdrawn_via"])
    }
}
