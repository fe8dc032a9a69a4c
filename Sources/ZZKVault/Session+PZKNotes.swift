import Foundation
import GRDB

extension Session {
    static let pzkNoteHint = "OPS staff (custodians) or the IOD write notes to the whole PZK; every member reads them."

    /// Posts a note to every PZK member. Refused, naming the position, when it names a record (a
    /// person, household or team id) or holds a number shaped like a PESEL: such a note would
    /// carry family data to every cooperant (Regulamin PZK § 6 ust. 1). Audited (id only).
    public func postPZKNote(_ text: String) throws(VaultError) -> PZKNote {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines).nfc
        guard (10...2000).contains(trimmed.count) else {
            throw .invalidArgument(name: .option("text-from"), reason: "a note of 10–2000 characters")
        }
        switch FamilyDataCheck.firstFinding(in: trimmed) {
        case let .recordID(at)?:
            throw .invalidArgument(
                name: .option("text-from"),
                reason: "character \(at) starts a record id (a person, household, team …): a PZK note reaches every"
                    + " cooperant and carries no family data; discuss a family in its team")
        case let .pesel(at)?:
            throw .invalidArgument(
                name: .option("text-from"),
                reason: "character \(at) starts an 11-digit number like a PESEL: a PZK note reaches every cooperant"
                    + " and carries no family data (no names either)")
        case nil: break
        }
        let roles: Set<Role> = [.admin, .socialWorker, .networkWorker, .dpo]
        try requireRole(roles, operation: "post PZK notes", action: "pzk.note", hint: Self.pzkNoteHint)
        let note = PZKNote(id: vault.ids.make(prefix: "Z"), author: user.login,
                           createdAt: Timestamp.string(vault.clock.now), text: trimmed)
        try vault.write { db, audit in
            try db.cachedStatement(sql: "INSERT INTO pzk_notes (id, author, created_at, text) VALUES (?, ?, ?, ?)")
                .execute(arguments: [note.id, note.author, note.createdAt, note.text])
            try audit.append(AuditDraft(actor: user.login, action: "pzk.note", detail: "note=\(note.id)"), in: db)
        }
        return note
    }

    /// The PZK's notes, newest first (every staff member); audited.
    public func pzkNotes(limit: Int = 100) throws(VaultError) -> [PZKNote] {
        try vault.write { db, audit in
            let notes = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT id, author, created_at, text FROM pzk_notes ORDER BY created_at DESC, rowid DESC LIMIT ?
                """), arguments: [max(1, limit)]).map {
                PZKNote(id: $0["id"], author: $0["author"], createdAt: $0["created_at"], text: $0["text"])
            }
            try audit.append(AuditDraft(actor: user.login, action: "pzk.notes", detail: "count=\(notes.count)"), in: db)
            return notes
        }
    }
}
