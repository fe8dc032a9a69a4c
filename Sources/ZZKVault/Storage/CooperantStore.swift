import Foundation
import GRDB

/// Reads and writes the PZK registry (table `cooperants`) inside the caller's transaction.
enum CooperantStore {
    static func exists(_ db: Database, _ id: String) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM cooperants WHERE id = ?)", arguments: [id]) ?? false
    }

    static func upsert(_ db: Database, _ cooperant: Cooperant, keyring: VaultKeyring, now: Date) throws {
        let contacts = try JSONEncoder().encode([cooperant.contact, cooperant.dpoContact])
        let sealed = try SecretStore.sealRecord(db, String(decoding: contacts, as: UTF8.self), kind: "cooperant", id: cooperant.id, part: "contacts", keyring: keyring)
        let time = Timestamp.string(now)
        try db.execute(sql: """
            INSERT INTO cooperants (id, name, sector, is_leader, nip, regon, address, contacts_sealed, accession_signed, accession_accepted, withdrawn_on, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, sector = excluded.sector, is_leader = excluded.is_leader, nip = excluded.nip,
                regon = excluded.regon, address = excluded.address, contacts_sealed = excluded.contacts_sealed,
                accession_signed = excluded.accession_signed, accession_accepted = excluded.accession_accepted,
                withdrawn_on = excluded.withdrawn_on, updated_at = excluded.updated_at
            """, arguments: [cooperant.id, cooperant.name, cooperant.sector, cooperant.isLeader ? 1 : 0, cooperant.nip, cooperant.regon,
                             cooperant.address, sealed, cooperant.accessionSigned, cooperant.accessionAccepted, cooperant.withdrawnOn, time, time])
    }

    /// The cooperant with its contacts opened (custodians), or nil.
    static func fetch(_ db: Database, _ id: String, keyring: VaultKeyring?) throws -> Cooperant? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM cooperants WHERE id = ?", arguments: [id]) else { return nil }
        return try decode(db, row, keyring: keyring)
    }

    static func fetchAll(_ db: Database, keyring: VaultKeyring?) throws -> [Cooperant] {
        try Row.fetchAll(db, sql: "SELECT * FROM cooperants ORDER BY is_leader DESC, id").map { try decode(db, $0, keyring: keyring) }
    }

    /// Whether the cooperant may hold grants today (see ``Cooperant/isActive``), without opening anything.
    static func isActive(_ db: Database, _ id: String) throws -> Bool {
        guard let row = try Row.fetchOne(db, sql: "SELECT is_leader, accession_accepted, withdrawn_on FROM cooperants WHERE id = ?", arguments: [id]) else { return false }
        let withdrawn: String? = row["withdrawn_on"]
        let accepted: String? = row["accession_accepted"]
        let leader: Int64 = row["is_leader"]
        return withdrawn == nil && (leader == 1 || accepted != nil)
    }

    private static func decode(_ db: Database, _ row: Row, keyring: VaultKeyring?) throws -> Cooperant {
        let id: String = row["id"]
        var contact = "", dpo = ""
        if let keyring {
            let text = try SecretStore.openRecord(db, row["contacts_sealed"], kind: "cooperant", id: id, part: "contacts", keyring: keyring)
            let parts = (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
            contact = parts.first ?? ""
            dpo = parts.dropFirst().first ?? ""
        }
        return Cooperant(id: id, name: row["name"], sector: row["sector"], isLeader: (row["is_leader"] as Int64) == 1, nip: row["nip"], regon: row["regon"],
                         address: row["address"], contact: contact, dpoContact: dpo, accessionSigned: row["accession_signed"],
                         accessionAccepted: row["accession_accepted"], withdrawnOn: row["withdrawn_on"])
    }
}
