import Foundation
import GRDB
import SodiumKit
@_spi(Inspection) import ZZKVault

/// Shared fixtures: throw-away vaults on real SQLite files with real libsodium, using the
/// insecure `test` Argon2id profile so key derivation is cheap.
public enum Fixtures {
    /// A new empty temporary folder path (not created).
    public static func temporaryURL(_ label: String = "vault") -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("zzk-\(label)-\(UUID().uuidString)")
    }

    /// A passphrase in protected memory.
    public static func passphrase(_ text: String) -> SecureBytes {
        try! SecureBytes(copying: Array(text.utf8))
    }

    /// The passphrase every fixture user gets: `"<login> passphrase 123"`.
    public static func passphrase(for login: String) -> SecureBytes {
        passphrase("\(login) passphrase 123")
    }

    /// A vault with an admin, a social worker, a network worker, a specialist and a DPO.
    public struct StaffedVault {
        public let url: URL
        public let vault: Vault

        /// Unlocks `login` with its fixture passphrase.
        public func session(_ login: String) throws -> Session {
            try vault.unlock(login: login, passphrase: Fixtures.passphrase(for: login))
        }

        /// Where `field` of `person` is stored (`person_fields.locator`), found with `login`'s
        /// vault key: the tamper tests play an attacker who knows which row is which.
        public func locator(_ person: String, _ field: String, as login: String = "worker") throws -> String {
            guard let locator = try session(login).fieldLocator(person: person, field: field) else {
                throw VaultError.unknownRecord(kind: "data key", id: "\(field) of \(person)", remedy: Remedy("Write the field first"))
            }
            return locator
        }

        /// A raw GRDB connection to the vault file, for tampering behind the vault's back.
        public func rawDatabase() throws -> DatabaseQueue {
            try DatabaseQueue(path: url.appendingPathComponent("vault.sqlite").path)
        }

        /// Removes the vault folder.
        public func remove() {
            try? FileManager.default.removeItem(at: url)
        }
    }

    /// The internal key of the person whose public id is bound there, as SQL: data keys, field
    /// rows and blind indexes are keyed by `persons.pk` (schema v21).
    public static let personKey = "(SELECT pk FROM persons WHERE id = ?)"

    /// Creates a staffed vault in a fresh temporary folder, on `clock`.
    public static func staffedVault(clock: VaultClock = .system, policies: [String: String] = DefaultPolicies.files) throws
        -> StaffedVault
    {
        let url = temporaryURL()
        let vault = try Vault.create(
            at: url, policies: policies, adminLogin: "admin", adminName: "Bożena Wróblewska",
            passphrase: passphrase(for: "admin"), profile: .test, clock: clock)
        let admin = try vault.unlock(login: "admin", passphrase: passphrase(for: "admin"))
        // The IOD first: the vault's first IOD is the second person who approves the custodians.
        try addStaff(to: vault, by: admin, login: "iod", role: .dpo, name: "Halina Żmijewska", approver: nil)
        try addStaff(to: vault, by: admin, login: "worker", role: .socialWorker, name: "Agnieszka Łęcka")
        try addStaff(to: vault, by: admin, login: "network", role: .networkWorker, name: "Tomasz Źródło")
        try addStaff(to: vault, by: admin, login: "police", role: .specialist, name: "Mariusz Ścibor", cooperantID: "KPP-1")
        return StaffedVault(url: url, vault: vault)
    }

    /// Adds `login` the way the vault lets an administrator, with its fixture passphrase: a
    /// specialist directly; a custodian or IOD through a one-time code it redeems itself, then
    /// approved by `approver` (the IOD by default; nil for the vault's first IOD).
    public static func addStaff(
        to vault: Vault, by admin: Session, login: String, role: Role, name: String, cooperantID: String? = nil,
        approver: String? = "iod"
    ) throws {
        if role.needsSecondPerson {
            let invitation = try admin.inviteUser(login: login, role: role, name: name, cooperantID: cooperantID,
                                                  profile: .test)
            try vault.enrol(login: login, code: invitation.code, newPassphrase: passphrase(for: login))
            if let approver {
                try vault.unlock(login: approver, passphrase: passphrase(for: approver)).approveUser(login)
            }
        } else {
            try admin.addUser(login: login, role: role, name: name, cooperantID: cooperantID,
                              passphrase: passphrase(for: login), profile: .test)
        }
        // An OPS worker processes case data only under an authorisation in force.
        if role.handlesCases { try admin.authorise(authorisation(login)) }
    }

    /// An authorisation of `login` for `categories` and `purposes` until `until`, from 2026-01-02,
    /// with its document and confidentiality declaration.
    public static func authorisation(_ login: String, categories: [String] = ["*"], purposes: [String] = ["*"],
                                     until: String = "2099-12-31") -> AuthorisationDraft {
        AuthorisationDraft(login: login, categories: categories, purposes: purposes, validFrom: "2026-01-02",
                           validUntil: until, documentNumber: "UP/\(login)/2026", documentDate: "2026-01-02",
                           signatory: "Halina Żmijewska, dyrektor OPS", declarationBases: [.socialAssistance, .gdpr],
                           declarationOn: "2026-01-02")
    }

    /// A fictional person with Polish letters everywhere.
    public static let family: [[(String, String)]] = [
        [("identity.first_name", "Grzegorz"), ("identity.last_name", "Żółkiewski"), ("identity.pesel", "84031203573"),
         ("identity.birth_date", "1984-03-12"), ("contact.street", "ul. Źródlana 7 m. 3"), ("contact.postal_code", "99-123"),
         ("contact.city", "Zielona Łąka"), ("addiction.substance", "alcohol")],
        [("identity.first_name", "Małgorzata"), ("identity.last_name", "Żółkiewska"), ("identity.pesel", "87110504684"),
         ("contact.city", "Zielona Łąka"), ("violence.blue_card", "ongoing"), ("support.needs", "Zażółć gęślą jaźń")],
    ]

    /// Every plaintext in ``family`` worth scanning for in stored bytes.
    public static let plaintextsToScanFor = ["Żółkiewsk", "Grzegorz", "Małgorzata", "84031203573", "87110504684", "Źródlana", "Zielona Łąka",
                                             "Zażółć gęślą jaźń", "Bożena", "Wróblewska", "Agnieszka", "Łęcka", "Żmijewska"]

    /// The files of a vault that must never hold plaintext: the database, its WAL and
    /// shared-memory files, and everything in `Keys/`.
    public static func storedFiles(of url: URL) -> [URL] {
        var files = ["vault.sqlite", "vault.sqlite-wal", "vault.sqlite-shm"].map { url.appendingPathComponent($0) }
        let keys = url.appendingPathComponent("Keys")
        files += ((try? FileManager.default.contentsOfDirectory(atPath: keys.path)) ?? []).map { keys.appendingPathComponent($0) }
        return files.filter { FileManager.default.fileExists(atPath: $0.path) }
    }

    /// The plaintexts from `needles` found in any of `files`, as "file: needle".
    public static func plaintextHits(in files: [URL], needles: [String]) -> [String] {
        var hits: [String] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file.path) else { continue }
            for needle in needles {
                // Both NFC and NFD forms: the vault stores NFC, but scan for either.
                for form in Set([needle.precomposedStringWithCanonicalMapping, needle.decomposedStringWithCanonicalMapping]) {
                    if data.range(of: Data(form.utf8)) != nil { hits.append("\(file.lastPathComponent): \(needle)") }
                }
            }
        }
        return hits
    }

    /// The repository root, found from this source file's path.
    public static func repositoryRoot(file: String = #filePath) -> URL {
        URL(fileURLWithPath: file).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
}

extension Fixtures {
    /// A joint-controller arrangement of the leader and `parties`, for every category and purpose,
    /// signed on 2026-01-20 and open-ended.
    public static func jointArrangement(parties: [String], categories: [String] = ["*"]) -> AgreementDraft {
        AgreementDraft(kind: .jointControllers, parties: parties, categories: categories, purposes: ["*"],
                       title: "Porozumienie o współadministrowaniu danymi ZZK",
                       essence: "Każdy współadministrator odpowiada za dane, które sam wprowadza; "
                           + "wnioski osób przyjmuje OPS jako punkt kontaktowy.",
                       signedOn: "2026-01-20", validFrom: "2026-01-20", document: Array("podpisane porozumienie".utf8))
    }

    /// A staffed vault with a PZK registry — leader `OPS-1`, police `KPP-1`, employment office
    /// `PUP-1` — a second specialist `pup` at PUP-1, and both specialists authorised for every
    /// category until the end of 2099, and a joint-controller arrangement binding KPP-1 and PUP-1.
    public static func cooperationVault(clock: VaultClock = .system) throws -> StaffedVault {
        let fixture = try staffedVault(clock: clock)
        let admin = try fixture.session("admin")
        try admin.addUser(login: "pup", role: .specialist, name: "Ewa Łukasik", cooperantID: "PUP-1", passphrase: passphrase(for: "pup"), profile: .test)
        let network = try fixture.session("network")
        for (id, sector, leader) in [("OPS-1", "ops", true), ("KPP-1", "police", false), ("PUP-1", "employment_office", false)] {
            try network.addCooperant(Cooperant(
                id: id, name: "Instytucja \(id)", sector: sector, isLeader: leader, address: "ul. Polna 1, 99-123 Zielona Łąka",
                contact: "sekretariat@\(id.lowercased()).example.pl", dpoContact: "iod@\(id.lowercased()).example.pl",
                accessionSigned: leader ? nil : "2026-01-10", accessionAccepted: leader ? nil : "2026-01-15"))
        }
        try admin.authorise(authorisation("police"))
        try admin.authorise(authorisation("pup"))
        _ = try network.recordAgreement(jointArrangement(parties: ["KPP-1", "PUP-1"]))
        return fixture
    }

    /// The default policy with one more rule: the social worker may no longer read PESELs for
    /// case assessment (a proposal for the IOD to approve).
    public static let stricterPolicyTexts: [String: String] = {
        var texts = DefaultPolicies.files
        texts["rules.yaml"]! += """

              - id: forbid-worker-pesel-assessment
                effect: forbid
                who: [social-worker]
                fields: [identity.pesel]
                purposes: [case_assessment]
                why: "Proba czterech oczu: tekst tylko w tabeli."

            """
        return texts
    }()

    /// The provision a Niebieska Karta statutory channel names (`team open --provision`).
    public static let blueCardProvision = "art. 9c ustawy o przeciwdziałaniu przemocy domowej"
    /// The provision a statutory channel to the employment office names.
    public static let employmentProvision = "ustawa o rynku pracy i służbach zatrudnienia"

    /// A consent of `person` for the given cooperants, categories and purposes, valid from today.
    /// The consent meeting delivers the cooperants' art. 14 notices unless `noticesDelivered` is false.
    public static func consent(_ person: String, cooperants: [String], categories: [String], purposes: [String], explicit: Bool = false,
                               noticesDelivered: Bool = true) -> ConsentDraft {
        var draft = ConsentDraft(personID: person, cooperants: cooperants, categories: categories, purposes: purposes,
                                 textVersion: "ZZK-zgoda-2026-01", text: Array("Wyrażam zgodę na przekazanie danych członkom ZZK.".utf8),
                                 validFrom: CalendarDate.today(Date()))
        draft.explicit = explicit
        draft.noticesDelivered = noticesDelivered
        return draft
    }
}

extension Fixtures {
    /// A consent-only purpose for erasure tests (art. 17(3)(b) refuses erasure of data kept for
    /// a legal obligation or public task, which every default purpose is), as YAML to append
    /// to `purposes.yaml`, and the rule letting the social worker record data for it, for `rules.yaml`.
    public static let consentOnlyPurposeYAML = """
          - id: ngo_referral
            label: {pl: "Skierowanie do organizacji pozarządowej", en: "NGO referral"}
            legal_bases:
              - consent

        """
    public static let consentOnlyRuleYAML = """

          - id: sw-ngo-referral
            effect: permit
            actions: [read, write]
            who: [social-worker]
            fields: ["sensitivity:ordinary"]
            purposes: [ngo_referral]
            why: "Test policy: data collected on the person's consent alone."
        """

    /// The default policy files, by name (for tests that cannot import the library).
    public static var defaultPolicyFiles: [String: String] { DefaultPolicies.files }

    /// The default policies with ``consentOnlyPurposeYAML`` and ``consentOnlyRuleYAML`` added.
    public static func policiesWithConsentOnlyPurpose() -> [String: String] {
        var files = DefaultPolicies.files
        files["purposes.yaml"]! += consentOnlyPurposeYAML
        files["rules.yaml"]! += consentOnlyRuleYAML
        return files
    }
}

extension Fixtures {
    /// What a test's `.timeLimit` is multiplied by: `ZZK_TIME_LIMIT_SCALE`, which `make sanitize`
    /// sets because a sanitized build runs several times slower (and all tests share 2 cores with
    /// the `zzk` children of the CLI tests); 1 under `swift test`, where the limits are the guard.
    public static var timeLimitScale: Int {
        ProcessInfo.processInfo.environment["ZZK_TIME_LIMIT_SCALE"].flatMap(Int.init).map { max($0, 1) } ?? 1
    }
}
