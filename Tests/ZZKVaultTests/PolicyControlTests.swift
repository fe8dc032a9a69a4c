import Foundation
import GRDB
import Testing
import TestSupport
@testable import ZZKVault

/// Issue 17, "Policy under control": the policy lives in the database, an administrator's
/// proposal is in force only once the IOD approves it, and the signed audit log names the
/// version in force — editing files in the vault folder, or the policy's row in the database,
/// changes no decision.
@Suite("Policy under control")
struct PolicyControlTests {
    /// The default policy with one more rule: the social worker may no longer read PESELs for
    /// case assessment.
    static let stricterTexts = Fixtures.stricterPolicyTexts

    /// The default rules with the administrator's forbid turned into a permit: the attack of issue 17.
    static let attackerRules = DefaultPolicies.files["rules.yaml"]!.replacingOccurrences(
        of: "  - id: forbid-admin-case-data\n    effect: forbid",
        with: "  - id: forbid-admin-case-data\n    effect: permit")

    /// The default policy files with ``attackerRules``.
    static let attackerTexts: [String: String] = {
        var texts = DefaultPolicies.files
        texts["rules.yaml"] = attackerRules
        return texts
    }()

    private func readSurname(_ session: Session, _ person: String) throws {
        _ = try session.showPerson(person, fields: ["identity.last_name"], purpose: "case_assessment")
    }

    private func unlock(_ vault: Vault, _ login: String) throws -> Session {
        try vault.unlock(login: login, passphrase: Fixtures.passphrase(for: login))
    }

    // MARK: - Files in the vault folder

    @Test("""
        a rules.yaml edited in the vault folder changes nothing: the admin still cannot read case data, and the next \
        entry names the same policy hash
        """)
    func editedPolicyFileChangesNothing() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let hash = fixture.vault.policy.hash
        let person = try fixture.session("worker").addPerson(Fixtures.family[1], purpose: "case_assessment")
        expectDenied { try readSurname(try fixture.session("admin"), person) }
        // The edit would have opened case data to the administrator, had the vault read it.
        let attack = try PolicySet.parse(Self.attackerTexts)
        let request = AccessRequest(principals: ["admin"], action: .read, fieldID: "identity.last_name",
                                    purpose: "case_assessment", facts: [])
        #expect(PolicyEvaluator(policy: attack).decide(request).allowed)
        let folder = fixture.url.appendingPathComponent("Policies")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        for (name, text) in Self.attackerTexts { try Data(text.utf8).write(to: folder.appendingPathComponent(name)) }

        let reopened = try Vault.open(at: fixture.url)
        #expect(reopened.policy.hash == hash)
        #expect(reopened.ignoredPolicyFiles() == IgnoredPolicyFiles(path: folder.path, hash: attack.hash))
        expectDenied { try readSurname(try unlock(reopened, "admin"), person) }
        let iod = try fixture.session("iod")
        let reads = try iod.auditEntries(personID: person).filter { $0.actor == "admin" && $0.action == "person.read" }
        #expect(reads.count == 2 && reads.allSatisfy { $0.decision == .denied })
        #expect(reads[0].detail == reads[1].detail)
        #expect(reads[1].detail.hasPrefix("policy=\(hash) "))
        #expect(reads[1].detail.contains("rules=forbid-admin-case-data reason=forbid"))
        #expect(try iod.auditEntries().allSatisfy { !$0.action.hasPrefix("policy.change") })
    }

    // MARK: - The policy's row in the database

    @Test("""
        the active policy's texts edited in the database, with the hash left or recomputed, make the vault refuse \
        to open (exit 4, naming the policy)
        """, arguments: [false, true])
    func editedPolicyRowRefused(recomputeHash: Bool) throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let newHash = try #require(PolicySet.hash(of: Self.attackerTexts))
        try fixture.rawDatabase().write { db in
            try db.execute(sql: "UPDATE policy_versions SET rules_yaml = ? WHERE state = 'active'",
                           arguments: [Self.attackerRules])
            if recomputeHash {
                try db.execute(sql: "UPDATE policy_versions SET hash = ? WHERE state = 'active'", arguments: [newHash])
            }
        }
        let named = recomputeHash ? "signed audit log names policy \(fixture.vault.policy.hash)" : "do not hash"
        expectIntegrityFailure(["the vault's policy", named]) { _ = try Vault.open(at: fixture.url) }
    }

    @Test("""
        a proposal written into the table outside the vault cannot be approved: no policy.propose entry in the \
        signed log
        """)
    func proposalInsertedInTheFileRefused() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let hash = try #require(PolicySet.hash(of: Self.stricterTexts))
        try fixture.rawDatabase().write { db in
            try PolicyStore.insert(db, hash: hash, texts: Self.stricterTexts, state: .proposed, proposedBy: "admin",
                                   proposedAt: "2026-01-01T00:00:00.000Z")
        }
        expectIntegrityFailure(["proposed policy \(hash)", "no pending policy.propose"]) {
            _ = try fixture.session("iod").approvePolicy(hash: hash)
        }
        #expect(try Vault.open(at: fixture.url).policy.hash == fixture.vault.policy.hash)
    }

    // MARK: - Propose, approve, reject

    @Test("an administrator's proposal is not in force until the IOD approves it, and then from the next open")
    func proposalNotInForceUntilApproved() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let before = fixture.vault.policy.hash
        let proposal = try fixture.session("admin").proposePolicy(Self.stricterTexts, source: "draft")
        #expect(proposal.state == .proposed && proposal.hash != before)
        let pending = try Vault.open(at: fixture.url)
        #expect(pending.policy.hash == before)
        #expect(try unlock(pending, "worker").decide(fieldID: "identity.pesel", purpose: "case_assessment").allowed)

        let approved = try fixture.session("iod").approvePolicy(hash: proposal.hash)
        #expect(approved.state == .active && approved.approvedBy == "iod")
        // The vault opened before keeps its policy; the next open decides by the approved one.
        #expect(try fixture.session("worker").decide(fieldID: "identity.pesel", purpose: "case_assessment").allowed)
        let reopened = try Vault.open(at: fixture.url)
        #expect(reopened.policy.hash == proposal.hash)
        let decision = try unlock(reopened, "worker").decide(fieldID: "identity.pesel", purpose: "case_assessment")
        #expect(!decision.allowed && decision.decidingRules == ["forbid-worker-pesel-assessment"])
    }

    @Test("""
        an administrator cannot approve, not even their own proposal: exit 3, audited, and the proposal stays \
        pending; only an administrator proposes
        """)
    func adminCannotApprove() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let admin = try fixture.session("admin")
        let proposal = try admin.proposePolicy(Self.stricterTexts)
        #expect { _ = try admin.approvePolicy(hash: proposal.hash) } throws: { ($0 as? VaultError)?.exitCode == 3 }
        for login in ["worker", "iod"] {
            #expect { _ = try fixture.session(login).proposePolicy(["rules.yaml": Self.attackerRules]) } throws: {
                ($0 as? VaultError)?.exitCode == 3
            }
        }
        let iod = try fixture.session("iod")
        let entries = try iod.auditEntries()
        #expect(entries.contains {
            $0.actor == "admin" && $0.action == "policy.apply" && $0.decision == .denied && $0.detail == "reason=role"
        })
        let refusedProposals = entries.filter { $0.action == "policy.propose" && $0.decision == .denied }
        #expect(refusedProposals.map(\.actor) == ["worker", "iod"])
        #expect(try iod.policyVersions(pendingOnly: true).map(\.hash) == [proposal.hash])
        #expect(try Vault.open(at: fixture.url).policy.hash == fixture.vault.policy.hash)
    }

    @Test("approval keeps the full texts in the table and only the hash and a diff summary by rule id in the log")
    func approvalRecordsTextsAndHashes() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let old = fixture.vault.policy.hash
        let proposal = try fixture.session("admin").proposePolicy(["rules.yaml": Self.stricterTexts["rules.yaml"]!])
        #expect(proposal.hash == PolicySet.hash(of: Self.stricterTexts))
        let expected = PolicyChangeSummary(from: fixture.vault.policy, to: try PolicySet.parse(Self.stricterTexts))
        #expect(proposal.changes == expected)
        #expect(expected.rulesAdded == ["forbid-worker-pesel-assessment"] && expected.files == ["rules.yaml"])
        let iod = try fixture.session("iod")
        _ = try iod.approvePolicy(hash: proposal.hash)

        let rows = try fixture.rawDatabase().read { db in
            try Row.fetchAll(db, sql: """
                SELECT hash, state, rules_yaml, fields_yaml, proposed_by, approved_by
                FROM policy_versions ORDER BY version
                """)
        }
        #expect(rows.map { $0["state"] as String } == ["superseded", "active"])
        #expect(rows[1]["hash"] == proposal.hash)
        #expect(rows[1]["proposed_by"] == "admin" && rows[1]["approved_by"] == "iod")
        #expect(rows[1]["rules_yaml"] == Self.stricterTexts["rules.yaml"])
        #expect(rows[1]["fields_yaml"] == DefaultPolicies.files["fields.yaml"])

        let entries = try iod.auditEntries()
        let propose = try #require(entries.last { $0.action == "policy.propose" })
        #expect(propose.actor == "admin")
        #expect(propose.detail == "policy=\(proposal.hash) old=\(old) files=rules.yaml "
            + "added=forbid-worker-pesel-assessment removed= changed= warnings=0")
        let apply = try #require(entries.last { $0.action == "policy.apply" })
        #expect(apply.actor == "iod" && apply.detail == "policy=\(proposal.hash) old=\(old) by=dpo")
        #expect(entries.allSatisfy { !$0.detail.contains("czterech oczu") }, "rule texts stay in the table")
        #expect(try iod.verifyAudit().ok)
        #expect(try iod.policyTexts(hash: proposal.hash) == Self.stricterTexts)
    }

    @Test("a rejected proposal is never in force and cannot be approved afterwards")
    func rejectedProposalNeverInForce() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let proposal = try fixture.session("admin").proposePolicy(Self.stricterTexts)
        let iod = try fixture.session("iod")
        #expect(try iod.rejectPolicy(hash: proposal.hash).state == .rejected)
        #expect { _ = try iod.approvePolicy(hash: proposal.hash) } throws: { ($0 as? VaultError)?.exitCode == 1 }
        #expect(try Vault.open(at: fixture.url).policy.hash == fixture.vault.policy.hash)
        let reject = try iod.auditEntries().last { $0.action == "policy.reject" }
        #expect(reject?.detail == "policy=\(proposal.hash) by=dpo")
    }

    // MARK: - A vault from the previous release

    /// Makes `fixture` look as the previous release left it: no `policy_versions` table and no
    /// v9 row in `grdb_migrations`, the policy hash in `vault_meta`, and the policy as files in
    /// `Policies/` (`files`). With `loggedChange`, the log first gets the `policy.change` entry
    /// that release wrote when its files changed.
    private func downgrade(_ fixture: Fixtures.StaffedVault, files: [String: String],
                           loggedChange: String? = nil) throws {
        if let loggedChange {
            let detail = "old=\(fixture.vault.policy.hash) new=\(loggedChange)"
            _ = try fixture.vault.write { db, audit in
                try audit.append(AuditDraft(actor: "-", action: "policy.change", detail: detail), in: db)
            }
        }
        try fixture.rawDatabase().write { db in
            try db.execute(sql: """
                DROP TABLE policy_versions;
                DELETE FROM grdb_migrations WHERE identifier = 'v9-policy-in-vault';
                INSERT INTO vault_meta (key, value) VALUES ('policy_hash', ?);
                """, arguments: [loggedChange ?? fixture.vault.policy.hash])
        }
        let folder = fixture.url.appendingPathComponent("Policies")
        if !FileManager.default.fileExists(atPath: folder.path) {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false,
                                                    attributes: [.posixPermissions: 0o700])
        }
        for (name, text) in files { try Data(text.utf8).write(to: folder.appendingPathComponent(name)) }
    }

    private func hasPolicyTable(_ fixture: Fixtures.StaffedVault) throws -> Bool {
        try fixture.rawDatabase().read { db in try db.tableExists("policy_versions") }
    }

    @Test("""
        a previous-release vault takes its Policies files in when they hash to the policy its log last recorded \
        (vault.init or the last policy.change)
        """)
    func previousReleaseMigratesMatchingFiles() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        try downgrade(fixture, files: DefaultPolicies.files)
        let migrated = try Vault.open(at: fixture.url)
        #expect(migrated.policy.hash == fixture.vault.policy.hash)
        let versions = try unlock(migrated, "iod").policyVersions()
        #expect(versions.map(\.state) == [.active] && versions.first?.proposedBy == "admin")

        // Files changed under the previous release, which recorded policy.change new=…: the files it ran on.
        let changed = try #require(PolicySet.hash(of: Self.stricterTexts))
        try downgrade(fixture, files: Self.stricterTexts, loggedChange: changed)
        let again = try Vault.open(at: fixture.url)
        #expect(again.policy.hash == changed)
        let iod = try unlock(again, "iod")
        #expect(try iod.policyVersions().map(\.proposedBy) == ["-"])
        #expect(try iod.verifyAudit().ok)
        // From now on the files are not read: editing them changes nothing.
        try Data(Self.attackerRules.utf8).write(to: fixture.url.appendingPathComponent("Policies/rules.yaml"))
        #expect(try Vault.open(at: fixture.url).policy.hash == changed)
    }

    @Test("""
        a previous-release vault whose Policies files differ from the log's last policy hash is refused (exit 4), \
        stays unmigrated, and opens once the files are restored
        """)
    func previousReleaseRefusesMismatchedFiles() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let hash = fixture.vault.policy.hash
        let rules = fixture.url.appendingPathComponent("Policies/rules.yaml")
        try downgrade(fixture, files: Self.attackerTexts)
        expectIntegrityFailure(["the policy files in \(fixture.url.path)/Policies", "last recorded policy \(hash)",
                                "Restore those files"]) {
            _ = try Vault.open(at: fixture.url)
        }
        #expect(try !hasPolicyTable(fixture), "the migration left nothing behind")
        // A file missing is refused the same way.
        try FileManager.default.removeItem(at: rules)
        expectIntegrityFailure(["the policy files", "Restore those files"]) { _ = try Vault.open(at: fixture.url) }
        try Data(DefaultPolicies.files["rules.yaml"]!.utf8).write(to: rules)
        #expect(try Vault.open(at: fixture.url).policy.hash == hash)
        #expect(try hasPolicyTable(fixture))
    }
}
