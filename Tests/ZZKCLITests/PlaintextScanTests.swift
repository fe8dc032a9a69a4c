import Foundation
import Testing
import TestSupport

/// Personal data must never reach the disk or the error stream in plaintext: the raw bytes of
/// vault.sqlite (and any -wal/-shm file) and of every file in Keys/ are searched for it.
@Suite("No plaintext on disk or in errors")
struct PlaintextScanTests {
    /// Every stored value in every letter case we can think of, plus its most telling parts —
    /// except words of the policy itself (enum codes such as `unemployed_registered`, labels),
    /// which the vault stores in its database with the policy and so prove nothing.
    static func needles(_ fields: [(String, String)]) -> [String] {
        var result: Set<String> = []
        for (_, value) in fields where value.count >= 5 {
            result.formUnion([value, value.lowercased(), value.uppercased()])
        }
        return result.filter { !policyText.contains($0) }.sorted()
    }

    /// The vault's policy as stored: the default files, one after another.
    static let policyText = TestSupport.Fixtures.defaultPolicyFiles.values.joined(separator: "\n")

    static let partsOfTheFamily = [
        "Żółkiewsk", "żółkiewsk", "Grzegorz", "Małgorzata", "Zofia", "Źródlana", "Zielona Łąka",
        "84031203573", "87110504684", "14262102426", "600 123 456", "Skłodowskiej", "Zażółć", "jaźń",
    ]

    @Test("after storing names, PESELs and an address, no stored file contains them")
    func storedPersonsAreSealed() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault(with: [.worker, .secondWorker, .specialist, .dpo])
        let father = try await box.addPerson(Fixtures.father)
        _ = try await box.addPerson(Fixtures.mother)
        _ = try await box.addPerson(Fixtures.child, as: Staff.secondWorker.login)
        try await box.zzk(["person", "update", "--purpose", "case_assessment", father, "--field", "contact.street=ul. Kościuszki 12"], as: Staff.worker.login).succeeded()
        try await box.zzk(["person", "find", "--purpose", "case_assessment", "--surname", "-"], as: Staff.worker.login, stdin: "Żółkiewska\n").succeeded()
        try await box.zzk(["person", "find", "--purpose", "case_assessment", "--pesel", "-"], as: Staff.worker.login, stdin: "87110504684\n").succeeded()
        _ = try await box.showPerson(father)

        let files = try box.storedFiles()
        #expect(files.contains { $0.path.hasSuffix("/vault.sqlite") && $0.bytes.count > 0 })
        #expect(files.contains { $0.path.hasSuffix("/Keys/audit-signing.key") })
        try box.expectNoPlaintext(
            Self.needles(Fixtures.father + Fixtures.mother + Fixtures.child) + Self.partsOfTheFamily + ["Kościuszki"])

        // Staff display names are sealed too, and passphrases are never stored.
        let staff = [Staff.admin, .worker, .secondWorker, .specialist, .dpo]
        try box.expectNoPlaintext(staff.map(\.name) + ["Wróblewska", "Ślęzak", "Ścibor", "Żmijewska"])
        try box.expectNoPlaintext(staff.map { box.passphrase(for: $0.login) })

        // The audit log holds ids and codes only.
        let log = try await box.zzk(["audit", "log", "--all", "--json"], as: Staff.dpo.login).succeeded()
        for needle in Self.partsOfTheFamily { #expect(!log.stdout.contains(needle), "'\(needle)' is in the audit log") }
    }

    @Test("a working session leaves no file in TMPDIR or HOME: import, read, search, key rotation and verify write nothing outside the vault")
    func noTemporaryOrHomeFiles() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault()
        let tmp = box.root.appendingPathComponent("tmp")
        let home = box.root.appendingPathComponent("home")
        for dir in [tmp, home] { try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700]) }
        let environment = ["TMPDIR": tmp.path, "SQLITE_TMPDIR": tmp.path, "HOME": home.path]
        var csv = "identity.first_name,identity.last_name,identity.pesel\n"
        csv += "Grzegorz,Żółkiewski,84031203573\nMałgorzata,Żółkiewska,87110504684\n"
        let file = try box.scratchFile("rodzina.csv", Data(csv.utf8))
        try await box.zzk(["person", "import", file, "--purpose", "case_assessment"], as: Staff.worker.login, environment: environment).succeeded()
        let mother = try await box.addPerson(Fixtures.mother)
        for arguments in [
            ["person", "show", mother, "--purpose", "case_assessment"],
            ["person", "list", "--purpose", "case_assessment"],
            ["person", "find", "--purpose", "case_assessment", "--pesel", "-"],
        ] {
            try await box.zzk(arguments, as: Staff.worker.login, stdin: "87110504684\n", environment: environment).succeeded()
        }
        try await box.zzk(["keys", "rotate"], as: "admin", environment: environment).succeeded()
        try await box.zzk(["audit", "verify"], as: Staff.dpo.login, environment: environment).succeeded()
        for dir in [tmp, home] {
            let left = try FileManager.default.contentsOfDirectory(atPath: dir.path)
            #expect(left.isEmpty, "\(dir.lastPathComponent) holds \(left)")
        }
        try box.expectNoPlaintext(Self.needles(Fixtures.mother) + ["Żółkiewski", "84031203573", "87110504684"])
    }

    @Test("after a key rotation and a removed value, the old plaintext is nowhere either")
    func rotationLeavesNoPlaintext() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault()
        let mother = try await box.addPerson(Fixtures.mother)
        try await box.zzk(["person", "update", "--purpose", "case_assessment", mother, "--clear", "contact.phone", "--field", "identity.last_name=Nowak"], as: Staff.worker.login).succeeded()
        try await box.zzk(["keys", "rotate"], as: "admin").succeeded()
        try box.expectNoPlaintext(Self.needles(Fixtures.mother) + ["Nowak", "NOWAK", "nowak", "600 123 456"])
    }

    @Test("the demo vault holds none of the demo family's names, PESELs, street or town in plaintext")
    func demoVaultIsSealed() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await DemoCommandTests.runDemo(box).succeeded()
        try box.expectNoPlaintext(Self.partsOfTheFamily + [
            "Grzegorz", "Żółkiewski", "Żółkiewska", "żółkiewska", "ŻÓŁKIEWSKA", "Małgorzata", "ul. Źródlana 7 m. 3", "99-123",
            "Szkoła Podstawowa nr 2", "Bożena Wróblewska", "Agnieszka Kowalczyk-Źródło", "Tomasz Łęcki", "Mariusz Ścibor", "Halina Żmijewska",
        ])
        // Nor do the demo's own passphrases end up in the database or Keys/.
        let passDir = box.vault.appendingPathComponent("demo-passphrases")
        for login in try FileManager.default.contentsOfDirectory(atPath: passDir.path) {
            let secret = try String(contentsOf: passDir.appendingPathComponent(login), encoding: .utf8)
            #expect(secret.utf8.count >= 12)
            try box.expectNoPlaintext([secret])
        }
    }

    @Test("stderr of rejected input never contains the rejected value", arguments: [
        "identity.pesel=84031203574",
        "identity.last_nam=Żółkiewski",
        "identity.birth_date=1984-02-30",
        "contact.postal_code=99 123",
        "contact.email=grzegorz.zolkiewski(at)poczta.pl",
        "contact.phone=+48 600 123 45x",
        "work.status=bezrobotny",
        "identity.first_name=Grzegorz\u{0007}",
        "identity.first_name=" + String(repeating: "Grzegorz ", count: 12),
    ])
    func rejectedValuesStayOutOfStderr(line: String) async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault()
        let value = String(line[line.index(after: line.firstIndex(of: "=")!)...])
        for arguments in [["--fields-from", "-"], ["--field", line]] {
            let result = try await box.zzk(["person", "add", "--purpose", "case_assessment"] + arguments, as: Staff.worker.login, stdin: line + "\n")
            #expect(result.status == 1, "\(result)")
            #expect(result.stderr.contains("rejected; nothing was written"), "\(result)")
            #expect(!result.stderr.contains(value.trimmingCharacters(in: .whitespacesAndNewlines.union(.controlCharacters))), "\(result)")
            #expect(!result.stderr.contains("Grzegorz") && !result.stderr.contains("84031203574") && !result.stderr.contains("600 123"))
        }
        #expect(try await box.listPersons().isEmpty)
    }

    @Test("stderr of failing reads and searches never contains stored values")
    func failingReadsStayQuiet() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault(with: [.worker, .specialist, .dpo])
        let father = try await box.addPerson(Fixtures.father)
        let outputs = [
            try await box.zzk(["person", "show", father, "--purpose", "case_assessment"], as: Staff.specialist.login),
            try await box.zzk(["person", "show", father, "--purpose", "case-assessment"], as: Staff.worker.login),
            try await box.zzk(["person", "find", "--purpose", "case_assessment", "--pesel", "-"], as: Staff.worker.login, stdin: "8403120357\n"),
            try await box.zzk(["person", "find", "--purpose", "case_assessment", "--surname", "-"], as: Staff.dpo.login, stdin: "Żółkiewski\n"),
        ]
        for result in outputs {
            #expect(result.status != 0, "\(result)")
            for needle in Self.partsOfTheFamily + ["8403120357"] { #expect(!result.stderr.contains(needle), "\(result)") }
        }
    }
}
