import Foundation
import GRDB

/// The `pzk_records` table (``PZKRecord``); texts sealed with the case-records key.
enum PZKRecordStore {
    static func insert(_ db: Database, _ record: PZKRecord, text: String, keyring: VaultKeyring) throws {
        let sealed = try SecretStore.sealRecord(db, text, kind: "pzk-record", id: record.id, part: "text",
                                                keyring: keyring)
        try db.cachedStatement(sql: """
            INSERT INTO pzk_records (id, kind, on_day, period, cooperant_id, attendees, title, text_sealed, \
            recorded_by, recorded_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                record.id, record.kind.rawValue, record.on, record.period, record.cooperantID,
                String(decoding: try JSONEncoder().encode(record.attendees), as: UTF8.self), record.title, sealed,
                record.recordedBy, record.recordedAt,
            ])
    }

    /// The records, the newest day first, and of one day the last recorded first (by insertion
    /// order: two records of one day can share `recorded_at`'s millisecond); texts opened when
    /// `keyring` is given.
    static func all(_ db: Database, kind: PZKRecord.Kind?, keyring: VaultKeyring?) throws -> [PZKRecord] {
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT * FROM pzk_records WHERE ?1 IS NULL OR kind = ?1 ORDER BY on_day DESC, recorded_at DESC, rowid DESC
            """), arguments: [kind?.rawValue])
        return try rows.map { row in
            let id: String = row["id"]
            let text = try keyring.map {
                try SecretStore.openRecord(db, row["text_sealed"], kind: "pzk-record", id: id, part: "text",
                                           keyring: $0)
            }
            return PZKRecord(
                id: id, kind: PZKRecord.Kind(rawValue: row["kind"]) ?? .meeting, on: row["on_day"],
                period: row["period"], cooperantID: row["cooperant_id"],
                attendees: (try? JSONDecoder().decode([String].self, from: Data((row["attendees"] as String).utf8)))
                    ?? [],
                title: row["title"], text: text, recordedBy: row["recorded_by"], recordedAt: row["recorded_at"])
        }
    }
}
