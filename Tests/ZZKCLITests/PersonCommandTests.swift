import Foundation
import Testing

@Suite("zzk person")
struct PersonCommandTests {
    @Test("person add from standard input prints {\"id\": …} and person show returns every value byte for byte")
    func addAndShowRoundTrip() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault()
        let added = try await box.zzk(["person", "add", "--purpose", "case_assessment", "--fields-from", "-", "--json"], as: Staff.worker.login,
                                      stdin: Sandbox.fieldLines(Fixtures.father)).succeeded()
        let id = try added.decode(NewID.self).id
        #expect(id.hasPrefix("P-") && id.count == 10, "\(added)")
        #expect(added.stderr.isEmpty)

        let shown = try await box.zzk(["person", "show", id, "--purpose", "case_assessment", "--json"], as: Staff.worker.login).succeeded()
        let person = try shown.decode(ShownPerson.self)
        #expect(person.id == id)
        #expect(person.households.isEmpty)
        #expect(person.fields == Fixtures.dictionary(Fixtures.father))
        for (field, value) in Fixtures.father {
            #expect(person.fields[field].map { Array($0.utf8) } == Array(value.utf8), "\(field) is not byte-exact")
        }
        // The pangram is printed as UTF-8, not as \u escapes.
        #expect(shown.stdoutData.range(of: Data(Fixtures.pangram.utf8)) != nil)
    }

    @Test("person show in plain text lists labels in Polish with the values")
    func showPlainText() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault()
        let id = try await box.addPerson(Fixtures.child)
        let shown = try await box.zzk(["person", "show", id, "--purpose", "child_protection"], as: Staff.worker.login).succeeded()
        #expect(shown.stdout.hasPrefix("Person \(id)\n"))
        #expect(shown.stdout.contains("  identity.last_name (Nazwisko): Żółkiewska\n"))
        #expect(shown.stdout.contains("  identity.pesel (Numer PESEL): 14262102426\n"))
        #expect(shown.stdout.contains("  education.school (Szkoła lub placówka): Szkoła Podstawowa nr 2 im. Marii Skłodowskiej-Curie\n"))
    }

    @Test("person add with --field arguments stores the values, and --fields limits what show returns")
    func addWithFieldArgumentsAndShowSubset() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault()
        let added = try await box.zzk(
            ["person", "add", "--purpose", "case_assessment", "--field", "identity.first_name=Łucja", "--field", "identity.last_name=Gęślarz",
             "--field", "support.needs=\(Fixtures.pangram)", "--field", "income.monthly_net=1450"],
            as: Staff.worker.login).succeeded()
        let id = added.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(id.hasPrefix("P-"), "\(added)")

        let subset = try await box.showPerson(id, fields: ["identity.last_name", "support.needs"])
        #expect(subset.fields == ["identity.last_name": "Gęślarz", "support.needs": Fixtures.pangram])
        let all = try await box.showPerson(id)
        #expect(all.fields.count == 4)
        #expect(all.fields["income.monthly_net"] == "1450")
    }

    @Test("escapes in --fields-from files: \\n is a line break, \\\\ a backslash; # lines and blank lines are skipped")
    func fieldFileEscapes() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault()
        let file = try box.scratchFile("wywiad.txt", Data("""
            # wywiad środowiskowy 2025-01-14

            identity.last_name =Wiśniewska
            housing.conditions=Pierwsza linia\\nDruga linia z \\\\ ukośnikiem\r
            """.utf8))
        let added = try await box.zzk(["person", "add", "--purpose", "case_assessment", "--fields-from", file, "--json"], as: Staff.worker.login).succeeded()
        let person = try await box.showPerson(try added.decode(NewID.self).id)
        #expect(person.fields["housing.conditions"] == "Pierwsza linia\nDruga linia z \\ ukośnikiem")
        // The id is trimmed; the value is what follows '=' exactly (a value with a leading or
        // trailing space is refused rather than silently trimmed, see FieldValidationTests).
        #expect(person.fields["identity.last_name"] == "Wiśniewska")
    }

    @Test("person find --surname - reads the surname from standard input, in any letter case")
    func findBySurname() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault()
        let father = try await box.addPerson(Fixtures.father)
        let mother = try await box.addPerson(Fixtures.mother)
        let child = try await box.addPerson(Fixtures.child)

        for typed in ["Żółkiewska", "żółkiewska", "ŻÓŁKIEWSKA", "żÓłKiEwSkA"] {
            let found = try await box.zzk(["person", "find", "--purpose", "case_assessment", "--surname", "-", "--json"], as: Staff.worker.login, stdin: typed + "\n").succeeded()
            #expect(try found.decode(FoundIDs.self).ids == [mother, child].sorted(), "searching \(typed)")
            #expect(!found.stdout.contains(typed))
        }
        let him = try await box.zzk(["person", "find", "--purpose", "case_assessment", "--surname", "-", "--json"], as: Staff.worker.login, stdin: "ŻÓŁKIEWSKI").succeeded()
        #expect(try him.decode(FoundIDs.self).ids == [father])

        // Decomposed input (z + combining dot above) finds the same person.
        let decomposed = "Z\u{307}o\u{301}łkiewski"
        let nfd = try await box.zzk(["person", "find", "--purpose", "case_assessment", "--surname", "-", "--json"], as: Staff.worker.login, stdin: decomposed + "\n").succeeded()
        #expect(try nfd.decode(FoundIDs.self).ids == [father])

        let none = try await box.zzk(["person", "find", "--purpose", "case_assessment", "--surname", "-"], as: Staff.worker.login, stdin: "Kowalski\n").succeeded()
        #expect(none.stdout == "No match.\n")
    }

    @Test("person find --pesel finds exactly one person, from the argument or from standard input")
    func findByPESEL() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault()
        _ = try await box.addPerson(Fixtures.father)
        let mother = try await box.addPerson(Fixtures.mother)

        let byArgument = try await box.zzk(["person", "find", "--purpose", "case_assessment", "--pesel", "87110504684", "--json"], as: Staff.worker.login).succeeded()
        #expect(try byArgument.decode(FoundIDs.self).ids == [mother])
        let byStdin = try await box.zzk(["person", "find", "--purpose", "case_assessment", "--pesel", "-"], as: Staff.worker.login, stdin: "87110504684\n").succeeded()
        #expect(byStdin.stdout == mother + "\n")
        let other = try await box.zzk(["person", "find", "--purpose", "case_assessment", "--pesel", "14262102426", "--json"], as: Staff.worker.login).succeeded()
        #expect(try other.decode(FoundIDs.self).ids.isEmpty)
    }

    @Test("person update changes, adds and clears values, and keeps the search indexes in step")
    func updatePerson() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault()
        let id = try await box.addPerson(Fixtures.mother)
        let before = try #require(try await box.listPersons().first)

        let updated = try await box.zzk(["person", "update", "--purpose", "case_assessment", id, "--fields-from", "-", "--json"], as: Staff.worker.login,
                                        stdin: "identity.last_name=Nowak-Żółkiewska\ncontact.city=Łódź\nhealth.pregnancy=true\n").succeeded()
        #expect(try updated.decode(NewID.self).id == id)

        let person = try await box.showPerson(id)
        #expect(person.fields["identity.last_name"] == "Nowak-Żółkiewska")
        #expect(person.fields["contact.city"] == "Łódź")
        #expect(person.fields["health.pregnancy"] == "true")
        #expect(person.fields["identity.first_name"] == "Małgorzata")

        let oldName = try await box.zzk(["person", "find", "--purpose", "case_assessment", "--surname", "-", "--json"], as: Staff.worker.login, stdin: "Żółkiewska").succeeded()
        #expect(try oldName.decode(FoundIDs.self).ids.isEmpty, "the old surname must no longer be found")
        let newName = try await box.zzk(["person", "find", "--purpose", "case_assessment", "--surname", "-", "--json"], as: Staff.worker.login, stdin: "nowak-żółkiewska").succeeded()
        #expect(try newName.decode(FoundIDs.self).ids == [id])

        let cleared = try await box.zzk(["person", "update", "--purpose", "case_assessment", id, "--clear", "identity.pesel", "--clear", "contact.phone"], as: Staff.worker.login).succeeded()
        #expect(cleared.stdout == "Updated \(id).\n")
        let after = try await box.showPerson(id)
        #expect(after.fields["identity.pesel"] == nil)
        #expect(after.fields["contact.phone"] == nil)
        let byPESEL = try await box.zzk(["person", "find", "--purpose", "case_assessment", "--pesel", "87110504684", "--json"], as: Staff.worker.login).succeeded()
        #expect(try byPESEL.decode(FoundIDs.self).ids.isEmpty)

        let summary = try #require(try await box.listPersons().first)
        #expect(summary.fieldCount == Fixtures.mother.count + 1 - 2)
        #expect(summary.createdAt == before.createdAt)
        #expect(summary.updatedAt > before.updatedAt)
    }

    @Test("person list --json gives ids, dates, field counts and households, and no values")
    func listPersons() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault(with: [.worker, .secondWorker, .dpo])
        #expect(try await box.listPersons().isEmpty)
        let father = try await box.addPerson(Fixtures.father)
        let child = try await box.addPerson(Fixtures.child, as: Staff.secondWorker.login)

        let list = try await box.zzk(["person", "list", "--purpose", "case_assessment", "--json"], as: Staff.secondWorker.login).succeeded()
        let persons = try list.decode([PersonSummaryJSON].self)
        #expect(persons.map(\.id) == [father, child])
        #expect(persons.map(\.fieldCount) == [Fixtures.father.count, Fixtures.child.count])
        #expect(persons.allSatisfy { $0.householdIDs.isEmpty && $0.createdAt.hasSuffix("Z") })
        for (_, value) in Fixtures.father + Fixtures.child {
            #expect(!list.stdout.contains(value))
        }
        let table = try await box.zzk(["person", "list", "--purpose", "case_assessment"], as: Staff.worker.login).succeeded()
        #expect(table.stdout.hasPrefix("ID"))
        #expect(table.stdout.contains(father) && table.stdout.contains(child))
    }

    @Test("households: a person added with --household shows the membership, household show lists relations")
    func households() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault()
        let father = try await box.addPerson(Fixtures.father)
        let created = try await box.zzk(["household", "create", "--purpose", "case_assessment", "--member", "\(father):head", "--json"], as: Staff.worker.login).succeeded()
        let household = try created.decode(HouseholdJSON.self).id
        #expect(household.hasPrefix("H-"), "\(created)")

        let child = try await box.zzk(
            ["person", "add", "--purpose", "case_assessment", "--fields-from", "-", "--household", household, "--relation", "child", "--json"],
            as: Staff.worker.login, stdin: Sandbox.fieldLines(Fixtures.child)).succeeded().decode(NewID.self).id

        let shown = try await box.showPerson(child)
        #expect(shown.households == [ShownPerson.Membership(householdID: household, relation: "child")])
        let listed = try await box.zzk(["household", "show", household, "--purpose", "case_assessment"], as: Staff.worker.login).succeeded()
        #expect(listed.stdout.contains("\(father)  head"))
        #expect(listed.stdout.contains("\(child)  child"))
        let persons = try await box.listPersons()
        #expect(persons.allSatisfy { $0.householdIDs == [household] })
    }
}
