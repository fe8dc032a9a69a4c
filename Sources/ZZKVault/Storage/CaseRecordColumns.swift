import Foundation
import GRDB
import SodiumKit

/// Every column sealed with the `case-records` secret (``SecretStore/sealRecord(_:_:kind:id:part:keyring:)``),
/// with the row key and the `kind`/`part` its associated data names, so a full rotation can
/// re-seal them all under a new secret.
enum CaseRecordColumns {
    struct Column {
        var table: String
        var idColumn: String
        var column: String
        var kind: String
        var part: String
    }

    static let all: [Column] = [
        Column(table: "notices", idColumn: "id", column: "delivered_text_sealed", kind: "notice", part: "delivered"),
        Column(table: "notices", idColumn: "id", column: "exemption_sealed", kind: "notice", part: "exemption"),
        Column(table: "consents", idColumn: "id", column: "details_sealed", kind: "consent", part: "details"),
        Column(table: "consents", idColumn: "id", column: "evidence_sealed", kind: "consent", part: "evidence"),
        Column(table: "cooperants", idColumn: "id", column: "details_sealed", kind: "cooperant", part: "details"),
        Column(table: "break_glass", idColumn: "audit_seq", column: "reason_sealed", kind: "break-glass",
               part: "reason"),
        Column(table: "dsr_requests", idColumn: "id", column: "extension_reason_sealed", kind: "dsr",
               part: "extension"),
        Column(table: "dsr_requests", idColumn: "id", column: "reasoning_sealed", kind: "dsr", part: "reasoning"),
        Column(table: "services", idColumn: "id", column: "contact_sealed", kind: "service", part: "contact"),
        Column(table: "team_requests", idColumn: "id", column: "reason_sealed", kind: "request", part: "reason"),
        Column(table: "users", idColumn: "login", column: "disabled_reason_sealed", kind: "user",
               part: "disable-reason"),
        Column(table: "authorisations", idColumn: "login", column: "signatory_sealed", kind: "authorisation",
               part: "signatory"),
        Column(table: "pzk_records", idColumn: "id", column: "text_sealed", kind: "pzk-record", part: "text"),
        Column(table: "retention_disposals", idColumn: "id", column: "approved_by_sealed", kind: "disposal",
               part: "approver"),
    ]

    /// Opens every sealed value under `old` and seals it again under `new`; returns how many.
    /// An empty value (an erased request reason) stays empty.
    static func reseal(_ db: Database, from old: SecureBytes, to new: SecureBytes) throws -> Int {
        var count = 0
        for column in all {
            let rows = try Row.fetchAll(db, sql: """
                SELECT CAST(\(column.idColumn) AS TEXT) AS id, \(column.column) AS sealed FROM \(column.table)
                WHERE \(column.column) IS NOT NULL AND length(\(column.column)) > 0
                """)
            for row in rows {
                let id: String = row["id"]
                let associated = AssociatedData.record(kind: column.kind, id: id, part: column.part)
                guard let message = try? XChaCha20Poly1305.SealedMessage(combined: Array(row["sealed"] as Data)),
                      let bytes = try? XChaCha20Poly1305.open(message, key: old, associatedData: associated) else {
                    throw VaultError.integrityFailure(object: "\(column.kind) \(id) (\(column.part))",
                                                      detail: "it does not open with the case-records key; "
                                                          + "the rotation stopped and nothing changed")
                }
                let sealed = try XChaCha20Poly1305.seal(bytes, key: new, associatedData: associated).combined
                try db.execute(sql: "UPDATE \(column.table) SET \(column.column) = ? WHERE \(column.idColumn) = ?",
                               arguments: [Data(sealed), row["id"] as String])
                count += 1
            }
        }
        return count
    }
}
