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
    /// How notices are rendered, so the demo keeps the texts handed over (as a front end does).
    public var noticeTexts: NoticeTextSource?

    public init(url: URL, profile: Argon2id.Profile = .interactive, noticeTexts: NoticeTextSource? = nil, say: @escaping (String) -> Void) {
        self.url = url
        self.profile = profile
        self.noticeTexts = noticeTexts
        self.say = say
    }

    /// The demo's staff: login, role, display name, cooperant.
    static let staff: [(String, Role, String, String?)] = [
        ("admin", .admin, "Bożena Wróblewska", nil),
        ("akowalczyk", .socialWorker, "Agnieszka Kowalczyk-Źródło", nil),
        ("tsieciowy", .networkWorker, "Tomasz Łęcki", nil),
        ("mdzielnicowy", .specialist, "Mariusz Ścibor", "KPP-ZIELONA-LAKA"),
        ("edoradca", .specialist, "Ewa Łukasik", "PUP-ZIELONA-LAKA"),
        ("pedagog", .specialist, "Józef Śliwiński", "SP2-ZIELONA-LAKA"),
        ("iod", .dpo, "Halina Żmijewska", nil),
    ]

    /// The demo's PZK registry: id, name, sector (nil for the leader), NIP, REGON.
    static let registry: [(String, String, String?, String, String)] = [
        ("OPS-ZIELONA-LAKA", "Ośrodek Pomocy Społecznej w Zielonej Łące", nil, "5260181596", "083016611"),
        ("KPP-ZIELONA-LAKA", "Komenda Powiatowa Policji w Zielonej Łące", "police", "3186091394", "099603081"),
        ("PUP-ZIELONA-LAKA", "Powiatowy Urząd Pracy w Zielonej Łące", "employment_office", "2462819480", "219935184"),
        ("SP2-ZIELONA-LAKA", "Szkoła Podstawowa nr 2 im. Marii Skłodowskiej-Curie", "school", "1909378658", "797543230"),
        ("STOW-DOBRY-DOM", "Stowarzyszenie „Dobry Dom”", "ngo", "1948757495", "118625272"),
    ]

    /// Every user's authorisation: login, categories, purposes, who signed it, the declaration's statutes.
    static let authorisations: [(String, [String], [String], String, [ConfidentialityBasis])] = [
        ("admin", ["*"], ["*"], "Halina Kwiatkowska, dyrektor OPS", [.gdpr]),
        ("akowalczyk", ["*"], ["*"], "Halina Kwiatkowska, dyrektor OPS", [.socialAssistance, .domesticViolence, .gdpr]),
        ("tsieciowy", ["*"], ["*"], "Halina Kwiatkowska, dyrektor OPS", [.socialAssistance, .gdpr]),
        ("iod", ["*"], ["*"], "Halina Kwiatkowska, dyrektor OPS", [.socialAssistance, .gdpr]),
        ("mdzielnicowy", ["identity", "contact", "household", "violence", "justice"],
         ["zzk_coordination", "violence_prevention", "child_protection"], "Komendant Powiatowy Policji w Zielonej Łące",
         [.domesticViolence, .gdpr]),
        ("edoradca", ["identity", "contact", "work", "education"], ["zzk_coordination", "employment_activation"],
         "Dyrektor Powiatowego Urzędu Pracy w Zielonej Łące", [.gdpr]),
        ("pedagog", ["identity", "education", "household"], ["zzk_coordination", "child_protection"],
         "Dyrektor Szkoły Podstawowej nr 2 w Zielonej Łące", [.domesticViolence, .gdpr]),
    ]

    /// The essence of the PZK's art. 26 arrangement, as the persons are told it.
    static let arrangementEssence = """
        Ośrodek Pomocy Społecznej, lider Partnerstwa, i członkowie Partnerstwa wymienieni powyżej wspólnie ustalają \
        cele i sposoby przetwarzania danych w zespołach ZZK. Każdy współadministrator odpowiada za dane, \
        które sam wprowadza, i za swoich pracowników. \
        Punktem kontaktowym dla osób, których dane dotyczą, jest OPS: przyjmuje wnioski o dostęp, sprostowanie, \
        ograniczenie i sprzeciw i przekazuje je pozostałym współadministratorom. Osoba może wykonywać swoje prawa \
        wobec każdego z nich (art. 26 ust. 3 RODO).
        """

    /// What each cooperant's own notices say: recipients and retention, as its IOD approved them.
    static let noticeTexts: [(String, String, String)] = [
        ("KPP-ZIELONA-LAKA", "sąd rodzinny i prokuratura oraz członkowie zespołu interdyscyplinarnego, w zakresie procedury „Niebieskie Karty”",
         "dokumentacja procedury „Niebieskie Karty” — 10 lat od jej zakończenia, według przepisów o dokumentacji Policji"),
        ("PUP-ZIELONA-LAKA", "wojewódzki urząd pracy i minister właściwy do spraw pracy — wyłącznie dane zbiorcze; inne organy w zakresie ustawy o rynku pracy",
         "10 lat od zakończenia współpracy (kategoria archiwalna B10 według JRWA urzędu)"),
        ("SP2-ZIELONA-LAKA", "poradnia psychologiczno-pedagogiczna i sąd rodzinny w zakresie przepisów; nie przekazujemy innym odbiorcom",
         "do końca nauki w szkole i 5 lat później (kategoria archiwalna B5)"),
        ("STOW-DOBRY-DOM", "nie przekazujemy danych poza zespół zadaniowy", "do zakończenia udziału w zespole zadaniowym, potem dane usuwamy"),
    ]

    /// What the demo made, for `zzk demo --json`: the vault, every user with their demo
    /// passphrase, and the persons' ids.
    public struct Summary: Sendable, Codable {
        public struct DemoUser: Sendable, Codable {
            public var login: String
            public var role: String
            public var passphrase: String
        }
        public var vault: String
        public var users: [DemoUser]
        public var persons: [String]
    }

    /// Runs the whole story and returns what it made. Throws the first error, as the CLI would report it.
    @discardableResult
    public func run() throws(VaultError) -> Summary {
        say("ZZK Vault demo — Gmina Zielona Łąka (fictional). Vault folder: \(url.path)")
        say("")
        let passphrases = try makePassphrases()
        say("1. The administrator creates the vault (Argon2id profile '\(profile.rawValue)') and adds the staff.")
        _ = try Vault.create(at: url, policies: DefaultPolicies.files, adminLogin: "admin", adminName: Self.staff[0].2,
                             passphrase: passphrases["admin"]!, profile: profile)
        // Opened again as a front end opens it: the notices handed over keep their texts.
        let vault = try Vault.open(at: url, noticeTexts: noticeTexts)
        try savePassphrases(passphrases)
        say("   vault \(vault.vaultID); audit log origin \(vault.origin)")
        let admin = try vault.unlock(login: "admin", passphrase: passphrases["admin"]!)
        // The IOD first: as the vault's first IOD they need no approval, and they are the second
        // person who approves every custodian after them (four eyes).
        var iod: Session?
        for (login, role, name, cooperant) in Self.staff.dropFirst().sorted(by: { $0.1 == .dpo && $1.1 != .dpo }) {
            if role.needsSecondPerson {
                // Custodians and the IOD choose their own passphrase through a one-time code.
                let invitation = try admin.inviteUser(login: login, role: role, name: name, cooperantID: cooperant,
                                                      profile: profile)
                try vault.enrol(login: login, code: invitation.code, newPassphrase: passphrases[login]!)
                if let iod {
                    try iod.approveUser(login)
                } else {
                    iod = try vault.unlock(login: login, passphrase: passphrases[login]!)
                }
            } else {
                try admin.addUser(login: login, role: role, name: name, cooperantID: cooperant,
                                  passphrase: passphrases[login]!, profile: profile)
            }
            let how = !role.needsSecondPerson ? ""
                : role == .dpo ? "; enrolled with a one-time code as the vault's first IOD"
                : "; enrolled with a one-time code, approved by the IOD (four eyes)"
            let keys = role.isCustodian ? " (holds the vault key)"
                : role == .dpo ? " (no data key)" : " (key pair only: reads through grants)"
            say("   + \(login) — \(role.rawValue)\(cooperant.map { " at \($0)" } ?? "")\(keys)\(how)")
        }

        say("2. The network worker keeps the PZK registry: the leader and four cooperants that signed the declaration of accession.")
        let network = try vault.unlock(login: "tsieciowy", passphrase: passphrases["tsieciowy"]!)
        for (id, name, sector, nip, regon) in Self.registry {
            try network.addCooperant(Cooperant(
                id: id, name: name, sector: sector ?? "ops", isLeader: sector == nil, nip: nip, regon: regon,
                address: "ul. Kwiatowa \(id.count), 99-123 Zielona Łąka", contact: "sekretariat@\(id.lowercased()).example.pl",
                dpoContact: sector == "ngo" ? "" : "iod@\(id.lowercased()).example.pl", accessionSigned: sector == nil ? nil : "2026-01-12",
                accessionAccepted: sector == nil ? nil : "2026-01-19"))
            say("   \(id): \(name)\(sector.map { " (\($0))" } ?? " (leader)") — NIP and REGON checked\(sector == "ngo" ? "; no IOD designated (an NGO may have none)" : "")")
        }
        // Each cooperant is a controller of its own: its notices state its own recipients and retention.
        for (id, recipients, retention) in Self.noticeTexts {
            _ = try network.setNoticeParameters(id, recipients: recipients, retention: retention, approvedOn: "2026-01-20")
        }
        say("   each cooperant's notice text (its recipients and retention) is recorded as its IOD approved it (zzk cooperant notice ID --from FILE)")
        let arrangement = try network.recordAgreement(AgreementDraft(
            kind: .jointControllers, parties: Self.registry.filter { $0.2 != nil }.map(\.0),
            categories: ["*"], purposes: ["*"],
            title: "Porozumienie o współadministrowaniu danymi w zespołach ZZK (art. 26 RODO)",
            essence: Self.arrangementEssence, signedOn: "2026-01-20", validFrom: "2026-01-20",
            document: Array("Porozumienie PZK Zielona Łąka, podpisane 2026-01-20".utf8)))
        let hosting = try network.recordAgreement(AgreementDraft(
            kind: .processor, parties: [], processor: "Gminne Centrum Informatyki w Zielonej Łące", categories: ["*"],
            purposes: ["*"], title: "Umowa powierzenia: hosting i kopie zapasowe skarbca", signedOn: "2026-01-05",
            validFrom: "2026-01-05", validUntil: "2027-12-31", document: Array("Umowa powierzenia GCI 1/2026".utf8)))
        _ = try network.recordPZK(PZKRecordDraft(
            kind: .meeting, on: "2026-01-20", attendees: Self.registry.map(\.0), title: "Posiedzenie PZK nr 1/2026",
            text: "Przyjęto porozumienie o współadministrowaniu, plan działania na 2026 r. i dyżury koordynatorów."))
        _ = try network.recordPZK(PZKRecordDraft(
            kind: .plan, on: "2026-01-20", period: "2026", title: "Plan działania PZK na 2026 r.",
            text: "Szkolenia kadry z procedury ZZK, kwartalne posiedzenia, przegląd koszyka usług co pół roku."))
        say("   the PZK records: the first meeting's minutes and the 2026 action plan (zzk pzk records)")
        say("   the agreements register: the joint-controller arrangement \(arrangement.id) binds the leader"
            + " and the four cooperants (no arrangement, no key), and the hosting processor agreement \(hosting.id)")
        for (login, categories, purposes, signatory, bases) in Self.authorisations {
            try admin.authorise(AuthorisationDraft(
                login: login, categories: categories, purposes: purposes,
                validFrom: "2026-01-20", validUntil: "2027-12-31",
                documentNumber: "UP/\(login)/2026", documentDate: "2026-01-19", signatory: signatory,
                declarationBases: bases, declarationOn: "2026-01-19"))
        }
        say("   the administrator records every user's authorisation (upoważnienie): categories, purposes, term,"
            + " the signed document and the confidentiality declaration; specialists' are signed by the heads"
            + " of their institutions")

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
            ("contact.phone", "+48 600 123 456"), ("work.status", "employed"), ("violence.blue_card", "ongoing"),
        ], purpose: "case_assessment", household: HouseholdMembership(householdID: household, relation: .spouse))
        let child = try worker.addPerson([
            ("identity.first_name", "Zofia"), ("identity.last_name", "Żółkiewska"), ("identity.pesel", "14262102426"),
            ("education.school", "Szkoła Podstawowa nr 2 im. Marii Skłodowskiej-Curie"), ("education.class", "6b"),
            ("health.disability_level", "child_disability_certificate"),
        ], purpose: "case_assessment", household: HouseholdMembership(householdID: household, relation: .child),
                                         source: .familyMember(mother))
        say("   household \(household): \(father) (head), \(mother) (spouse), \(child) (child)")
        say("   the parents gave their own data (art. 13 notices); Zofia's came from her mother, so the OPS owes her an art. 14 notice naming that source")
        say("   fields are sealed under one data key per person and category; PESEL and surname get keyed blind indexes.")
        let found = try worker.findPersons(.surname, value: "żółkiewska", purpose: "case_assessment")
        say("   searching the surname 'żółkiewska' (any case) finds \(found.count) persons")

        say("4. The school's pedagogue asks in writing for a ZZK; at the consent meeting each adult decides for themselves:")
        let request = try worker.requestTeam(person: mother, cooperant: "SP2-ZIELONA-LAKA", reason: "Zofia często opuszcza lekcje; rodzina potrzebuje wsparcia.")
        say("   request \(request) recorded (its reason is sealed)")
        let text = Array("Wyrażam zgodę na przekazywanie moich danych członkom zespołu zadaniowego w zakresie wskazanym w formularzu.".utf8)
        func consent(_ person: String, _ cooperants: [String], _ categories: [String], _ purposes: [String]) -> ConsentDraft {
            var draft = ConsentDraft(personID: person, cooperants: cooperants, categories: categories, purposes: purposes,
                                     textVersion: "ZZK-zgoda-2026-01", text: text, validFrom: vault.clock.today)
            draft.noticesDelivered = true  // the art. 14 notices are handed over at the consent meeting
            return draft
        }
        let fatherConsent = try worker.recordConsent(consent(father, ["PUP-ZIELONA-LAKA"], ["identity", "contact", "work"], ["zzk_coordination"]))
        say("   father \(fatherConsent): PUP may see identity, contact, work in the ZZK")
        _ = try worker.recordConsent(consent(mother, ["PUP-ZIELONA-LAKA", "SP2-ZIELONA-LAKA"], ["identity", "contact", "household", "work", "education"], ["zzk_coordination"]))
        say("   mother: PUP and the school may see identity, contact, household, work, education")
        var forChild = consent(child, ["SP2-ZIELONA-LAKA"], ["identity", "education", "household"], ["zzk_coordination"])
        forChild.givenBy = .legalRepresentative
        forChild.representative = "Małgorzata Żółkiewska (matka)"
        forChild.childView = "Zosia zgadza się, żeby pani pedagog wiedziała o jej sytuacji."
        _ = try worker.recordConsent(forChild)
        say("   Zofia (12): consent by her mother as legal representative, the child's own view recorded (sealed)")
        say("   a consent names only purposes resting on consent (zzk_coordination), each cooperant by id: never a statutory purpose, never '*'")

        say("5. Two routes side by side. The consent route: the social worker opens the ZZK (the network worker is recorded as informed) and adds the specialists.")
        let team = try worker.openTeam(person: mother, household: household, request: request, purpose: "zzk_coordination")
        say("   team \(team) for the household, purpose zzk_coordination")
        for login in ["edoradca", "pedagog", "mdzielnicowy"] {
            let grants = try worker.addTeamMember(team, login: login, until: CalendarDate.adding(days: 90, to: vault.clock.today)!)
            let summary = Dictionary(grouping: grants, by: \.personID).sorted { $0.key < $1.key }
                .map { "\($0.key) [\($0.value.map(\.category).sorted().joined(separator: ","))]" }.joined(separator: " ")
            say("   + \(login): \(summary.isEmpty ? "no keys — nothing is shared with the police on consent" : "keys for \(summary)")")
        }
        let provision = "art. 9c ustawy o przeciwdziałaniu przemocy domowej"
        let blueCard = try worker.openTeam(person: mother, purpose: "violence_prevention", provision: provision)
        let policeGrants = try worker.addTeamMember(blueCard, login: "mdzielnicowy", until: CalendarDate.adding(days: 90, to: vault.clock.today)!)
        say("   the statutory route: the Niebieska Karta procedure is a statutory channel (\(provision)), not consent:")
        say("   team \(blueCard) (violence_prevention) gives the police keys for \(Set(policeGrants.map(\.category)).sorted().joined(separator: ", "))")
        let policeNotice = try worker.notices(cooperant: "KPP-ZIELONA-LAKA", person: mother, dueSoon: false).first { !$0.isSettled }!
        say("   no consent meeting informed the mother about the police: art. 14 notice \(policeNotice.id) falls due on \(policeNotice.due); until it is delivered, the police key stays closed")
        try worker.deliverNotice(policeNotice.id, method: .inPerson, on: vault.clock.today)
        say("   the social worker hands the notice over in person (zzk notice deliver \(policeNotice.id) --method in-person)")
        if let pupNotice = try worker.notices(cooperant: "PUP-ZIELONA-LAKA", person: mother, dueSoon: false).first {
            say("   the two notices differ as their bases do: PUP's (\(pupNotice.id), consent) tells how to withdraw consent and offers portability;")
            say("   the police's (\(policeNotice.id), art. 6(1)(c) with \(provision)) offers neither, nor objection (zzk notice show ID --lang en)")
        }

        say("6. Three specialists read, each for a stated purpose, each seeing different fields:")
        let advisor = try vault.unlock(login: "edoradca", passphrase: passphrases["edoradca"]!)
        let pedagogue = try vault.unlock(login: "pedagog", passphrase: passphrases["pedagog"]!)
        let police = try vault.unlock(login: "mdzielnicowy", passphrase: passphrases["mdzielnicowy"]!)
        for (who, session, person, purpose) in [("edoradca (PUP)", advisor, father, "zzk_coordination"), ("pedagog (school)", pedagogue, child, "zzk_coordination"),
                                                ("mdzielnicowy (police)", police, mother, "violence_prevention")] {
            let read = try session.showPerson(person, purpose: purpose)
            say("   \(who) reads \(person) for \(purpose): \(read.fields.keys.sorted().joined(separator: ", "))")
        }
        do {
            _ = try advisor.showPerson(father, fields: ["addiction.substance"], purpose: "zzk_coordination")
            say("   unexpectedly allowed!")
        } catch {
            say("   edoradca asks for the father's addiction data: refused (exit code \(error.exitCode)) — \(error.description)")
        }

        say("7. The father withdraws his consent by letter: effective at once, never retroactive.")
        try worker.withdrawConsent(fatherConsent, on: vault.clock.today, via: "letter")
        do {
            _ = try advisor.showPerson(father, purpose: "zzk_coordination")
            say("   unexpectedly allowed!")
        } catch {
            say("   edoradca's next read is refused (exit code \(error.exitCode)); the categories were re-keyed, so an old envelope opens nothing.")
        }

        say("8. The mother asks what the vault holds about her and who received it (art. 15):")
        let accessRequest = try worker.openRequest(person: mother, kind: .access, received: vault.clock.today, channel: "in_person")
        let answer = try worker.accessReport(accessRequest.id)
        say("   request \(accessRequest.id), due \(accessRequest.due); the answer lists \(answer.data.count) fields and every disclosure from the audit log:")
        for d in answer.recipients { say("   \(d.time.prefix(10)) \(d.cooperantName) (\(d.purpose)): \(d.fields.count) fields") }
        say("   consents: \(answer.consents.count); categories held: \(answer.categoriesHeld.joined(separator: ", "))")
        say("   zzk dsr export \(accessRequest.id) --out DIR writes this answer as HTML for the person and as JSON")
        try worker.closeRequest(accessRequest.id, outcome: "granted", on: vault.clock.today)

        say("9. The data protection officer (IOD) verifies the audit log and sees who read the father's data:")
        let dpo = try vault.unlock(login: "iod", passphrase: passphrases["iod"]!)
        let verification = try dpo.verifyAudit()
        say("   \(verification.ok ? "OK" : "FAILED"): \(verification.entries) entries, \(verification.checkpoints) signed checkpoints, root \(verification.rootHash.prefix(16))…")
        for entry in try dpo.auditEntries(personID: father) where entry.action == "person.read" || entry.action == "consent.withdraw" {
            say("   #\(entry.seq) \(entry.actor) \(entry.action) \(entry.decision.rawValue)\(entry.purpose.map { " purpose=\($0)" } ?? "") fields=\(entry.fields.count)")
        }
        say("10. The IOD records a near miss in the breach register (art. 33(5)):")
        let awareAt = String(Timestamp.string(vault.clock.now.addingTimeInterval(-3600)).prefix(16)) + "Z"
        let breach = try dpo.openBreach(
            awareAt: awareAt, description: "Pismo do rodziny zaadresowane omyłkowo na adres innej osoby; zatrzymane przed wysłaniem.")
        _ = try dpo.assessBreach(breach.id, risk: .unlikely,
                                 reasoning: "Pismo nie opuściło ośrodka; nikt nieuprawniony nie zapoznał się z danymi.",
                                 measures: "Kontrola adresu przez drugą osobę przed wysyłką.")
        let closed = try dpo.closeBreach(breach.id, lessons: "Adresy korespondencji sprawdzają dwie osoby.")
        say("   \(closed.id): risk \(closed.risk.rawValue), recorded and not notified to the Prezes UODO (art. 33(1)); zzk breach list")
        say("11. The IOD runs the retention review by the purposes' schedules (art. 5(1)(e)):")
        let review = try dpo.retentionReview()
        say("   due today: \(review.due.count); the father's withdrawn consent is kept as proof 5 years (B5),"
            + " then disposed of with the State Archive's consent (zzk retention dispose)")
        for line in review.untracked {
            say("   not applied yet: \(line.purpose) \(line.rule.material.rawValue) — \(line.reason)")
        }
        say("")
        say("Users of this demo vault (demo passphrases — never do this with real data):")
        var users: [Summary.DemoUser] = []
        for (login, role, _, _) in Self.staff {
            let phrase = passphrases[login]!.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
            users.append(Summary.DemoUser(login: login, role: role.rawValue, passphrase: phrase))
            say("   \(login) (\(role.rawValue)): \(phrase)")
        }
        say("")
        say("Done. Explore further, e.g.:")
        say("   export ZZK_VAULT=\(url.path) ZZK_USER=edoradca")
        say("   zzk read \(mother) --purpose zzk_coordination --passphrase-file \(url.path)/demo-passphrases/edoradca")
        return Summary(vault: url.path, users: users, persons: [father, mother, child])
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
