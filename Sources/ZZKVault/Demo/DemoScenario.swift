import Foundation
import SodiumKit

/// `zzk demo`: builds a fictional gmina's vault and walks through the foundation's journeys,
/// narrating each step. Every person in it is invented; PESELs are valid but fictional.
public struct DemoScenario {
    /// The folder to create the demo vault in (must not exist, or be empty).
    public var url: URL
    /// Argon2id profile for the demo users (interactive by default, as in production).
    public var profile: Argon2id.Profile
    /// Receives each line of the story.
    public var say: (String) -> Void

    public init(url: URL, profile: Argon2id.Profile = .interactive, say: @escaping (String) -> Void) {
        self.url = url
        self.profile = profile
        self.say = say
    }

    /// The demo's staff: login, role, display name, cooperant.
    static let staff: [(String, Role, String, String?)] = [
        ("admin", .admin, "Bożena Wróblewska", nil),
        ("akowalczyk", .socialWorker, "Agnieszka Kowalczyk-Źródło", nil),
        ("tsieciowy", .networkWorker, "Tomasz Łęcki", nil),
        ("mdzielnicowy", .specialist, "Mariusz Ścibor", "KPP-ZIELONA-LAKA"),
        ("iod", .dpo, "Halina Żmijewska", nil),
    ]

    /// Runs the whole story. Throws the first error, as the CLI would report it.
    public func run() throws(VaultError) {
        say("ZZK Vault demo — Gmina Zielona Łąka (fictional). Vault folder: \(url.path)")
        say("")
        let passphrases = try makePassphrases()
        say("1. The administrator creates the vault (Argon2id profile '\(profile.rawValue)').")
        let vault = try Vault.create(at: url, policies: DefaultPolicies.files, adminLogin: "admin", adminName: Self.staff[0].2,
                                     passphrase: passphrases["admin"]!, profile: profile)
        try savePassphrases(passphrases)
        say("   vault \(vault.vaultID); audit log origin \(vault.origin)")
        say("   demo passphrases are in \(url.appendingPathComponent("demo-passphrases").path)/LOGIN (demo only!)")

        let admin = try vault.unlock(login: "admin", passphrase: passphrases["admin"]!)
        say("2. The administrator adds the staff:")
        for (login, role, name, cooperant) in Self.staff.dropFirst() {
            try admin.addUser(login: login, role: role, name: name, cooperantID: cooperant, passphrase: passphrases[login]!, profile: profile)
            say("   + \(login) — \(role.rawValue)\(cooperant.map { " at \($0)" } ?? "")\(role.isCustodian ? " (holds the vault key)" : role == .dpo ? " (no data key)" : " (key pair only, reads through grants)")")
        }

        say("3. Social worker akowalczyk records the Żółkiewski family after the first visit.")
        let worker = try vault.unlock(login: "akowalczyk", passphrase: passphrases["akowalczyk"]!)
        let household = try worker.createHousehold(purpose: "case_assessment")
        let father = try worker.addPerson([
            ("identity.first_name", "Grzegorz"), ("identity.last_name", "Żółkiewski"), ("identity.pesel", "84031203573"),
            ("identity.birth_date", "1984-03-12"), ("contact.street", "ul. Źródlana 7 m. 3"), ("contact.postal_code", "99-123"),
            ("contact.city", "Zielona Łąka"), ("work.status", "unemployed_registered"), ("addiction.substance", "alcohol"),
        ], purpose: "case_assessment", household: HouseholdMembership(householdID: household, relation: .head))
        let mother = try worker.addPerson([
            ("identity.first_name", "Małgorzata"), ("identity.last_name", "Żółkiewska"), ("identity.pesel", "87110504684"),
            ("contact.street", "ul. Źródlana 7 m. 3"), ("contact.postal_code", "99-123"), ("contact.city", "Zielona Łąka"),
            ("contact.phone", "+48 600 123 456"), ("violence.blue_card", "ongoing"),
        ], purpose: "case_assessment", household: HouseholdMembership(householdID: household, relation: .spouse))
        let child = try worker.addPerson([
            ("identity.first_name", "Zofia"), ("identity.last_name", "Żółkiewska"), ("identity.pesel", "14262102426"),
            ("education.school", "Szkoła Podstawowa nr 2 im. Marii Skłodowskiej-Curie"), ("health.disability_level", "child_disability_certificate"),
        ], purpose: "case_assessment", household: HouseholdMembership(householdID: household, relation: .child))
        say("   household \(household): \(father) (head), \(mother) (spouse), \(child) (child)")
        say("   each person's fields are sealed with XChaCha20-Poly1305 under one data key per category;")
        say("   PESEL and surname get keyed BLAKE2b blind indexes — no plaintext index exists.")

        say("4. She reads Zofia's record back for the purpose 'case_assessment':")
        let zofia = try worker.showPerson(child, purpose: "case_assessment")
        for field in vault.catalog.fields where zofia.fields[field.id] != nil {
            say("   \(field.label.pl): \(zofia.fields[field.id]!)")
        }
        let found = try worker.findPersons(.surname, value: "żółkiewska", purpose: "case_assessment")
        say("   searching the surname 'żółkiewska' (any case) finds \(found.count) persons: \(found.joined(separator: ", "))")

        say("5. A police specialist without a ZZK grant tries to read the mother's record:")
        let police = try vault.unlock(login: "mdzielnicowy", passphrase: passphrases["mdzielnicowy"]!)
        do {
            _ = try police.showPerson(mother, purpose: "violence_prevention")
            say("   unexpectedly allowed!")
        } catch {
            say("   refused (exit code \(error.exitCode)), and the refusal is in the audit log.")
        }

        say("6. Someone tries the social worker's login with a wrong passphrase:")
        let wrong: SecureBytes
        do { wrong = try SecureBytes(copying: Array("not the passphrase".utf8)) } catch { throw .passphraseRejected(reason: error.description) }
        do { _ = try vault.unlock(login: "akowalczyk", passphrase: wrong) } catch {
            say("   \(error.description)")
        }

        say("7. The administrator rotates the vault key:")
        let report = try admin.rotateVaultKey()
        say("   epoch \(report.epoch): \(report.dataKeys) data keys re-wrapped, \(report.custodians) custodian slots re-sealed, in one transaction.")
        let again = try vault.unlock(login: "akowalczyk", passphrase: passphrases["akowalczyk"]!)
        let father2 = try again.showPerson(father, fields: ["identity.last_name"], purpose: "case_assessment")
        say("   after rotation the record still opens: \(father2.fields["identity.last_name"] ?? "?")")

        say("8. The data protection officer (IOD) verifies the audit log:")
        let dpo = try vault.unlock(login: "iod", passphrase: passphrases["iod"]!)
        let verification = try dpo.verifyAudit()
        say("   \(verification.ok ? "OK" : "FAILED"): \(verification.entries) entries, \(verification.checkpoints) signed checkpoints, root \(verification.rootHash.prefix(16))…")
        for entry in try dpo.auditEntries(personID: mother) {
            say("   #\(entry.seq) \(entry.time) \(entry.actor) \(entry.action) \(entry.decision.rawValue)\(entry.purpose.map { " purpose=\($0)" } ?? "")")
        }
        say("")
        say("Done. Explore further, e.g.:")
        say("   export ZZK_VAULT=\(url.path) ZZK_USER=iod")
        say("   zzk audit log --passphrase-file \(url.path)/demo-passphrases/iod")
    }

    private func makePassphrases() throws(VaultError) -> [String: SecureBytes] {
        var result: [String: SecureBytes] = [:]
        let words = ["łąka", "źródło", "żuraw", "sosna", "kładka", "dąb", "wierzba", "rzeka", "grusza", "jeż", "ćma", "ślimak"]
        for (login, _, _, _) in Self.staff {
            let phrase = (0..<5).map { _ in words[Int(Random.uniform(UInt32(words.count)))] }.joined(separator: "-")
            do { result[login] = try SecureBytes(copying: Array(phrase.utf8)) } catch { throw .passphraseRejected(reason: error.description) }
        }
        return result
    }

    private func savePassphrases(_ passphrases: [String: SecureBytes]) throws(VaultError) {
        let dir = url.appendingPathComponent("demo-passphrases")
        guard mkdir(dir.path, 0o700) == 0 else { throw .fileError(path: dir.path, reason: "cannot create (\(KeyDirectory.errnoText()))") }
        for (login, secret) in passphrases {
            try secret.withUnsafeBytes { (bytes) throws(VaultError) in
                try KeyDirectory.writeNew(bytes, to: dir.appendingPathComponent(login), mode: 0o600)
            }
        }
    }
}
