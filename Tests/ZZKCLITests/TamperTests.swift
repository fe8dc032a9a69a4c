import Foundation
import Testing

/// Changes made behind the vault's back (with the `sqlite3` tool, or by editing key files)
/// must be detected: exit 4, naming what failed.
@Suite("Tampering (exit 4)")
struct TamperTests {
    /// A vault with the father and the mother stored.
    func prepare() async throws -> (box: Sandbox, father: String, mother: String) {
        let box = try Sandbox()
        do {
            try await box.makeVault()
            let father = try await box.addPerson(Fixtures.father)
            let mother = try await box.addPerson(Fixtures.mother)
            return (box, father, mother)
        } catch {
            box.cleanUp()
            throw error
        }
    }

    func hexColumn(_ box: Sandbox, _ sql: String) async throws -> String {
        let hex = try await box.sql(sql).trimmingCharacters(in: .whitespacesAndNewlines)
        try #require(!hex.isEmpty && hex.count % 2 == 0, "no blob for: \(sql)")
        return hex
    }

    /// Flips the lowest bit of byte `index` of a hex string.
    func flip(_ hex: String, at index: Int) -> String {
        var bytes = Array(hex.utf8)
        let position = index * 2 + 1
        let digit = Int(String(UnicodeScalar(bytes[position])), radix: 16)! ^ 1
        bytes[position] = Array(String(digit, radix: 16, uppercase: true).utf8)[0]
        return String(decoding: bytes, as: UTF8.self)
    }

    func expectIntegrityFailure(_ result: CLIResult, naming object: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 4, "\(result)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains("integrity failure in \(object)"), "\(result)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains("tell your data protection officer (IOD)"), sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, "no data may be printed: \(result)", sourceLocation: sourceLocation)
    }

    @Test("a flipped byte in a sealed field makes person show exit 4 naming the field and person; other fields still read")
    func flippedFieldByte() async throws {
        let (box, father, _) = try await prepare()
        defer { box.cleanUp() }
        let row = "person = (SELECT pk FROM persons WHERE id = '\(father)') AND locator = '\(try box.locator(father, "identity.last_name"))'"
        let sealed = try await hexColumn(box, "SELECT hex(sealed) FROM person_fields WHERE \(row)")
        try await box.sql("UPDATE person_fields SET sealed = x'\(flip(sealed, at: 30))' WHERE \(row)")

        let result = try await box.zzk(["person", "show", father, "--purpose", "case_assessment", "--json"], as: Staff.worker.login)
        expectIntegrityFailure(result, naming: "field identity.last_name of person \(father)")
        #expect(result.stderr.contains("its seal does not match"))

        // The failed read is audited as a failure.
        let log = try await box.auditLog(extra: ["--person", father])
        let failed = try #require(log.last)
        #expect(failed.action == "person.read" && failed.decision == "failed" && failed.detail == "reason=integrity")

        // Other fields of the same person are intact.
        let city = try await box.showPerson(father, fields: ["contact.city"])
        #expect(city.fields == ["contact.city": "Zielona Łąka"])
    }

    @Test("a flipped byte in the nonce is detected too")
    func flippedNonceByte() async throws {
        let (box, father, _) = try await prepare()
        defer { box.cleanUp() }
        let row = "person = (SELECT pk FROM persons WHERE id = '\(father)') AND locator = '\(try box.locator(father, "identity.pesel"))'"
        let sealed = try await hexColumn(box, "SELECT hex(sealed) FROM person_fields WHERE \(row)")
        try await box.sql("UPDATE person_fields SET sealed = x'\(flip(sealed, at: 0))' WHERE \(row)")
        let result = try await box.zzk(["person", "show", father, "--purpose", "case_assessment", "--fields", "identity.pesel"], as: Staff.worker.login)
        expectIntegrityFailure(result, naming: "field identity.pesel of person \(father)")
    }

    @Test("one person's sealed field copied onto another person's row makes person show exit 4")
    func fieldMovedToAnotherPerson() async throws {
        let (box, father, mother) = try await prepare()
        defer { box.cleanUp() }
        let (from, to) = (try box.locator(father, "identity.first_name"), try box.locator(mother, "identity.first_name"))
        try await box.sql("""
            UPDATE person_fields SET sealed = (SELECT sealed FROM person_fields WHERE person = (SELECT pk FROM persons WHERE id = '\(father)') AND locator = '\(from)')
            WHERE person = (SELECT pk FROM persons WHERE id = '\(mother)') AND locator = '\(to)'
            """)
        let result = try await box.zzk(["person", "show", mother, "--purpose", "case_assessment"], as: Staff.worker.login)
        expectIntegrityFailure(result, naming: "field identity.first_name of person \(mother)")
        #expect(!result.stderr.contains("Grzegorz"))
        // The source row is untouched and still reads.
        #expect(try await box.showPerson(father).fields == Fixtures.dictionary(Fixtures.father))
    }

    @Test("a sealed value moved to another field of the same person, or replayed from an older version, exits 4")
    func fieldMovedOrReplayed() async throws {
        let (box, father, _) = try await prepare()
        defer { box.cleanUp() }
        let city = "person = (SELECT pk FROM persons WHERE id = '\(father)') AND locator = '\(try box.locator(father, "contact.city"))'"
        let oldCity = try await hexColumn(box, "SELECT hex(sealed) FROM person_fields WHERE \(city)")
        try await box.zzk(["person", "update", "--purpose", "case_assessment", father, "--field", "contact.city=Łódź"], as: Staff.worker.login).succeeded()
        try await box.sql("UPDATE person_fields SET sealed = x'\(oldCity)' WHERE \(city)")
        let replayed = try await box.zzk(["person", "show", father, "--purpose", "case_assessment", "--fields", "contact.city"], as: Staff.worker.login)
        expectIntegrityFailure(replayed, naming: "field contact.city of person \(father)")

        let (name, surname) = (try box.locator(father, "identity.first_name"), try box.locator(father, "identity.last_name"))
        try await box.sql("""
            UPDATE person_fields SET sealed = (SELECT sealed FROM person_fields WHERE person = (SELECT pk FROM persons WHERE id = '\(father)') AND locator = '\(name)')
            WHERE person = (SELECT pk FROM persons WHERE id = '\(father)') AND locator = '\(surname)'
            """)
        let moved = try await box.zzk(["person", "show", father, "--purpose", "case_assessment", "--fields", "identity.last_name"], as: Staff.worker.login)
        expectIntegrityFailure(moved, naming: "field identity.last_name of person \(father)")
    }

    @Test("two persons' wrapped data keys swapped make person show exit 4 naming the data key")
    func swappedDataKeys() async throws {
        let (box, father, mother) = try await prepare()
        defer { box.cleanUp() }
        let fatherKey = try await hexColumn(box, "SELECT hex(sealed) FROM data_keys WHERE person = (SELECT pk FROM persons WHERE id = '\(father)') AND category = 'identity'")
        let motherKey = try await hexColumn(box, "SELECT hex(sealed) FROM data_keys WHERE person = (SELECT pk FROM persons WHERE id = '\(mother)') AND category = 'identity'")
        #expect(fatherKey != motherKey)
        try await box.sql("""
            UPDATE data_keys SET sealed = x'\(motherKey)' WHERE person = (SELECT pk FROM persons WHERE id = '\(father)') AND category = 'identity';
            UPDATE data_keys SET sealed = x'\(fatherKey)' WHERE person = (SELECT pk FROM persons WHERE id = '\(mother)') AND category = 'identity'
            """)
        for person in [father, mother] {
            let result = try await box.zzk(["person", "show", person, "--purpose", "case_assessment"], as: Staff.worker.login)
            expectIntegrityFailure(result, naming: "data key 'identity' of person \(person)")
            #expect(result.stderr.contains("the wrapped key was altered, swapped or replayed"))
        }
    }

    @Test("one person's two category keys swapped are detected as well")
    func swappedCategoryKeys() async throws {
        let (box, father, _) = try await prepare()
        defer { box.cleanUp() }
        let identity = try await hexColumn(box, "SELECT hex(sealed) FROM data_keys WHERE person = (SELECT pk FROM persons WHERE id = '\(father)') AND category = 'identity'")
        let contact = try await hexColumn(box, "SELECT hex(sealed) FROM data_keys WHERE person = (SELECT pk FROM persons WHERE id = '\(father)') AND category = 'contact'")
        try await box.sql("""
            UPDATE data_keys SET sealed = x'\(contact)' WHERE person = (SELECT pk FROM persons WHERE id = '\(father)') AND category = 'identity';
            UPDATE data_keys SET sealed = x'\(identity)' WHERE person = (SELECT pk FROM persons WHERE id = '\(father)') AND category = 'contact'
            """)
        let result = try await box.zzk(["person", "show", father, "--purpose", "case_assessment", "--fields", "contact.city"], as: Staff.worker.login)
        // Finding any row opens every category's key, in catalogue order: identity fails first.
        expectIntegrityFailure(result, naming: "data key 'identity' of person \(father)")
    }

    @Test("an audit entry edited with the triggers dropped makes audit verify exit 4 naming the entry")
    func editedAuditEntry() async throws {
        let (box, father, _) = try await prepare()
        defer { box.cleanUp() }
        let entry = try #require(try await box.auditLog(extra: ["--person", father]).first { $0.action == "person.create" })

        // The triggers alone refuse the edit.
        let guarded = try await box.runProgram(SQLiteTool.sqlite3 ?? SQLiteTool.python3,
            SQLiteTool.sqlite3 != nil
                ? [box.databaseURL.path, "UPDATE audit_entries SET detail = 'x' WHERE seq = \(entry.seq)"]
                : ["-c", SQLiteTool.pythonScript, box.databaseURL.path, "UPDATE audit_entries SET detail = 'x' WHERE seq = \(entry.seq)"])
        #expect(guarded.status != 0)
        #expect(guarded.stderr.contains("the audit log is append-only"), "\(guarded)")

        try await box.sql("""
            DROP TRIGGER audit_entries_no_update;
            UPDATE audit_entries SET actor = 'admin', detail = 'household=H-00000000' WHERE seq = \(entry.seq)
            """)
        let entriesBefore = try await box.auditEntryCount()
        let text = try await box.zzk(["audit", "verify"], as: Staff.dpo.login)
        #expect(text.status == 4, "\(text)")
        #expect(text.stdout.contains("Audit log FAILED verification"), "\(text)")
        #expect(text.stdout.contains("first entry that does not match: \(entry.seq)"), "\(text)")
        #expect(text.stdout.contains("entry \(entry.seq): its contents do not match its recorded hash"), "\(text)")
        #expect(text.stderr.contains("the audit log does not verify"), "\(text)")

        let json = try await box.zzk(["audit", "verify", "--json"], as: "admin")
        #expect(json.status == 4, "\(json)")
        let report = try json.decode(VerificationJSON.self)
        #expect(report.ok == false)
        #expect(report.firstBadEntry == entry.seq)
        #expect(report.problems.contains { $0.hasPrefix("entry \(entry.seq):") })
        #expect(json.stdout.contains("\"ok\" : false"))
        #expect(try await box.auditEntryCount() == entriesBefore, "a failed verification must leave the log as found")
    }

    @Test("a deleted audit entry makes audit verify exit 4")
    func deletedAuditEntry() async throws {
        let (box, _, _) = try await prepare()
        defer { box.cleanUp() }
        try await box.sql("DROP TRIGGER audit_entries_no_delete; DELETE FROM audit_entries WHERE seq = 3")
        let result = try await box.zzk(["audit", "verify", "--json"], as: Staff.dpo.login)
        #expect(result.status == 4, "\(result)")
        let report = try result.decode(VerificationJSON.self)
        #expect(!report.ok)
        #expect(report.firstBadEntry == 3)
    }

    @Test("a flipped byte in Keys/audit-signing.key exits 4 naming the key file")
    func flippedSigningKey() async throws {
        let (box, father, _) = try await prepare()
        defer { box.cleanUp() }
        let key = box.keysURL.appendingPathComponent("audit-signing.key")
        var bytes = try Data(contentsOf: key)
        bytes[7] ^= 0x01
        try bytes.write(to: key)
        #expect(chmod(key.path, 0o600) == 0)
        let entries = try await box.auditEntryCount()

        let list = try await box.zzk(["person", "list", "--purpose", "case_assessment"], as: Staff.worker.login)
        expectIntegrityFailure(list, naming: key.path)
        #expect(list.stderr.contains("the audit-signing key does not belong to this vault"))
        let show = try await box.zzk(["person", "show", father, "--purpose", "case_assessment"], as: Staff.worker.login)
        expectIntegrityFailure(show, naming: key.path)
        #expect(try await box.auditEntryCount() == entries, "nothing may be written with a foreign key")
    }

    @Test("a truncated signing key exits 4 naming the key file")
    func truncatedSigningKey() async throws {
        let (box, _, _) = try await prepare()
        defer { box.cleanUp() }
        let key = box.keysURL.appendingPathComponent("audit-signing.key")
        try Data(try Data(contentsOf: key).prefix(31)).write(to: key)
        #expect(chmod(key.path, 0o600) == 0)
        let result = try await box.zzk(["person", "list", "--purpose", "case_assessment"], as: Staff.worker.login)
        expectIntegrityFailure(result, naming: key.path)
        #expect(result.stderr.contains("wrong length"))
    }

    @Test("with the IOD's witness folder, a vault file put back from an older copy is refused by every command (exit 4), nothing printed")
    func rolledBackBelowWitnessIsRefused() async throws {
        let (box, father, _) = try await prepare()
        defer { box.cleanUp() }
        let database = box.vault.appendingPathComponent("vault.sqlite")
        let copy = box.vault.deletingLastPathComponent().appendingPathComponent("old-copy.sqlite")
        // The thief copies the database with its write-ahead log (closing does not fold it in).
        let fm = FileManager.default
        try fm.copyItem(at: database, to: copy)
        if fm.fileExists(atPath: database.path + "-wal") {
            try fm.copyItem(atPath: database.path + "-wal", toPath: copy.path + "-wal")
        }
        _ = try await box.zzk(["person", "update", father, "--purpose", "case_assessment", "--field", "contact.city=Gdańsk"],
                              as: Staff.worker.login).succeeded()
        let witness = box.vault.deletingLastPathComponent().appendingPathComponent("witness")
        try FileManager.default.createDirectory(at: witness, withIntermediateDirectories: false)
        let witnessed = try await box.zzk(["audit", "witness", "--to", witness.path, "--json"], as: Staff.dpo.login).succeeded()
        #expect(witnessed.stdout.contains("\"witness_key\""))
        let fine = try await box.zzk(["person", "show", father, "--purpose", "case_assessment", "--witness", witness.path], as: Staff.worker.login)
        #expect(fine.status == 0, "\(fine)")
        // audit verify reports the newest witnessed size, which the log (longer by now) extends.
        let verified = try await box.zzk(["audit", "verify", "--witness", witness.path, "--json"], as: Staff.dpo.login).succeeded()
        let report = try #require(try JSONSerialization.jsonObject(with: Data(verified.stdout.utf8)) as? [String: Any])
        let witnessedSize = try #require(report["witnessed_size"] as? Int, "\(verified)")
        #expect(witnessedSize > 0 && witnessedSize < (report["entries"] as? Int ?? 0))
        // The thief with a backup puts the older file back.
        for suffix in ["", "-wal", "-shm"] where fm.fileExists(atPath: database.path + suffix) {
            try fm.removeItem(atPath: database.path + suffix)
        }
        try fm.copyItem(at: copy, to: database)
        if fm.fileExists(atPath: copy.path + "-wal") {
            try fm.copyItem(atPath: copy.path + "-wal", toPath: database.path + "-wal")
        }
        let result = try await box.zzk(["person", "show", father, "--purpose", "case_assessment", "--witness", witness.path],
                                       as: Staff.worker.login)
        expectIntegrityFailure(result, naming: "the vault against its witnessed checkpoint")
        #expect(result.stderr.contains("put back from an older copy"))
        // Without the folder the rolled-back vault opens: the witness must be given every time (ZZK_WITNESS).
        let unchecked = try await box.zzk(["person", "show", father, "--purpose", "case_assessment"], as: Staff.worker.login,
                                          environment: ["ZZK_WITNESS": witness.path])
        #expect(unchecked.status == 4)
    }
}
