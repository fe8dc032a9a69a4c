import Foundation
import GRDB
import SodiumKit
import Testing
import TestSupport
@testable import ZZKVault

/// Four eyes for custodians (issue 17, item 6): an administrator alone cannot make an account
/// that holds the vault key, or the IOD's, work — not with a passphrase they choose, not with a
/// code they redeem themselves, not by approving their own addition.
@Suite("Four eyes for custodians")
struct FourEyesTests {
    private func code(_ admin: Session, _ login: String, _ role: Role) throws -> String {
        try admin.inviteUser(login: login, role: role, name: "Zenon Źrebiec", cooperantID: nil, profile: .test).code
    }

    @Test("an administrator alone cannot activate a custodian: no passphrase of their choosing, no self-approval, no helper account")
    func administratorAloneCannotActivateACustodian() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let admin = try fixture.session("admin")
        // 1. A passphrase the administrator chooses is refused for every custodian role and the IOD, audited.
        for role in [Role.admin, .socialWorker, .networkWorker, .dpo] {
            let refusal = #expect(throws: VaultError.self) {
                try admin.addUser(login: "mallory", role: role, name: "Zenon Źrebiec", cooperantID: nil,
                                  passphrase: Fixtures.passphrase(for: "mallory"), profile: .test)
            }
            #expect(refusal?.exitCode == 3)
            #expect(refusal?.description.contains("zzk user approve mallory") == true, "the remedy names the way")
        }
        #expect(try fixture.vault.read { try UserStore.fetch($0, login: "mallory") } == nil)
        // 2. Invited with a code the administrator redeems themselves: the account does not work.
        try fixture.vault.enrol(login: "mallory", code: try code(admin, "mallory", .socialWorker),
                                newPassphrase: Fixtures.passphrase(for: "mallory"))
        let pending = #expect(throws: VaultError.self) { _ = try fixture.session("mallory") }
        #expect(pending?.exitCode == 3)
        #expect(pending?.description.contains("waits for a second person's approval") == true)
        // 3. Nor does approving it themselves, or through another account they added and enrolled.
        #expect(throws: VaultError.self) { try admin.approveUser("mallory") }
        try fixture.vault.enrol(login: "helper", code: try code(admin, "helper", .admin), newPassphrase: Fixtures.passphrase(for: "helper"))
        try fixture.vault.enrol(login: "fakeiod", code: try code(admin, "fakeiod", .dpo), newPassphrase: Fixtures.passphrase(for: "fakeiod"))
        #expect(throws: VaultError.self) { _ = try fixture.session("helper") }
        #expect(throws: VaultError.self) { _ = try fixture.session("fakeiod") }
        // 4. A specialist (no custodian, no IOD) cannot approve either.
        #expect(throws: VaultError.self) { try fixture.session("police").approveUser("mallory") }
        #expect(try fixture.vault.awaitsApproval("mallory") && fixture.vault.awaitsApproval("fakeiod"))

        let log = try fixture.session("iod").auditEntries()
        #expect(log.filter { $0.action == "user.add" && $0.decision == .denied && $0.detail.hasSuffix("reason=passphrase_by_admin") }.count == 4)
        #expect(log.contains { $0.actor == "admin" && $0.action == "user.approve" && $0.decision == .denied
                && $0.detail == "login=mallory reason=added_by_actor" })
        #expect(log.contains { $0.actor == "mallory" && $0.action == "auth.unlock" && $0.detail == "reason=awaiting_approval" })
        #expect(log.contains { $0.action == "user.add" && $0.detail == "login=fakeiod role=dpo enrolment=code approval=pending" },
                "a second IOD is no bootstrap: the vault already has a working one")
        let approved = log.filter { $0.action == "user.approve" && $0.decision == .allowed }.map(\.detail)
        #expect(approved.allSatisfy { $0.hasPrefix("login=worker ") || $0.hasPrefix("login=network ") }, "\(approved)")
    }

    @Test("the IOD or another custodian approves; the account works from then on, and the approval names who added it")
    func secondPersonApproves() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let admin = try fixture.session("admin")
        for (login, role, approver) in [("nowa", Role.socialWorker, "iod"), ("drugi", Role.admin, "worker")] {
            try fixture.vault.enrol(login: login, code: try code(admin, login, role), newPassphrase: Fixtures.passphrase(for: login))
            #expect(try fixture.session("admin").listUsers().first { $0.login == login }?.awaitingApproval == true)
            try fixture.session(approver).approveUser(login)
            let session = try fixture.session(login)
            #expect(session.user.role == role && session.keyring != nil, "a custodian holds the vault key once approved")
            #expect(try !fixture.vault.awaitsApproval(login))
            #expect(throws: VaultError.self) { try fixture.session(approver).approveUser(login) }
        }
        let log = try fixture.session("iod").auditEntries()
        #expect(log.contains { $0.actor == "iod" && $0.action == "user.approve" && $0.detail == "login=nowa role=social-worker added_by=admin" })
        #expect(log.contains { $0.actor == "worker" && $0.action == "user.approve" && $0.detail == "login=drugi role=admin added_by=admin" })
    }

    @Test("the vault's first IOD needs no approval (someone must be the second person); a re-invited first IOD is still the first")
    func firstIODIsTheBootstrap() throws {
        let url = Fixtures.temporaryURL()
        defer { try? FileManager.default.removeItem(at: url) }
        let vault = try Vault.create(at: url, policies: DefaultPolicies.files, adminLogin: "admin", adminName: "Bożena Wróblewska",
                                     passphrase: Fixtures.passphrase(for: "admin"), profile: .test)
        let admin = try vault.unlock(login: "admin", passphrase: Fixtures.passphrase(for: "admin"))
        // A worker added before any IOD waits: the administrator is not a second person.
        try vault.enrol(login: "worker", code: try code(admin, "worker", .socialWorker), newPassphrase: Fixtures.passphrase(for: "worker"))
        #expect(throws: VaultError.self) { _ = try vault.unlock(login: "worker", passphrase: Fixtures.passphrase(for: "worker")) }
        // An IOD invited but not yet enrolled makes no "working IOD": a second invitation is still the bootstrap.
        _ = try code(admin, "iod2", .dpo)
        try vault.enrol(login: "iod", code: try code(admin, "iod", .dpo), newPassphrase: Fixtures.passphrase(for: "iod"))
        let iod = try vault.unlock(login: "iod", passphrase: Fixtures.passphrase(for: "iod"))
        try iod.approveUser("worker")
        #expect(try vault.unlock(login: "worker", passphrase: Fixtures.passphrase(for: "worker")).keyring != nil)
        let adds = try iod.auditEntries().filter { $0.action == "user.add" }.map(\.detail)
        #expect(adds.contains("login=iod role=dpo enrolment=code approval=bootstrap"))
        #expect(adds.contains("login=iod2 role=dpo enrolment=code approval=bootstrap"))
        #expect(adds.contains("login=worker role=social-worker enrolment=code approval=pending"))
    }

    @Test("disabling the vault's IOD does not open the bootstrap again: a new IOD waits for a second person")
    func noSecondBootstrap() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let admin = try fixture.session("admin")
        _ = try admin.disableUser("iod", reason: "Koniec umowy.")
        try fixture.vault.enrol(login: "iod2", code: try code(admin, "iod2", .dpo), newPassphrase: Fixtures.passphrase(for: "iod2"))
        #expect(throws: VaultError.self) { _ = try fixture.session("iod2") }
        let adds = try fixture.rawDatabase().read {
            try String.fetchAll($0, sql: "SELECT detail FROM audit_entries WHERE action = 'user.add' ORDER BY seq")
        }
        #expect(adds.last == "login=iod2 role=dpo enrolment=code approval=pending")
        try fixture.session("worker").approveUser("iod2")
        #expect(try fixture.session("iod2").user.role == .dpo)
    }

    @Test("an account is approved only after the person enrolled: until then only the administrator holds its code")
    func approvalNeedsEnrolment() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let admin = try fixture.session("admin")
        let invitation = try code(admin, "nowa", .socialWorker)
        let early = #expect(throws: VaultError.self) { try fixture.session("iod").approveUser("nowa") }
        #expect(early?.description.contains("has not enrolled yet") == true)
        #expect(try fixture.session("iod").accountsToApprove().isEmpty, "no approve button before enrolment")
        try fixture.vault.enrol(login: "nowa", code: invitation, newPassphrase: Fixtures.passphrase(for: "nowa"))
        #expect(try fixture.session("iod").accountsToApprove() == ["nowa"])
        #expect(try fixture.session("admin").accountsToApprove().isEmpty, "never for the administrator who added it")
        #expect(try fixture.session("police").accountsToApprove().isEmpty)
        try fixture.session("iod").approveUser("nowa")
        #expect(try fixture.session("nowa").keyring != nil)
    }

    @Test("a rotation seals no vault key to an account still waiting; a custodian's approval, or the next custodian sign-in after the IOD's, hands it over")
    func rotationPassesWaitingAccountsBy() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let admin = try fixture.session("admin")
        // The administrator redeems both codes themselves, then leaves; a rotation follows.
        for login in ["nowa", "drugi"] {
            try fixture.vault.enrol(login: login, code: try code(admin, login, .socialWorker), newPassphrase: Fixtures.passphrase(for: login))
        }
        _ = try admin.rotateVaultKey()
        let boxes = { try fixture.rawDatabase().read {
            try Dictionary(uniqueKeysWithValues: Row.fetchAll($0, sql: "SELECT login, vault_key_box FROM users WHERE login IN ('nowa', 'drugi')")
                .map { ($0["login"] as String, !(($0["vault_key_box"] as Data?) ?? Data()).isEmpty) })
        } }
        #expect(try boxes() == ["nowa": false, "drugi": false], "nothing the administrator could open was sealed to them")
        // Approved by a custodian: the key comes with the approval.
        try fixture.session("worker").approveUser("drugi")
        #expect(try fixture.session("drugi").keyring != nil)
        // Approved by the IOD, who holds no vault key: refused until a custodian signs in.
        try fixture.session("iod").approveUser("nowa")
        let waiting = #expect(throws: VaultError.self) { _ = try fixture.session("nowa") }
        #expect(waiting?.exitCode == 3 && waiting?.description.contains("has not reached") == true)
        _ = try fixture.session("network")
        #expect(try fixture.session("nowa").keyring != nil)
        #expect(try fixture.session("iod").auditEntries().contains { $0.action == "user.vault_key" && $0.detail == "login=nowa via=handover" })
    }

    @Test("what decides is the signed log, not a row: resetting the row's enrolment in the file activates nothing")
    func theLogDecides() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let admin = try fixture.session("admin")
        try fixture.vault.enrol(login: "mallory", code: try code(admin, "mallory", .socialWorker),
                                newPassphrase: Fixtures.passphrase(for: "mallory"))
        try fixture.rawDatabase().write { db in
            try db.execute(sql: "UPDATE users SET enrol_until = NULL, created_at = '2020-01-01T00:00:00.000Z' WHERE login = 'mallory'")
        }
        #expect(throws: VaultError.self) { _ = try fixture.session("mallory") }
        #expect(try fixture.vault.awaitsApproval("mallory"))
    }
}
