import Foundation
import GRDB

/// Policy under control: an administrator proposes a policy version, the IOD approves or
/// rejects it, and only an approved version — named by a signed `policy.apply` entry — is ever
/// in force. A version takes effect when the vault is next opened: a running ``Vault`` keeps the
/// policy it opened with.
extension Session {
    /// Proposes a new policy version (administrators only): parses and lints `texts`, stores
    /// them as `proposed` and audits `policy.propose policy=NEW old=ACTIVE files=… added=…
    /// removed=… changed=… warnings=N` — rule ids and file names, never the texts, which stay in
    /// the table. Nothing changes access until the IOD approves it (``approvePolicy(hash:)``).
    ///
    /// - Parameters:
    ///   - texts: policy files by name; files not given are taken from the policy in force, so
    ///     a changed `rules.yaml` alone is a whole version.
    ///   - source: where the texts came from (a folder path), for error locations `FILE:LINE`.
    /// - Returns: the stored proposal, with what it changes and what lint reports.
    /// - Throws: ``VaultError/policyInvalid(file:line:column:reason:)`` for a policy that does not
    ///   parse; ``VaultError/invalidState(what:remedy:)`` when the version is already in force or
    ///   already waiting; ``VaultError/roleNotAllowed(login:role:operation:remedy:)`` (audited)
    ///   for anyone but an administrator.
    public func proposePolicy(_ texts: [String: String], source: String = "Policies") throws(VaultError)
        -> PolicyVersion {
        try requireRole([.admin], operation: "propose a policy", action: "policy.propose",
                        hint: "An administrator proposes a policy version; the IOD approves or rejects it.")
        let unknown = texts.keys.filter { !PolicySet.fileNames.contains($0) }.sorted()
        guard unknown.isEmpty else {
            throw .invalidArgument(name: "policy", reason: "\(unknown.joined(separator: ", ")) is not a policy "
                                   + "file; the files are \(PolicySet.fileNames.joined(separator: ", "))")
        }
        let base = try vault.read { db in try PolicyStore.checkedActive(db) }
        var merged = base.texts
        var paths: [String: String] = [:]
        for name in PolicySet.fileNames {
            if let text = texts[name] { merged[name] = text } else { paths[name] = "(in force) \(name)" }
        }
        let proposed = try PolicySet.parse(merged, directory: source, paths: paths)
        let current = try PolicySet.parse(base.texts, directory: "(in force)")
        try Self.checkCatalogueKept(current.catalog, in: proposed.catalog)
        let changes = PolicyChangeSummary(from: current, to: proposed)
        let findings = PolicyAnalysis(policy: proposed).lint()
        let warnings = findings.filter { $0.severity == .warning }.count
        let login = user.login
        let now = Timestamp.string(vault.clock.now)
        try vault.write { db, audit in
            let active = try PolicyStore.checkedActive(db)
            guard active.hash == base.hash else {
                throw VaultError.invalidState(what: "the policy in force changed while this ran; nothing was proposed",
                                              remedy: Remedy("Do it again"))
            }
            guard proposed.hash != active.hash else {
                throw VaultError.invalidState(
                    what: "policy \(proposed.hash) is already in force; nothing was proposed",
                    remedy: Remedy("Change the files first, then propose them"))
            }
            guard try PolicyStore.proposal(db, hash: proposed.hash) == nil else {
                throw VaultError.invalidState(
                    what: "policy \(proposed.hash) is already proposed and waits for the IOD",
                    remedy: Remedy("Ask the IOD to approve or reject it", .listPolicyProposals))
            }
            try PolicyStore.insert(db, hash: proposed.hash, texts: proposed.texts, state: .proposed, proposedBy: login,
                                   proposedAt: now)
            let detail = "policy=\(proposed.hash) old=\(active.hash) \(changes.auditDetail) warnings=\(warnings)"
            try audit.append(AuditDraft(actor: login, action: "policy.propose", detail: detail), in: db)
        }
        return PolicyVersion(hash: proposed.hash, state: .proposed, proposedBy: login, proposedAt: now,
                             changes: changes, findings: findings)
    }

    /// Refuses a catalogue that drops a field or category of the one in force, or moves a field
    /// to another category: a stored value is found by its field under its category's key
    /// (``FieldLocator``), so it would be left where no read, erasure or rotation finds it.
    static func checkCatalogueKept(_ current: FieldCatalog, in proposed: FieldCatalog) throws(VaultError) {
        let dropped = current.fields.filter { proposed.field($0.id)?.category != $0.category }.map(\.id)
            + current.categories.filter { proposed.category($0.id) == nil }.map { "category:" + $0.id }
        guard dropped.isEmpty else {
            throw .invalidArgument(
                name: "policy",
                reason: "fields.yaml removes or moves \(dropped.joined(separator: ", ")), which the catalogue in "
                    + "force has; "
                    + "values stored in a field are found by its id under its category's key, so a field stays, in its "
                    + "category, once it is in the catalogue. Keep it and let the rules stop permitting it")
        }
    }

    /// Approves a proposed version (the IOD, role `dpo`, only): it becomes active, the version in
    /// force becomes superseded, audited `policy.apply policy=NEW old=OLD by=dpo`. The proposal
    /// must be in the signed log (`policy.propose`, by someone else) and its stored texts must
    /// still hash to `hash`; otherwise the approval stops with an integrity failure. It takes
    /// effect at the next open of the vault.
    public func approvePolicy(hash: String) throws(VaultError) -> PolicyVersion {
        let hash = try Self.checkPolicyHash(hash)
        try requireRole([.dpo], operation: "approve a policy", action: "policy.apply",
                        hint: "Only the IOD (role dpo) approves a policy version; an administrator proposes it.")
        let login = user.login
        // Four eyes: whoever proposed a version never approves it (roles alone already keep an
        // administrator's proposal from its author; the log's proposer is checked as well).
        let logged = try vault.read { db in try PolicyStore.loggedProposalOrDecision(db, hash: hash) }
        if let logged, logged.action == "policy.propose", logged.actor == login {
            try vault.recordAndThrow(
                AuditDraft(actor: login, action: "policy.apply", decision: .denied,
                           detail: "policy=\(hash) reason=own-proposal"),
                .notPermitted(operation: "approve policy \(hash)", reason: "you proposed it yourself",
                              remedy: Remedy("Another person, the IOD, approves a proposal")))
        }
        let now = Timestamp.string(vault.clock.now)
        return try vault.write { db, audit in
            let record = try checkedProposal(db, hash: hash, approver: login)
            let proposed = try PolicySet.parse(record.texts, directory: "policy \(hash.prefix(12))")
            let active = try PolicyStore.checkedActive(db)
            // Checked again against the version in force now: another proposal may have been
            // approved since this one was made (one that added a field this one lacks).
            let inForce = try PolicySet.parse(active.texts, directory: "(in force)").catalog
            try Self.checkCatalogueKept(inForce, in: proposed.catalog)
            try PolicyStore.setState(db, version: active.version, .superseded)
            try PolicyStore.setState(db, version: record.version, .active, by: login, at: now)
            try audit.append(AuditDraft(actor: login, action: "policy.apply",
                                        detail: "policy=\(hash) old=\(active.hash) by=\(user.role.rawValue)"), in: db)
            var version = record.summary
            (version.state, version.approvedBy, version.approvedAt) = (.active, login, now)
            return version
        }
    }

    /// Rejects a proposed version (the IOD; an administrator may withdraw a proposal the same
    /// way), audited `policy.reject policy=HASH by=ROLE`. It stays in the table, never in force.
    public func rejectPolicy(hash: String) throws(VaultError) -> PolicyVersion {
        let hash = try Self.checkPolicyHash(hash)
        try requireRole([.dpo, .admin], operation: "reject a policy", action: "policy.reject",
                        hint: "The IOD rejects a proposed policy version; an administrator may withdraw one.")
        let login = user.login
        let now = Timestamp.string(vault.clock.now)
        return try vault.write { db, audit in
            let record = try checkedProposal(db, hash: hash, approver: nil)
            try PolicyStore.setState(db, version: record.version, .rejected, by: login, at: now)
            try audit.append(AuditDraft(actor: login, action: "policy.reject",
                                        detail: "policy=\(hash) by=\(user.role.rawValue)"), in: db)
            var version = record.summary
            (version.state, version.rejectedBy, version.rejectedAt) = (.rejected, login, now)
            return version
        }
    }

    /// Every stored policy version, oldest first (only the pending proposals with `pendingOnly`);
    /// each proposal with what it changes against the policy in force and what lint reports.
    /// Administrators and the IOD; audited `policy.list`.
    public func policyVersions(pendingOnly: Bool = false) throws(VaultError) -> [PolicyVersion] {
        try requireRole([.admin, .dpo], operation: "list policy versions", action: "policy.list",
                        hint: "Administrators and the IOD see the policy's versions; the matrix shows who sees what.")
        let records = try vault.write { db, audit in
            let records = try PolicyStore.all(db, pendingOnly: pendingOnly)
            try audit.append(AuditDraft(actor: user.login, action: "policy.list",
                                        detail: "versions=\(records.count)\(pendingOnly ? " pending" : "")"), in: db)
            return (records, try PolicyStore.checkedActive(db))
        }
        let current = try PolicySet.parse(records.1.texts, directory: "(in force)")
        return records.0.map { record in
            var version = record.summary
            if record.state == .proposed,
               let proposed = try? PolicySet.parse(record.texts, directory: "policy \(record.hash.prefix(12))") {
                version.changes = PolicyChangeSummary(from: current, to: proposed)
                version.findings = PolicyAnalysis(policy: proposed).lint()
            }
            return version
        }
    }

    /// The four texts of a stored version, by file name (administrators and the IOD; audited
    /// `policy.read`), checked against `hash` — for editing a new proposal, or reviewing one with
    /// `zzk policy lint` and `zzk policy diff`.
    public func policyTexts(hash: String) throws(VaultError) -> [String: String] {
        let hash = try Self.checkPolicyHash(hash)
        try requireRole([.admin, .dpo], operation: "read a policy version", action: "policy.read",
                        hint: "Administrators and the IOD read the stored policy versions.")
        return try vault.write { db, audit in
            guard let record = try PolicyStore.newest(db, hash: hash) else {
                throw VaultError.unknownRecord(kind: "policy version", id: hash,
                                               remedy: Remedy("List the versions", .listPolicyProposals))
            }
            guard record.computedHash == hash else {
                throw VaultError.integrityFailure(
                    object: "policy version \(hash) (table policy_versions)",
                    detail: "its texts do not hash to it: they were changed outside the vault")
            }
            try audit.append(AuditDraft(actor: user.login, action: "policy.read", detail: "policy=\(hash)"), in: db)
            return record.texts
        }
    }

    /// Writes the four texts of a stored version into `directory` — a new or empty folder,
    /// created 0700, each file new and 0600 (for editing the next proposal, or reviewing one
    /// with `zzk policy lint` and `diff`); returns the files written. The folder is checked before
    /// anything is read or audited, and removed again if it was created and the export failed.
    public func exportPolicy(hash: String, to directory: URL) throws(VaultError) -> [URL] {
        let hash = try Self.checkPolicyHash(hash)
        let created = try AuditExport.prepareFolder(directory)
        do {
            let texts = try policyTexts(hash: hash)
            return try PolicySet.fileNames.map { (name) throws(VaultError) -> URL in
                try AuditExport.writeFile(texts[name] ?? "", name, in: directory)
                return directory.appendingPathComponent(name)
            }
        } catch {
            if created {
                for name in PolicySet.fileNames { unlink(directory.appendingPathComponent(name).path) }
                AuditExport.removeFolderIfEmpty(directory)
            }
            throw error
        }
    }

    /// The pending proposal `hash`, checked: its texts still hash to it, and the signed log's
    /// latest word on it is its `policy.propose` — by someone other than `approver`, if given.
    private func checkedProposal(_ db: Database, hash: String, approver: String?) throws -> PolicyStore.Record {
        guard let record = try PolicyStore.proposal(db, hash: hash) else {
            throw VaultError.unknownRecord(kind: "proposed policy", id: hash,
                                           remedy: Remedy("List the proposals", .listPolicyProposals))
        }
        let object = "proposed policy \(hash) (table policy_versions)"
        guard record.computedHash == hash else {
            throw VaultError.integrityFailure(
                object: object, detail: "its texts do not hash to it: they were changed outside the vault. "
                    + "Nothing was changed; the administrator proposes the policy again")
        }
        guard let logged = try PolicyStore.loggedProposalOrDecision(db, hash: hash),
              logged.action == "policy.propose" else {
            throw VaultError.integrityFailure(
                object: object, detail: "the signed audit log holds no pending policy.propose entry for it: it was "
                    + "written into the table outside the vault. Nothing was changed")
        }
        guard logged.actor != approver else {
            throw VaultError.invalidState(what: "policy \(hash) was proposed by \(logged.actor), who cannot approve it",
                                          remedy: Remedy("Another person, the IOD, approves a proposal"))
        }
        return record
    }

    /// A policy hash as given (64 hex digits, either case), lower-cased; anything else is refused
    /// without being repeated.
    static func checkPolicyHash(_ hash: String) throws(VaultError) -> String {
        let lower = hash.lowercased()
        let hex = lower.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
        guard lower.utf8.count == 64, hex else {
            throw .invalidArgument(name: "hash",
                                   reason: "a policy hash is 64 hexadecimal digits, as the list of versions shows")
        }
        return lower
    }
}
