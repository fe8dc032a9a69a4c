import Foundation
import GRDB

/// Reads and writes the PZK registry (table `cooperants`) inside the caller's transaction.
enum CooperantStore {
    static func exists(_ db: Database, _ id: String) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS(SELECT 1 FROM cooperants WHERE id = ?)"), arguments: [id]) ?? false
    }

    static func upsert(_ db: Database, _ cooperant: Cooperant, keyring: VaultKeyring, now: Date) throws {
        let details = try JSONEncoder().encode([cooperant.name, cooperant.address, cooperant.contact, cooperant.dpoContact])
        let sealed = try SecretStore.sealRecord(db, String(decoding: details, as: UTF8.self), kind: "cooperant", id: cooperant.id, part: "details", keyring: keyring)
        let time = Timestamp.string(now)
        try db.cachedStatement(sql: """
            INSERT INTO cooperants (id, sector, is_leader, nip, regon, details_sealed, accession_signed, accession_accepted, withdrawn_on, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET sector = excluded.sector, is_leader = excluded.is_leader, nip = excluded.nip,
                regon = excluded.regon, details_sealed = excluded.details_sealed,
                accession_signed = excluded.accession_signed, accession_accepted = excluded.accession_accepted,
                withdrawn_on = excluded.withdrawn_on, updated_at = excluded.updated_at
            """).execute(arguments: [cooperant.id, cooperant.sector, cooperant.isLeader ? 1 : 0, cooperant.nip, cooperant.regon,
                             sealed, cooperant.accessionSigned, cooperant.accessionAccepted, cooperant.withdrawnOn, time, time])
        // Sector and status decide which rules apply to its specialists and whether they hold keys.
        try RecordSealer(db, keyring: keyring).seal(.cooperant(id: cooperant.id), change: true)
    }

    /// The cooperant with its sealed details opened (custodians; others get them empty), or nil.
    static func fetch(_ db: Database, _ id: String, keyring: VaultKeyring?) throws -> Cooperant? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM cooperants WHERE id = ?"), arguments: [id]) else { return nil }
        return try decode(db, row, keyring: keyring)
    }

    static func fetchAll(_ db: Database, keyring: VaultKeyring?) throws -> [Cooperant] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM cooperants ORDER BY is_leader DESC, id")).map { try decode(db, $0, keyring: keyring) }
    }

    /// Whether the cooperant may hold grants today (see ``Cooperant/isActive``), without opening anything.
    /// Whether `id` is the partnership's leader (the OPS), which needs no agreement with itself.
    static func isLeader(_ db: Database, _ id: String) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT is_leader = 1 FROM cooperants WHERE id = ?"),
                          arguments: [id]) ?? false
    }

    static func isActive(_ db: Database, _ id: String) throws -> Bool {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT is_leader, accession_accepted, withdrawn_on FROM cooperants WHERE id = ?"), arguments: [id]) else { return false }
        let withdrawn: String? = row["withdrawn_on"]
        let accepted: String? = row["accession_accepted"]
        let leader: Int64 = row["is_leader"]
        return withdrawn == nil && (leader == 1 || accepted != nil)
    }

    private static func decode(_ db: Database, _ row: Row, keyring: VaultKeyring?) throws -> Cooperant {
        let id: String = row["id"]
        var parts = ["", "", "", ""]
        if let keyring {
            let text = try SecretStore.openRecord(db, row["details_sealed"], kind: "cooperant", id: id, part: "details", keyring: keyring)
            let opened = (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
            for (i, value) in opened.prefix(4).enumerated() { parts[i] = value }
        }
        return Cooperant(id: id, name: parts[0], sector: row["sector"], isLeader: (row["is_leader"] as Int64) == 1, nip: row["nip"], regon: row["regon"],
                         address: parts[1], contact: parts[2], dpoContact: parts[3], accessionSigned: row["accession_signed"],
                         accessionAccepted: row["accession_accepted"], withdrawnOn: row["withdrawn_on"])
    }
}
