import GRDB

/// Where an interrupted full rotation stands, read from the signed log: the last
/// `keys.rotate.progress` entry, unless a `keys.rotate` entry (a finished rotation) came after it.
struct RotationProgress {
    /// The audit action of one committed page of a full rotation.
    static let action = "keys.rotate.progress"

    /// The last person id whose data keys were replaced.
    var after: String
    /// Data keys replaced so far by this rotation.
    var replaced: Int

    /// The progress of a full rotation begun and not finished, or nil. A custodian disabled
    /// after the rotation began may have saved the data keys its first pages made (wrapped under
    /// the vault key they held): then the rotation starts over instead of resuming.
    static func pending(_ db: Database) throws -> RotationProgress? {
        let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT action, detail FROM audit_entries INDEXED BY audit_unfiled_by_action
            WHERE person_id IS NULL AND action IN ('keys.rotate', '\(action)') AND decision = 'allowed'
            ORDER BY seq DESC LIMIT 1
            """))
        guard let row, row["action"] as String == action else { return nil }
        // The rotation began at its first progress entry after the last finished rotation.
        let disabledSince = try Bool.fetchOne(db.cachedStatement(sql: """
            WITH finished AS (
                SELECT COALESCE(MAX(seq), 0) AS seq FROM audit_entries
                WHERE person_id IS NULL AND action = 'keys.rotate' AND decision = 'allowed'),
            began AS (
                SELECT MIN(seq) AS seq FROM audit_entries
                WHERE person_id IS NULL AND action = '\(action)' AND decision = 'allowed' AND seq > (SELECT seq FROM finished))
            SELECT EXISTS (SELECT 1 FROM audit_entries
                           WHERE person_id IS NULL AND action = 'user.disable' AND decision = 'allowed'
                           AND seq > (SELECT seq FROM began))
            """)) ?? false
        guard !disabledSince else { return nil }
        let words = (row["detail"] as String).split(separator: " ")
        func value(_ key: String) -> String? {
            words.first { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)) }
        }
        guard let after = value("after"), let replaced = value("data_keys_replaced").flatMap({ Int($0) }) else { return nil }
        return RotationProgress(after: after, replaced: replaced)
    }
}
