import Foundation
import Testing

/// The three journeys end to end through the `zzk` binary: the social worker opens a ZZK with
/// consent, a specialist reads scoped data, the DPO audits it.
@Suite("Cooperation journeys (CLI)")
struct CooperationJourneyTests {
    static let mother: [(String, String)] = [
        ("identity.first_name", "Małgorzata"), ("identity.last_name", "Żółkiewska"), ("identity.pesel", "87110504684"),
        ("contact.city", "Zielona Łąka"), ("work.status", "employed"), ("violence.blue_card", "ongoing"), ("health.diagnosis", "F32"),
    ]

    /// A vault with the registry (leader, police, employment office) and the advisor authorised.
    static func partnership(_ box: Sandbox) async throws {
        try await box.makeVault(with: [.worker, .networkWorker, .specialist, .advisor, .dpo])
        for (id, flags) in [("OPS-ZIELONA-LAKA", ["--leader"]),
                            ("KPP-ZIELONA-LAKA", ["--sector", "police", "--nip", "3186091394", "--accession-signed", "2026-01-12", "--accession-accepted", "2026-01-19"]),
                            ("PUP-ZIELONA-LAKA", ["--sector", "employment_office", "--regon", "219935184", "--accession-signed", "2026-01-12", "--accession-accepted", "2026-01-19"])] {
            try await box.zzk(["cooperant", "add", id, "--name", "Instytucja \(id)", "--address", "ul. Polna 1", "--contacts-from", "-"] + flags,
                              as: Staff.networkWorker.login, stdin: "contact=Jan Kontaktowy, 600 100 200\ndpo_contact=iod@\(id.lowercased()).example.pl\n").succeeded()
        }
        try await box.authorise(Staff.advisor.login, categories: "identity,contact,work,education")
        let signed = try box.scratchFile("porozumienie.pdf", Data("podpisane porozumienie".utf8))
        try await box.zzk(["agreement", "record", "--kind", "joint_controllers",
                           "--parties", "KPP-ZIELONA-LAKA,PUP-ZIELONA-LAKA",
                           "--categories", "*", "--purposes", "*", "--title", "Porozumienie PZK", "--essence-from", "-",
                           "--signed-on", "2026-01-20", "--from", "2026-01-20", "--document", signed],
                          as: Staff.networkWorker.login,
                          stdin: "Każdy współadministrator odpowiada za dane, które wprowadza.\n").succeeded()
    }

    @Test("social worker → specialist → DPO: consent opens the team, the specialist reads only what it covers, withdrawal closes it, the DPO sees and verifies it all")
    func threeJourneys() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await Self.partnership(box)
        let worker = Staff.worker.login
        let person = try await box.addPerson(Self.mother)

        // Journey 1: the social worker. No consent yet: the team is refused, and audited.
        let refused = try await box.zzk(["team", "open", "--person", person], as: worker)
        #expect(refused.status == 3, "\(refused)")
        #expect(refused.stderr.contains("no valid consent of this person covers purpose zzk_coordination"), "\(refused)")
        let text = try box.scratchFile("zgoda.txt", Data("Wyrażam zgodę na przekazanie danych członkom ZZK — wersja 2026-01.".utf8))
        let scan = try box.scratchFile("skan.pdf", Data("%PDF-1.4 SKAN-PODPISU-Żółkiewska".utf8))
        let consent = try await box.zzk(["consent", "record", "--person", person, "--cooperants", "PUP-ZIELONA-LAKA",
                                         "--categories", "identity,contact,work", "--purposes", "zzk_coordination",
                                         "--text-version", "ZZK-zgoda-2026-01", "--text-file", text, "--evidence", scan, "--notices-delivered", "--json"], as: worker)
            .succeeded().decode(NewID.self).id
        let team = try await box.zzk(["team", "open", "--person", person, "--json"], as: worker).succeeded().decode(NewID.self).id
        let added = try await box.zzk(["team", "add-member", team, "--member", Staff.advisor.login, "--until", "2099-12-31"], as: worker).succeeded()
        #expect(added.stdout.contains("\(person): contact, identity, work until 2099-12-31"), "\(added)")

        // Journey 2: the specialist reads for a stated purpose, through their own envelopes.
        let advisor = Staff.advisor.login
        let read = try await box.zzk(["read", person, "--purpose", "zzk_coordination", "--json"], as: advisor).succeeded().decode(ShownPerson.self)
        #expect(read.fields == ["identity.first_name": "Małgorzata", "identity.last_name": "Żółkiewska", "identity.pesel": "87110504684",
                                "contact.city": "Zielona Łąka", "work.status": "employed"])
        let health = try await box.zzk(["read", person, "--purpose", "zzk_coordination", "--fields", "health.diagnosis"], as: advisor)
        #expect(health.status == 3 && health.stderr.contains("forbid-pup-special-categories"), "\(health)")
        #expect(health.stdout.isEmpty && !health.stderr.contains("F32"))
        try await box.zzk(["consent", "withdraw", consent, "--via", "letter"], as: worker).succeeded()
        let after = try await box.zzk(["read", person, "--purpose", "zzk_coordination"], as: advisor)
        #expect(after.status == 3, "\(after)")
        #expect(after.stderr.contains("a live grant"), "\(after)")

        // Journey 3: the DPO verifies the log and sees who read what, when, under which rule.
        let verify = try await box.zzk(["audit", "verify", "--json"], as: Staff.dpo.login).succeeded().decode(VerificationJSON.self)
        #expect(verify.ok)
        let log = try await box.auditLog(extra: ["--person", person])
        let reads = log.filter { $0.action == "person.read" && $0.actor == advisor }
        #expect(reads.map(\.decision) == ["allowed", "denied", "denied"])
        #expect(reads[0].detail.hasSuffix("rules=pup-activation") && reads[0].purpose == "zzk_coordination")
        #expect(log.contains { $0.action == "team.open" && $0.decision == "denied" })
        #expect(log.contains { $0.action == "consent.withdraw" && $0.detail.contains("grants_revoked=3 rekeyed=3") })

        // Nothing personal in clear: consent text, scan, contacts, the family's data.
        try box.expectNoPlaintext(["SKAN-PODPISU", "Wyrażam zgodę", "Jan Kontaktowy", "Małgorzata", "Żółkiewska", "87110504684"])
        let shown = try await box.zzk(["consent", "show", consent, "--json"], as: worker).succeeded()
        #expect(shown.stdout.contains("\"withdrawn_via\" : \"letter\""), "\(shown)")
    }

    @Test("bad cooperation input is refused with what, where and how to fix it, and changes nothing")
    func badInput() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await Self.partnership(box)
        let worker = Staff.worker.login
        let person = try await box.addPerson(Self.mother)
        let text = try box.scratchFile("zgoda.txt", Data("Zgoda.".utf8))
        let before = try await box.snapshot(Sandbox.dataTables)

        func consent(_ categories: String, _ extra: [String] = []) async throws -> CLIResult {
            try await box.zzk(["consent", "record", "--person", person, "--cooperants", "PUP-ZIELONA-LAKA", "--categories", categories,
                               "--purposes", "zzk_coordination", "--text-version", "v1", "--text-file", text] + extra, as: worker)
        }
        let unknown = try await consent("identity,helth")
        #expect(unknown.status == 1 && unknown.stderr.contains("unknown category 'helth'. Did you mean 'health'?"), "\(unknown)")
        let art10 = try await consent("justice")
        #expect(art10.status == 1 && art10.stderr.contains("consent never opens"), "\(art10)")
        let notExplicit = try await consent("health")
        #expect(notExplicit.status == 1 && notExplicit.stderr.contains("must be explicit"), "\(notExplicit)")
        let representative = try await consent("identity", ["--given-by", "legal_representative"])
        #expect(representative.status == 1 && representative.stderr.contains("needs their name and capacity"), "\(representative)")
        let badNIP = try await box.zzk(["cooperant", "add", "NGO-1", "--name", "N", "--sector", "ngo", "--address", "A", "--nip", "1234567890", "--contacts-from", "-"],
                                       as: Staff.networkWorker.login, stdin: "contact=c\ndpo_contact=d\n")
        #expect(badNIP.status == 1 && badNIP.stderr.contains("--nip") && badNIP.stderr.contains("not a valid NIP"), "\(badNIP)")
        let badSector = try await box.zzk(["cooperant", "add", "NGO-1", "--name", "N", "--sector", "polise", "--address", "A", "--contacts-from", "-"],
                                          as: Staff.networkWorker.login, stdin: "contact=c\ndpo_contact=d\n")
        #expect(badSector.status == 1 && badSector.stderr.contains("Did you mean 'police'?"), "\(badSector)")
        #expect(try await box.snapshot(Sandbox.dataTables) == before, "nothing changed")

        // The police specialist has no authorisation: joining a team is refused and audited.
        let good = try await consent("identity,contact", ["--json"])
        try good.succeeded()
        let team = try await box.zzk(["team", "open", "--person", person, "--json"], as: worker).succeeded().decode(NewID.self).id
        let unauthorised = try await box.zzk(["team", "add-member", team, "--member", Staff.specialist.login], as: worker)
        #expect(unauthorised.status == 3 && unauthorised.stderr.contains("has no authorisation (upoważnienie) in force"), "\(unauthorised)")
        #expect(unauthorised.stderr.contains("zzk authorisation record \(Staff.specialist.login)"))
        let dpo = try await box.zzk(["team", "add-member", team, "--member", Staff.dpo.login], as: worker)
        #expect(dpo.status == 3 && dpo.stderr.contains("role dpo, which does not work on cases"), "\(dpo)")
        try await box.zzk(["cooperant", "withdraw", "PUP-ZIELONA-LAKA", "--date", "2026-01-20"], as: Staff.networkWorker.login).succeeded()
        let withdrawn = try await box.zzk(["team", "add-member", team, "--member", Staff.advisor.login], as: worker)
        #expect(withdrawn.status == 3 && withdrawn.stderr.contains("cooperant PUP-ZIELONA-LAKA has withdrawn"), "\(withdrawn)")
        let again = try await box.zzk(["cooperant", "withdraw", "PUP-ZIELONA-LAKA", "--date", "2026-01-21"], as: Staff.networkWorker.login)
        #expect(again.status == 1 && again.stderr.contains("already withdrew on 2026-01-20"), "\(again)")
        let consentID = try good.decode(NewID.self).id
        try await box.zzk(["consent", "withdraw", consentID, "--via", "email"], as: worker).succeeded()
        let twice = try await box.zzk(["consent", "withdraw", consentID, "--via", "email"], as: worker)
        #expect(twice.status == 1 && twice.stderr.contains("already withdrawn"), "\(twice)")
        let badVia = try await box.zzk(["consent", "withdraw", consentID, "--via", "gołąb"], as: worker)
        #expect(badVia.status == 1 && badVia.stderr.contains("--via"), "\(badVia)")
        let log = try await box.auditLog()
        #expect(log.contains { $0.action == "team.member.add" && $0.decision == "denied" && $0.detail.contains("reason=no-authorisation") })
    }
}
