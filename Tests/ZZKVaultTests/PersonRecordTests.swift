import Foundation
import GRDB
import Testing
import TestSupport
@testable import ZZKVault

@Suite("Person records: round trips, search, households")
struct PersonRecordTests {
    @Test("values with Polish letters come back byte-exact")
    func polishRoundTrip() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let id = try worker.addPerson(Fixtures.family[1], purpose: "case_assessment")
        let person = try worker.showPerson(id, purpose: "case_assessment")
        #expect(person.fields.count == Fixtures.family[1].count)
        for (field, value) in Fixtures.family[1] {
            #expect(Array(person.fields[field]!.utf8) == Array(value.utf8), "\(field)")
        }
        #expect(person.fields["support.needs"] == "Zażółć gęślą jaźń")
    }

    @Test("text is stored NFC-normalised: a decomposed ż comes back as one code point")
    func nfcNormalisation() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let decomposed = "Z\u{0307}o\u{0301}\u{0142}kiewska" // Ż ó as base + combining marks
        let id = try worker.addPerson([("identity.last_name", decomposed)], purpose: "case_assessment")
        let stored = try worker.showPerson(id, purpose: "case_assessment").fields["identity.last_name"]
        #expect(stored == "Żółkiewska")
        #expect(Array(stored!.unicodeScalars).count == 10)
        #expect(try worker.findPersons(.surname, value: "ŻÓŁKIEWSKA", purpose: "case_assessment") == [id])
    }

    @Test("a read returns only the requested fields and audits exactly those, with the purpose")
    func scopedReadIsAudited() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let id = try worker.addPerson(Fixtures.family[0], purpose: "case_assessment")
        let person = try worker.showPerson(id, fields: ["identity.last_name", "contact.city"], purpose: "support_plan")
        #expect(Set(person.fields.keys) == ["identity.last_name", "contact.city"])
        let entry = try #require(try fixture.session("iod").auditEntries(personID: id).last { $0.action == "person.read" })
        #expect(entry.fields == ["contact.city", "identity.last_name"])
        #expect(entry.purpose == "support_plan")
        #expect(entry.actor == "worker")
        #expect(entry.decision == .allowed)
    }

    @Test("PESEL and surname search go through the blind index and find exact matches only")
    func blindIndexSearch() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let father = try worker.addPerson(Fixtures.family[0], purpose: "case_assessment")
        let mother = try worker.addPerson(Fixtures.family[1], purpose: "case_assessment")
        #expect(try worker.findPersons(.pesel, value: "84031203573", purpose: "case_assessment") == [father])
        #expect(try worker.findPersons(.surname, value: "żółkiewska", purpose: "case_assessment") == [mother])
        #expect(try worker.findPersons(.surname, value: "Żółkiewsk", purpose: "case_assessment").isEmpty)
        let tags = try fixture.rawDatabase().read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM blind_index") }
        #expect(tags == 6, "PESEL and surname for each, and each surname's folded tag")
    }

    @Test("a surname typed without Polish letters finds the person (a second keyed tag over the folded form, no plaintext)")
    func foldedSurnameSearch() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let mother = try worker.addPerson(Fixtures.family[1], purpose: "case_assessment")
        let lecka = try worker.addPerson([("identity.first_name", "Anna"), ("identity.last_name", "Łęcka-Śliwińska")], purpose: "case_assessment")
        #expect(try worker.findPersons(.surname, value: "zolkiewska", purpose: "case_assessment") == [mother])
        #expect(try worker.findPersons(.surname, value: "ZOLKIEWSKA", purpose: "case_assessment") == [mother])
        #expect(try worker.findPersons(.surname, value: "lecka-sliwinska", purpose: "case_assessment") == [lecka])
        #expect(try worker.findPersons(.surname, value: "zolkiewsk", purpose: "case_assessment").isEmpty)
        let hits = Fixtures.plaintextHits(in: Fixtures.storedFiles(of: fixture.url), needles: ["zolkiewska", "lecka-sliwinska"])
        #expect(hits.isEmpty, "the folded form is never stored in plaintext")
    }

    @Test("a vault made before the folded index gets it at the first surname search, audited once")
    func foldedIndexBackfill() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let mother = try worker.addPerson(Fixtures.family[1], purpose: "case_assessment")
        // As an older vault: no folded tags and no completion mark.
        try fixture.rawDatabase().write { db in
            try db.execute(sql: "DELETE FROM blind_index WHERE kind = 'surname_folded'")
            try db.execute(sql: "DELETE FROM vault_meta WHERE key = 'surname_folded_index'")
        }
        #expect(try worker.findPersons(.surname, value: "zolkiewska", purpose: "case_assessment") == [mother])
        #expect(try worker.findPersons(.surname, value: "zolkiewska", purpose: "case_assessment") == [mother])
        let backfills = try fixture.session("iod").auditEntries(limit: 1_000).filter { $0.action == "index.backfill" }
        #expect(backfills.map(\.detail) == ["surname_folded=1"])
    }

    @Test("update writes a new version, re-indexes, and clear removes a value")
    func updateAndClear() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let id = try worker.addPerson(Fixtures.family[1], purpose: "case_assessment")
        try worker.updatePerson(id, set: [("identity.last_name", "Łęcka"), ("work.status", "employed")], clear: ["violence.blue_card"], purpose: "case_assessment")
        let person = try worker.showPerson(id, purpose: "case_assessment")
        #expect(person.fields["identity.last_name"] == "Łęcka")
        #expect(person.fields["work.status"] == "employed")
        #expect(person.fields["violence.blue_card"] == nil)
        #expect(try worker.findPersons(.surname, value: "łęcka", purpose: "case_assessment") == [id])
        #expect(try worker.findPersons(.surname, value: "Żółkiewska", purpose: "case_assessment").isEmpty)
        let versions = try fixture.rawDatabase().read {
            try Int.fetchAll($0, sql: "SELECT version FROM person_fields WHERE person = \(Fixtures.personKey) ORDER BY version", arguments: [id])
        }
        #expect(Set(versions).count == versions.count, "every stored value has its own version")
        #expect(versions.last == Fixtures.family[1].count + 2, "two more values were written after the first \(Fixtures.family[1].count)")
        // A cleared field written again gets a fresh version, never one used before.
        try worker.updatePerson(id, set: [("violence.blue_card", "closed")], purpose: "case_assessment")
        let blueCard = try fixture.locator(id, "violence.blue_card")
        let again = try fixture.rawDatabase().read {
            try Int.fetchOne($0, sql: "SELECT version FROM person_fields WHERE person = \(Fixtures.personKey) AND locator = ?", arguments: [id, blueCard])
        }
        #expect(again == Fixtures.family[1].count + 3)
    }

    @Test("a person holds a data key for every category of the catalogue from the start, whatever they have data in")
    func dataKeysPerCategory() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let id = try fixture.session("worker").addPerson(Fixtures.family[0], purpose: "case_assessment")
        let categories = try fixture.rawDatabase().read {
            try String.fetchAll($0, sql: "SELECT category FROM data_keys WHERE person = \(Fixtures.personKey) ORDER BY category", arguments: [id])
        }
        #expect(categories == Set(FieldFormatMigration.keyedCategories(fixture.vault.catalog)).sorted())
        #expect(!categories.contains("team_notes"), "notes are keyed per team")
    }

    @Test("households keep members and relations")
    func households() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let household = try worker.createHousehold(purpose: "case_assessment")
        let father = try worker.addPerson(Fixtures.family[0], purpose: "case_assessment", household: HouseholdMembership(householdID: household, relation: .head))
        let mother = try worker.addPerson(Fixtures.family[1], purpose: "case_assessment")
        try worker.addHouseholdMember(household, Household.Member(personID: mother, relation: .spouse), purpose: "case_assessment")
        let loaded = try worker.household(household, purpose: "case_assessment")
        #expect(loaded.members == [Household.Member(personID: father, relation: .head), Household.Member(personID: mother, relation: .spouse)])
        #expect(try worker.showPerson(mother, purpose: "case_assessment").households == [HouseholdMembership(householdID: household, relation: .spouse)])
        #expect(throws: VaultError.unknownHousehold(id: "H-00000000")) {
            _ = try worker.addPerson(Fixtures.family[0], purpose: "case_assessment", household: HouseholdMembership(householdID: "H-00000000", relation: .child))
        }
        #expect(throws: VaultError.malformedID(kind: "household", example: "H-4F7K2Q9M")) {
            _ = try worker.addPerson(Fixtures.family[0], purpose: "case_assessment", household: HouseholdMembership(householdID: "Żółkiewscy", relation: .child))
        }
    }

    @Test("specialists, the DPO and the administrator are refused case data, and each refusal is audited")
    func nonCaseRolesRefused() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let id = try fixture.session("worker").addPerson(Fixtures.family[0], purpose: "case_assessment")
        for login in ["police", "iod", "admin"] {
            do {
                _ = try fixture.session(login).showPerson(id, purpose: "case_assessment")
                Issue.record("\(login) should be refused")
            } catch {
                #expect((error as? VaultError)?.exitCode == 3)
            }
        }
        let denials = try fixture.session("iod").auditEntries(personID: id).filter { $0.action == "person.read" && $0.decision == .denied }
        #expect(denials.map(\.actor) == ["police", "iod", "admin"])
    }

    @Test("unknown purpose is refused with a suggestion")
    func unknownPurpose() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let id = try worker.addPerson(Fixtures.family[0], purpose: "case_assessment")
        #expect {
            _ = try worker.showPerson(id, purpose: "case_asessment")
        } throws: { error in
            guard case let .unknownPurpose(id, suggestion, known)? = error as? VaultError else { return false }
            return id == "case_asessment" && suggestion == "case_assessment" && known.contains("zzk_coordination")
        }
    }
}
