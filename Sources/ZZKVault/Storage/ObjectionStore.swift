import Foundation
import GRDB

/// Upheld objections (art. 21(1) RODO): while one stands, the person's data are no longer
/// processed for its purposes — reads are refused and grants revoked.
///
/// They are read from the audit log itself (`dsr.close … outcome=objection_upheld
/// purposes=…`), not from a table: the log is hash-chained and signed, so whoever can write
/// the database file cannot delete an upheld objection to get the keys back, as they could a
/// row. A request's purposes are checked against its `dsr.open` entry the same way.
enum ObjectionStore {
    /// The person's upheld objections, oldest first, through `audit_rights_by_person`.
    static let upheld = """
        SELECT time, detail FROM audit_entries WHERE person_id = ? AND \(AuditLog.rightsEntries)
        AND action = 'dsr.close' AND decision = 'allowed' AND instr(detail, ' outcome=objection_upheld ') > 0
        ORDER BY seq
        """

    /// The day the objection of `person` to `purpose` was upheld, or nil.
    static func upheldSince(_ db: Database, person: String, purpose: String) throws -> String? {
        for row in try Row.fetchAll(db.cachedStatement(sql: upheld), arguments: [person])
        where purposes(in: row["detail"]).contains(purpose) {
            return String((row["time"] as String).prefix(10))
        }
        return nil
    }

    /// The purposes an objection named when it was opened, from its `dsr.open` entry.
    static func namedPurposes(_ db: Database, request: String, person: String) throws -> [String] {
        let detail = try String.fetchOne(db.cachedStatement(sql: """
            SELECT detail FROM audit_entries WHERE person_id = ? AND \(AuditLog.rightsEntries)
            AND action = 'dsr.open' AND decision = 'allowed' AND substr(detail, 1, ?) = ? ORDER BY seq LIMIT 1
            """), arguments: [person, "request=\(request) ".count, "request=\(request) "]) ?? ""
        return purposes(in: detail)
    }

    /// The ids of a `purposes=a,b` token of an audit detail.
    static func purposes(in detail: String) -> [String] {
        guard let token = detail.split(separator: " ").first(where: { $0.hasPrefix("purposes=") }) else { return [] }
        return token.dropFirst("purposes=".count).split(separator: ",").map(String.init)
    }
}
