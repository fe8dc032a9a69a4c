import Foundation
import GRDB

/// What a scheduled expiry did.
public struct ExpiryReport: Sendable, Equatable {
    /// Grants deleted (with their envelopes) because what allowed them lapsed.
    public var revoked: Int
    /// Categories queued for re-keying by the next custodian.
    public var rekeyPending: Int
}

extension Vault {
    /// Deletes, as of `now`, every grant that is no longer allowed — a consent past its
    /// `valid_until`, a team membership or an authorisation that expired — with its envelope,
    /// and queues the categories that lost an envelope for re-keying. It needs no key, so the
    /// server runs it on time (at the day's change in Europe/Warsaw) whoever is logged in; it
    /// can only narrow access. Audited as `grants.expire` when it changed anything.
    public func expireLapsedGrants(now: Date) throws(VaultError) -> ExpiryReport {
        try write { db, audit in
            var sync = GrantSync(db: db, evaluator: evaluator, facts: FactStore(db: db, today: CalendarDate.today(now)), now: now,
                                 ids: ids, store: nil, sealer: nil)
            let report = try sync.syncAll()
            if report.revoked > 0 || report.rekeyPending > 0 {
                try audit.append(AuditDraft(actor: "-", action: "grants.expire", detail: "day=\(CalendarDate.today(now)) \(report.detail)"), in: db)
            }
            return ExpiryReport(revoked: report.revoked, rekeyPending: report.rekeyPending)
        }
    }

    /// Whether some grant outlived what allowed it by date: its membership or authorisation
    /// (`expires_on`) or its person's consent (`valid_until`) ended before `now`'s day. A read;
    /// an unlock runs ``expireLapsedGrants(now:)`` only then.
    public func hasLapsedGrants(now: Date) throws(VaultError) -> Bool {
        let today = CalendarDate.today(now)
        return try read { db in
            try Bool.fetchOne(db.cachedStatement(sql: """
                SELECT EXISTS(SELECT 1 FROM grants WHERE expires_on < ?1)
                    OR EXISTS(SELECT 1 FROM consents c WHERE c.valid_until IS NOT NULL AND c.valid_until < ?1
                              AND EXISTS(SELECT 1 FROM grants g WHERE g.person_id = c.person_id))
                """), arguments: [today]) ?? false
        }
    }

    /// Whether categories wait for a custodian to re-key them.
    public func hasPendingRekeys() throws(VaultError) -> Bool {
        try read { db in try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS(SELECT 1 FROM rekey_pending)")) ?? false }
    }
}

extension Session {
    /// Re-keys every category a keyless expiry left pending (custodians): a fresh data key,
    /// every field re-sealed, envelopes re-issued to the grants that remain, so a copy of a
    /// deleted envelope opens nothing current. Returns how many categories were re-keyed.
    /// The grants kept are those allowed at `now` (the server's clock).
    @discardableResult
    public func settlePendingRekeys(now: Date? = nil) throws(VaultError) -> Int {
        let now = now ?? vault.clock.now
        let keyring = try requireKeyring("re-key data")
        let login = user.login
        return try vault.write(keyring: keyring) { db, audit in
            let pending = try Row.fetchAll(db.cachedStatement(sql: "SELECT person_id, category FROM rekey_pending ORDER BY person_id, category"))
            guard !pending.isEmpty else { return 0 }
            var sync = try grantSync(db, keyring: keyring, now: now)
            let persons = Array(Set(pending.map { $0["person_id"] as String })).sorted()
            _ = try sync.sync(personsOf: persons)
            var rekeyed = 0
            sync.store!.issuable = sync.issuable
            for row in pending where try sync.store!.rekey(person: row["person_id"], category: row["category"]) { rekeyed += 1 }
            try db.execute(sql: "DELETE FROM rekey_pending")
            try audit.append(AuditDraft(actor: login, action: "keys.rekey", detail: "pending=\(pending.count) rekeyed=\(rekeyed)"), in: db)
            return rekeyed
        }
    }
}

extension Vault {
    /// Signs a checkpoint over the whole log for the server's hourly export (no user: the
    /// entry's actor is `-`, detail `by=schedule`) and writes the note to a new file in
    /// `folder` named after its tree size and time. Returns the file's path.
    public func exportScheduledCheckpoint(to folder: URL, now: Date) throws(VaultError) -> String {
        let note = try write { db, audit in
            try audit.append(AuditDraft(actor: "-", action: "audit.checkpoint", detail: "by=schedule"), in: db)
            try audit.sealCheckpoint(in: db)
            guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT tree_size, note FROM audit_checkpoints ORDER BY tree_size DESC LIMIT 1")) else {
                throw VaultError.integrityFailure(object: "audit_checkpoints", detail: "no checkpoint was ever signed")
            }
            return (size: row["tree_size"] as Int64, note: row["note"] as String)
        }
        let stamp = Timestamp.string(now).replacingOccurrences(of: ":", with: "").replacingOccurrences(of: "-", with: "")
        let path = folder.appendingPathComponent("checkpoint-\(note.size)-\(stamp).txt").path
        let file = try OutputFile.create(path, mode: 0o640)
        do { try file.write(Array(note.note.utf8)) } catch {
            file.discard()
            throw error
        }
        return path
    }
}
