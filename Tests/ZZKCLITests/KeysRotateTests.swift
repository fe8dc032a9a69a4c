import Foundation
import Testing

@Suite("zzk keys rotate")
struct KeysRotateTests {
    @Test("after keys rotate every person still reads, search still works, and the audit log verifies")
    func rotateThenRead() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault(with: [.worker, .secondWorker, .dpo])
        let father = try await box.addPerson(Fixtures.father)
        let child = try await box.addPerson(Fixtures.child)
        let wrappedBefore = try await box.snapshot(["data_keys", "vault_secrets"])

        let rotated = try await box.zzk(["keys", "rotate", "--json"], as: "admin").succeeded()
        let report = try rotated.decode(RotationJSON.self)
        #expect(report.epoch == 2)
        // A key for each of the catalogue's 15 categories (team notes aside) of each person, whatever they hold.
        #expect(report.dataKeys == 2 * 15)
        #expect(report.vaultSecrets == 5, """
            blind-index, staff-directory, record-seals, audit-reader.1 and case-records (the workers' authorisations \
            seal their signatories)
            """)
        #expect(report.custodians == 3, "admin, social worker and network worker hold the vault key")
        #expect(try await box.sql("SELECT value FROM vault_meta WHERE key = 'vault_key_epoch'") == "2\n")
        #expect(try await box.snapshot(["data_keys", "vault_secrets"]) != wrappedBefore, "every wrapped key must be re-wrapped")

        #expect(try await box.showPerson(father).fields == Fixtures.dictionary(Fixtures.father))
        #expect(try await box.showPerson(child).fields == Fixtures.dictionary(Fixtures.child))
        // The second social worker's re-sealed slot opens the new vault key: the blind index needs it.
        let bySecond = try await box.zzk(["person", "find", "--purpose", "case_assessment", "--pesel", "-", "--json"], as: Staff.secondWorker.login,
                                          stdin: Fixtures.dictionary(Fixtures.father)["identity.pesel"]!).succeeded()
        #expect(try bySecond.decode(FoundIDs.self).ids == [father])
        let found = try await box.zzk(["person", "find", "--purpose", "case_assessment", "--surname", "-", "--json"], as: Staff.worker.login, stdin: "żółkiewska").succeeded()
        #expect(try found.decode(FoundIDs.self).ids == [child])
        let names = try await box.zzk(["user", "list", "--json"], as: Staff.worker.login).succeeded().decode([UserJSON].self)
        #expect(names.first { $0.login == "admin" }?.name == Staff.admin.name)

        // Writing after rotation uses the new key as well.
        try await box.zzk(["person", "update", "--purpose", "case_assessment", father, "--field", "contact.city=Łąka Górna"], as: Staff.worker.login).succeeded()
        #expect(try await box.showPerson(father, fields: ["contact.city"]).fields == ["contact.city": "Łąka Górna"])

        let verify = try await box.zzk(["audit", "verify", "--json"], as: Staff.dpo.login).succeeded().decode(VerificationJSON.self)
        #expect(verify.ok)
        #expect(verify.entries == (try await box.auditEntryCount()) - 1, "the verification itself was appended after counting")
        #expect(verify.problems.isEmpty)
        let rotation = try #require(try await box.auditLog().last { $0.action == "keys.rotate" })
        #expect(rotation.detail == "epoch=2 data_keys=30 secrets=5 custodians=3 full=0")
        #expect(rotation.actor == "admin")
    }

    @Test("rotating twice, then adding a custodian: the new user reads what was stored before")
    func rotateTwiceThenAddUser() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault(with: [.worker])
        let mother = try await box.addPerson(Fixtures.mother)
        let first = try await box.zzk(["keys", "rotate"], as: "admin").succeeded()
        #expect(first.stdout.hasPrefix("Vault key rotated to epoch 2:"), "\(first)")
        let second = try await box.zzk(["keys", "rotate", "--json"], as: "admin").succeeded()
        #expect(try second.decode(RotationJSON.self).epoch == 3)

        try await box.addUser(.secondWorker).succeeded()
        // A custodian added after two rotations holds the current vault key: the keyed blind
        // index (wrapped by it) finds what was stored at epoch 1.
        let found = try await box.zzk(["person", "find", "--purpose", "case_assessment", "--surname", "-", "--json"], as: Staff.secondWorker.login, stdin: "Żółkiewska").succeeded()
        #expect(try found.decode(FoundIDs.self).ids == [mother])
        #expect(try await box.showPerson(mother).fields == Fixtures.dictionary(Fixtures.mother))
        let verify = try await box.zzk(["audit", "verify", "--json"], as: "admin").succeeded().decode(VerificationJSON.self)
        #expect(verify.ok)
    }

    @Test("a replayed (pre-rotation) vault-key slot is refused with exit 4")
    func staleSlotIsRejected() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault(with: [.worker])
        _ = try await box.addPerson(Fixtures.child)
        let oldSlot = try await box.sql("SELECT hex(vault_key_box) FROM users WHERE login = '\(Staff.worker.login)'")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        try await box.zzk(["keys", "rotate"], as: "admin").succeeded()
        try await box.sql("UPDATE users SET vault_key_box = x'\(oldSlot)' WHERE login = '\(Staff.worker.login)'")
        let result = try await box.zzk(["person", "list", "--purpose", "case_assessment"], as: Staff.worker.login)
        #expect(result.status == 4, "\(result)")
        #expect(result.stderr.contains("integrity failure in vault key slot of user \(Staff.worker.login)"), "\(result)")
        #expect(result.stderr.contains("stale or replayed"), "\(result)")
    }
}
