import Foundation
import GRDB

/// Cooperants' notice parameters (table `notice_parameters`), one row per version. Each
/// version's digest is in the `cooperant.notice` audit entry that set it; reading checks it.
enum NoticeParameterStore {
    static func insert(_ db: Database, cooperant: String, _ parameters: NoticeParameters, by login: String, at now: String) throws {
        try db.cachedStatement(sql: """
            INSERT INTO notice_parameters (cooperant_id, version, recipients, retention, approved_on, recorded_by, recorded_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [cooperant, parameters.version, parameters.recipients, parameters.retention, parameters.approvedOn, login, now])
    }

    /// The latest version of `cooperant`'s parameters — the one the latest `cooperant.notice`
    /// entry of the audit log recorded — checked against its digest; nil when none was set. A
    /// newer row deleted in the file (to bring an older text back) is refused too.
    static func latest(_ db: Database, cooperant: String) throws -> NoticeParameters? {
        let prefix = "cooperant=\(cooperant) version="
        guard let detail = try String.fetchOne(db.cachedStatement(sql: """
            SELECT detail FROM audit_entries WHERE action = 'cooperant.notice' AND decision = 'allowed' AND substr(detail, 1, ?) = ?
            ORDER BY seq DESC LIMIT 1
            """), arguments: [prefix.count, prefix]) else { return nil }
        let tokens = detail.split(separator: " ")
        let version = tokens.first { $0.hasPrefix("version=") }.flatMap { Int($0.dropFirst("version=".count)) } ?? 0
        let failure = VaultError.integrityFailure(object: "notice parameters of \(cooperant) (version \(version))",
                                                  detail: "the text differs from the one recorded in the audit log. Set them again from the text the cooperant's IOD approved")
        guard let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT version, recipients, retention, approved_on FROM notice_parameters WHERE cooperant_id = ? AND version = ?
            """), arguments: [cooperant, version]) else { throw failure }
        let parameters = NoticeParameters(version: version, recipients: row["recipients"], retention: row["retention"], approvedOn: row["approved_on"])
        guard detail.hasSuffix("sha256=\(parameters.digest)") else { throw failure }
        return parameters
    }

    static func nextVersion(_ db: Database, cooperant: String) throws -> Int {
        Int(try Int64.fetchOne(db.cachedStatement(sql: "SELECT COALESCE(MAX(version), 0) + 1 FROM notice_parameters WHERE cooperant_id = ?"),
                               arguments: [cooperant]) ?? 1)
    }
}
