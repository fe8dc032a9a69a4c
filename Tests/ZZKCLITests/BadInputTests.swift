import Foundation
import Testing

/// Field values and ids that must be rejected with exit 1, a message naming the field, and no
/// change at all to the vault (not even an audit entry).
@Suite("Rejected input")
struct BadInputTests {
    /// A vault with one person in it, and a snapshot of every table.
    struct Prepared {
        let box: Sandbox
        let person: String
        let snapshot: String
    }

    func prepare() async throws -> Prepared {
        let box = try Sandbox()
        do {
            try await box.makeVault()
            let person = try await box.addPerson(Fixtures.father)
            return Prepared(box: box, person: person, snapshot: try await box.snapshot(Sandbox.dataTables + Sandbox.auditTables))
        } catch {
            box.cleanUp()
            throw error
        }
    }

    /// Adds a person from `lines` on standard input and checks the rejection.
    func expectRejectedAdd(
        _ p: Prepared, _ lines: String, naming field: String, reason: String, secret: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let result = try await p.box.zzk(["person", "add", "--purpose", "case_assessment", "--fields-from", "-", "--json"], as: Staff.worker.login, stdin: lines)
        #expect(result.status == 1, "\(result)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, "no id may be printed: \(result)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains("nothing was written"), "\(result)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(": \(field): ") || result.stderr.contains("  - \(field): "), "the message must name \(field): \(result)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(reason), "expected '\(reason)': \(result)", sourceLocation: sourceLocation)
        if let secret {
            #expect(!result.stderr.contains(secret), "the rejected value leaked into stderr: \(result)", sourceLocation: sourceLocation)
        }
        #expect(try await p.box.snapshot(Sandbox.dataTables + Sandbox.auditTables) == p.snapshot,
                "a rejected input changed the vault", sourceLocation: sourceLocation)
    }

    @Test("an unknown field id exits 1, names the field, suggests identity.last_name, and adds nobody")
    func unknownField() async throws {
        let p = try await prepare()
        defer { p.box.cleanUp() }
        try await expectRejectedAdd(
            p, "identity.first_name=Jan\nidentity.last_nam=Kowalski\n",
            naming: "identity.last_nam", reason: "unknown field; did you mean 'identity.last_name'?", secret: "Kowalski")
        let persons = try await p.box.listPersons()
        #expect(persons.map(\.id) == [p.person], "person list must show no new person")
    }

    @Test("a PESEL with a wrong checksum exits 1 naming identity.pesel, without quoting it")
    func badPESELChecksum() async throws {
        let p = try await prepare()
        defer { p.box.cleanUp() }
        try await expectRejectedAdd(
            p, "identity.last_name=Nowak\nidentity.pesel=84031203574\n",
            naming: "identity.pesel", reason: "PESEL checksum does not match", secret: "84031203574")
        try await expectRejectedAdd(
            p, "identity.pesel=8403120357\n", naming: "identity.pesel", reason: "a PESEL has exactly 11 digits", secret: "8403120357")
    }

    @Test("a birth date that contradicts the PESEL is rejected")
    func birthDateMismatch() async throws {
        let p = try await prepare()
        defer { p.box.cleanUp() }
        try await expectRejectedAdd(
            p, "identity.pesel=87110504684\nidentity.birth_date=1987-11-06\n",
            naming: "identity.birth_date", reason: "does not match the birth date embedded in identity.pesel", secret: "1987-11-06")
    }

    @Test("over-long text exits 1 naming the field and the limit")
    func overLongText() async throws {
        let p = try await prepare()
        defer { p.box.cleanUp() }
        let longName = String(repeating: "Ż", count: 101)
        try await expectRejectedAdd(p, "identity.first_name=\(longName)\n", naming: "identity.first_name",
                                    reason: "too long: 101 characters, at most 100", secret: longName)
        let longNotes = String(repeating: "ź", count: 4001)
        try await expectRejectedAdd(p, "housing.conditions=\(longNotes)\n", naming: "housing.conditions",
                                    reason: "too long: 4001 characters, at most 4000", secret: String(repeating: "ź", count: 50))
    }

    @Test("values of the wrong type are rejected without being quoted", arguments: [
        ("identity.birth_date", "1984-13-45", "not a date"),
        ("contact.postal_code", "99123", "NN-NNN"),
        ("contact.phone", "sześćset", "9–15 digits"),
        ("contact.email", "jan.kowalski#poczta.pl", "not an e-mail address"),
        ("addiction.substance", "alkoholizm", "not one of the allowed codes"),
        ("income.monthly_net", "tysiąc", "not a whole number"),
        ("household.size", "31", "above the maximum 30"),
        ("health.pregnancy", "tak", "write true or false"),
        ("identity.first_name", "Zo\u{202E}fia", "U+202E"),
        ("identity.first_name", "Jan\\nKowalski", "U+A"),
    ])
    func wrongTypes(field: String, value: String, reason: String) async throws {
        let p = try await prepare()
        defer { p.box.cleanUp() }
        try await expectRejectedAdd(p, "\(field)=\(value)\n", naming: field, reason: reason, secret: value)
    }

    @Test("every problem is listed at once, and the valid values are not written either")
    func allProblemsListed() async throws {
        let p = try await prepare()
        defer { p.box.cleanUp() }
        let result = try await p.box.zzk(
            ["person", "add", "--purpose", "case_assessment", "--fields-from", "-"], as: Staff.worker.login,
            stdin: "identity.first_name=Halina\nidentity.pesel=11111111111\ncontact.citty=Opole\nidentity.first_name=Anna\n")
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("3 field values were rejected; nothing was written"), "\(result)")
        #expect(result.stderr.contains("identity.pesel: PESEL"))
        #expect(result.stderr.contains("contact.citty: unknown field; did you mean 'contact.city'?"))
        #expect(result.stderr.contains("identity.first_name: given more than once"))
        for value in ["Halina", "11111111111", "Opole", "Anna"] { #expect(!result.stderr.contains(value)) }
        #expect(try await p.box.snapshot(Sandbox.dataTables + Sandbox.auditTables) == p.snapshot)
    }

    @Test("a value rejected from a --fields-from file is reported with FILE:LINE")
    func rejectedFileValueNamesFileAndLine() async throws {
        let p = try await prepare()
        defer { p.box.cleanUp() }
        let file = try p.box.scratchFile("osoba.txt", Data("identity.first_name=Jan\n# PESEL z wniosku\nidentity.pesel=84031203574\n".utf8))
        let result = try await p.box.zzk(["person", "add", "--purpose", "case_assessment", "--fields-from", file], as: Staff.worker.login)
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("\(file):3: identity.pesel: PESEL checksum does not match"), "\(result)")
    }

    @Test("an empty value and an empty input are rejected")
    func emptyValues() async throws {
        let p = try await prepare()
        defer { p.box.cleanUp() }
        try await expectRejectedAdd(p, "identity.first_name=\n", naming: "identity.first_name", reason: "empty value")
        let nothing = try await p.box.zzk(["person", "add", "--purpose", "case_assessment", "--fields-from", "-"], as: Staff.worker.login, stdin: "# tylko komentarz\n\n")
        #expect(nothing.status == 1, "\(nothing)")
        #expect(nothing.stderr.contains("give at least one field"))
        let noEquals = try await p.box.zzk(["person", "add", "--purpose", "case_assessment", "--fields-from", "-"], as: Staff.worker.login, stdin: "identity.last_name Kowalski\n")
        #expect(noEquals.status == 1, "\(noEquals)")
        #expect(noEquals.stderr.contains("<stdin>:1: expected field.id=value"))
        #expect(!noEquals.stderr.contains("Kowalski"))
        #expect(try await p.box.snapshot(Sandbox.dataTables + Sandbox.auditTables) == p.snapshot)
    }

    @Test("a rejected update leaves the stored values as they were")
    func rejectedUpdate() async throws {
        let p = try await prepare()
        defer { p.box.cleanUp() }
        let result = try await p.box.zzk(["person", "update", "--purpose", "case_assessment", p.person, "--fields-from", "-"], as: Staff.worker.login,
                                         stdin: "contact.city=Kraków\nidentity.pesel=84031203570\n")
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("\(p.person): identity.pesel: PESEL checksum does not match"), "\(result)")
        #expect(!result.stderr.contains("84031203570") && !result.stderr.contains("Kraków"))
        #expect(try await p.box.snapshot(Sandbox.dataTables + Sandbox.auditTables) == p.snapshot)
        let person = try await p.box.showPerson(p.person)
        #expect(person.fields == Fixtures.dictionary(Fixtures.father))

        let clearUnknown = try await p.box.zzk(["person", "update", "--purpose", "case_assessment", p.person, "--clear", "identity.peselx"], as: Staff.worker.login)
        #expect(clearUnknown.status == 1, "\(clearUnknown)")
        #expect(clearUnknown.stderr.contains("identity.peselx: unknown field; did you mean 'identity.pesel'?"))
    }

    @Test("an unknown purpose exits 1 with a suggestion, and nothing is read")
    func unknownPurpose() async throws {
        let p = try await prepare()
        defer { p.box.cleanUp() }
        let result = try await p.box.zzk(["person", "show", p.person, "--purpose", "case_assesment"], as: Staff.worker.login)
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("unknown purpose 'case_assesment'. Did you mean 'case_assessment'?"), "\(result)")
        #expect(result.stdout.isEmpty)
        #expect(!result.stderr.contains("Żółkiewski"))
        #expect(try await p.box.snapshot(Sandbox.dataTables + Sandbox.auditTables) == p.snapshot)
    }

    @Test("an unknown field in person show --fields exits 1 with a suggestion")
    func unknownShowField() async throws {
        let p = try await prepare()
        defer { p.box.cleanUp() }
        let result = try await p.box.zzk(["person", "show", p.person, "--purpose", "case_assessment", "--fields", "contact.postcode"],
                                         as: Staff.worker.login)
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("contact.postcode: unknown field; did you mean 'contact.postal_code'?"), "\(result)")
        #expect(result.stdout.isEmpty)
    }

    @Test("an unknown person id exits 1 and points to person find")
    func unknownPerson() async throws {
        let p = try await prepare()
        defer { p.box.cleanUp() }
        let result = try await p.box.zzk(["person", "show", "P-00000000", "--purpose", "case_assessment"], as: Staff.worker.login)
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("no person 'P-00000000' in this vault"))
        #expect(result.stderr.contains("zzk person find --surname -"))
    }

    @Test("an invalid PESEL given to person find is rejected without being quoted")
    func findWithBadPESEL() async throws {
        let p = try await prepare()
        defer { p.box.cleanUp() }
        let result = try await p.box.zzk(["person", "find", "--purpose", "case_assessment", "--pesel", "-"], as: Staff.worker.login, stdin: "84031203575\n")
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("identity.pesel: not a valid PESEL"))
        #expect(!result.stderr.contains("84031203575"))
        let empty = try await p.box.zzk(["person", "find", "--purpose", "case_assessment", "--surname", "-"], as: Staff.worker.login, stdin: "")
        #expect(empty.status == 1, "\(empty)")
        #expect(empty.stderr.contains("nothing on standard input"))
    }

    @Test("invalid UTF-8 in a --fields-from file exits 1 with FILE:LINE, and nothing is written")
    func invalidUTF8InFile() async throws {
        let p = try await prepare()
        defer { p.box.cleanUp() }
        var bytes = Data("identity.first_name=Zofia\n# komentarz\nidentity.last_name=Ż".utf8)
        bytes.append(contentsOf: [0xC5, 0x28, 0xFF])  // a broken two-byte sequence, then a byte that is never UTF-8
        bytes.append(Data("łkiewska\n".utf8))
        let file = try p.box.scratchFile("latin2.txt", bytes)
        let result = try await p.box.zzk(["person", "add", "--purpose", "case_assessment", "--fields-from", file], as: Staff.worker.login)
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("\(file):3: not valid UTF-8 text"), "\(result)")
        #expect(!result.stderr.contains("Zofia"))
        #expect(try await p.box.snapshot(Sandbox.dataTables + Sandbox.auditTables) == p.snapshot)

        let fromStdin = try await p.box.run(["person", "add", "--purpose", "case_assessment", "--fields-from", "-"] + (try p.box.vaultArguments(Staff.worker.login)),
                                            stdinBytes: Data([0x69, 0x64, 0x3D, 0xFF, 0x0A]))
        #expect(fromStdin.status == 1, "\(fromStdin)")
        #expect(fromStdin.stderr.contains("<stdin>:1: not valid UTF-8 text"), "\(fromStdin)")

        let missing = try await p.box.zzk(["person", "add", "--purpose", "case_assessment", "--fields-from", p.box.root.appendingPathComponent("brak.txt").path], as: Staff.worker.login)
        #expect(missing.status == 1, "\(missing)")
        #expect(missing.stderr.contains("cannot use '\(p.box.root.path)/brak.txt': cannot open it (No such file or directory)"), "\(missing)")
    }
}
