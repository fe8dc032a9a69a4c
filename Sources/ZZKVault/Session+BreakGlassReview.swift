import Foundation
import GRDB
import SodiumKit

extension Session {
    /// Break-glass reads, oldest first; `pendingOnly` keeps those the DPO has not reviewed.
    public func breakGlassEvents(pendingOnly: Bool = false) throws(VaultError) -> [BreakGlassEvent] {
        try requireRole(Self.auditRoles, operation: "read break-glass events", action: "audit.read", hint: Self.auditHint)
        var events = try vault.read { db in try Self.breakGlassEvents(db, pendingOnly: pendingOnly) }
        let boxes = try vault.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db.cachedStatement(sql: "SELECT audit_seq, dpo_boxes FROM break_glass")).map { ($0["audit_seq"] as Int64, $0["dpo_boxes"] as String) })
        }
        for i in events.indices {
            guard let text = boxes[events[i].entry], let map = try? JSONDecoder().decode([String: String].self, from: Data(text.utf8)),
                  let box = map[user.login].flatMap({ Data(base64Encoded: $0) }), let secret = try? keyPair.open(Array(box)) else { continue }
            events[i].reason = secret.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
        }
        if events.contains(where: { $0.reason != nil }) {
            _ = try vault.write { db, audit in
                try audit.append(AuditDraft(actor: user.login, action: "audit.read", detail: "break_glass_reasons=\(events.filter { $0.reason != nil }.count)"), in: db)
            }
        }
        return events
    }

    static func breakGlassEvents(_ db: Database, pendingOnly: Bool, from: String? = nil, to: String? = nil) throws -> [BreakGlassEvent] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT b.audit_seq, e.time, b.login, b.person_id, b.reviewed_outcome, b.reviewed_by, b.reviewed_at
            FROM break_glass b JOIN audit_entries e ON e.seq = b.audit_seq
            WHERE (? = 0 OR b.reviewed_outcome IS NULL) AND (? IS NULL OR e.time >= ?) AND (? IS NULL OR e.time < ?)
            ORDER BY b.audit_seq
            """), arguments: [pendingOnly ? 1 : 0, from, from, to, to]).map {
            BreakGlassEvent(entry: $0["audit_seq"], time: $0["time"], actor: $0["login"], personID: $0["person_id"],
                            outcome: ($0["reviewed_outcome"] as String?).flatMap(BreakGlassEvent.Outcome.init(rawValue:)),
                            reviewedBy: $0["reviewed_by"], reviewedAt: $0["reviewed_at"])
        }
    }

    /// Records the DPO's review of the break-glass read in audit entry `entry`. The note is
    /// sealed to the reviewer's own public key (only they can read it back); the review itself
    /// is audited. Each event is reviewed once.
    public func reviewBreakGlass(entry: Int64, outcome: BreakGlassEvent.Outcome, note: String) throws(VaultError) {
        try requireRole([.dpo], operation: "review break-glass reads", action: "audit.review", hint: "The data protection officer (IOD) reviews every emergency access.")
        let text = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= 4000 else { throw .invalidArgument(name: .option("note-from"), reason: "the review note has 1–4000 characters") }
        let sealed: [UInt8]
        do { sealed = try SealedBox.seal(try SecureBytes(copying: Array(text.utf8)), to: keyPair.publicKey) } catch {
            throw .resourceExhausted(detail: "cannot seal the review note (\(error))")
        }
        try vault.write { db, audit in
            guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT reviewed_outcome FROM break_glass WHERE audit_seq = ?"), arguments: [entry]) else {
                throw VaultError.unknownRecord(kind: "break-glass read at audit entry", id: String(entry), remedy: Remedy("List the break-glass reads waiting for review", .listPendingReviews))
            }
            if let done: String = row["reviewed_outcome"] {
                throw VaultError.invalidState(what: "the break-glass read at entry \(entry) was already reviewed (\(done))", remedy: Remedy("A review is final; add a note elsewhere if needed."))
            }
            try db.cachedStatement(sql: "UPDATE break_glass SET reviewed_outcome = ?, reviewed_by = ?, reviewed_at = ?, review_note_sealed = ? WHERE audit_seq = ?").execute(
                           arguments: [outcome.rawValue, user.login, Timestamp.string(vault.clock.now), Data(sealed), entry])
            try audit.append(AuditDraft(actor: user.login, action: "audit.review", detail: "entry=\(entry) outcome=\(outcome.rawValue)"), in: db)
        }
    }
}
