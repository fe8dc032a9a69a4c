import Foundation
import GRDB
import Testing
import TestSupport
@testable import ZZKVault

@Suite("Field validation")
struct FieldValidationTests {
    let catalog = try! FieldCatalog.parse(DefaultPolicies.files["fields.yaml"]!, file: "fields.yaml")
    var validator: FieldValidator { FieldValidator(catalog: catalog) }

    private func problems(_ values: [(String, String)]) -> [FieldProblem] {
        do {
            _ = try validator.validate(values)
            return []
        } catch let VaultError.invalidFields(problems) {
            return problems
        } catch {
            return [FieldProblem(field: "?", reason: "\(error)")]
        }
    }

    @Test("the catalogue holds the field ids scripts rely on", arguments: [
        "identity.first_name", "identity.last_name", "identity.pesel", "identity.birth_date", "contact.street",
        "contact.postal_code", "contact.city", "contact.phone", "work.status", "education.school", "health.diagnosis",
        "health.disability_level", "addiction.substance", "violence.blue_card", "justice.probation",
    ])
    func requiredFieldExists(id: String) {
        #expect(catalog.field(id) != nil)
    }

    @Test("special categories are tagged: health and addiction art9, justice art10")
    func sensitivityTags() {
        #expect(catalog.field("health.diagnosis")?.sensitivity == .art9)
        #expect(catalog.field("addiction.substance")?.sensitivity == .art9)
        #expect(catalog.field("justice.probation")?.sensitivity == .art10)
        #expect(catalog.field("identity.last_name")?.sensitivity == .ordinary)
    }

    @Test("a valid PESEL passes and its embedded birth date is read", arguments: [
        ("84031203573", "1984-03-12"), ("14262102426", "2014-06-21"), ("87110504684", "1987-11-05"),
    ])
    func validPESEL(pesel: String, birth: String) {
        #expect(PESEL.validate(pesel) == .success(birth))
    }

    @Test("a PESEL with a wrong checksum, length or date is rejected")
    func invalidPESEL() {
        #expect(PESEL.validate("84031203574") == .failure(.badChecksum))
        #expect(PESEL.validate("8403120357") == .failure(.notElevenDigits))
        #expect(PESEL.validate("8403120357a") == .failure(.notElevenDigits))
        #expect(PESEL.validate("84133203570") == .failure(.badBirthDate) || PESEL.validate("84133203570") == .failure(.badChecksum))
        #expect(problems([("identity.pesel", "84031203574")]).map(\.field) == ["identity.pesel"])
    }

    @Test("birth date must match the PESEL when both are given")
    func birthDateMatchesPESEL() {
        #expect(problems([("identity.pesel", "84031203573"), ("identity.birth_date", "1984-03-13")]).map(\.field) == ["identity.birth_date"])
        #expect(problems([("identity.pesel", "84031203573"), ("identity.birth_date", "1984-03-12")]).isEmpty)
    }

    @Test("postal codes, dates, enums and phones are checked")
    func formats() {
        #expect(problems([("contact.postal_code", "99-123")]).isEmpty)
        #expect(!problems([("contact.postal_code", "99123")]).isEmpty)
        #expect(!problems([("identity.birth_date", "2023-02-29")]).isEmpty)
        #expect(problems([("identity.birth_date", "2024-02-29")]).isEmpty)
        #expect(!problems([("contact.phone", "call me")]).isEmpty)
        let enumProblem = problems([("addiction.substance", "alcohl")])
        #expect(enumProblem.first?.reason.contains("did you mean 'alcohol'") == true)
    }

    @Test("an unknown field id gets the nearest valid id")
    func unknownFieldSuggestion() {
        let found = problems([("identity.last_nam", "X")])
        #expect(found.count == 1)
        #expect(found.first?.reason.contains("identity.last_name") == true)
    }

    @Test("over-long text, control and bidi characters are rejected without quoting the value")
    func hostileText() {
        let long = String(repeating: "ż", count: 101)
        let tooLong = problems([("identity.first_name", long)])
        #expect(tooLong.first?.reason.contains("101") == true)
        #expect(!tooLong.description.contains(long))
        #expect(!problems([("identity.first_name", "Zo\u{202E}fia")]).isEmpty)
        #expect(!problems([("identity.first_name", "Zo\u{0}fia")]).isEmpty)
        #expect(!problems([("identity.first_name", "")]).isEmpty)
        #expect(!problems([("identity.last_name", "Nowak ")]).isEmpty, "a trailing space would make exact search miss")
        #expect(!problems([("identity.last_name", " Nowak")]).isEmpty)
        let combining = "A" + String(repeating: "\u{0301}", count: 250)
        #expect(problems([("identity.first_name", combining)]).first?.reason.contains("too") == true, "combining marks cannot dodge the length limit")
        let notAnID = problems([("Sąsiad Jan Kowalski mówi, że ojciec", "x")])
        #expect(notAnID.first?.field == "(text that is not a field id)")
    }

    @Test("every problem in a record is reported at once and nothing is written")
    func allProblemsNothingWritten() throws {
        let fixture = try Fixtures.staffedVault()
        defer { fixture.remove() }
        let worker = try fixture.session("worker")
        let before = try fixture.rawDatabase().read { db in
            [try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM persons"), try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_entries")]
        }
        let rejection = #expect(throws: VaultError.self) {
            _ = try worker.addPerson([("identity.first_name", "Zofia"), ("identity.pesel", "123"), ("contact.postal", "99-123")], purpose: "case_assessment")
        }
        guard case let .invalidFields(problems)? = rejection else {
            Issue.record("expected invalidFields, got \(String(describing: rejection))")
            return
        }
        #expect(Set(problems.map(\.field)) == ["identity.pesel", "contact.postal"])
        let after = try fixture.rawDatabase().read { db in
            [try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM persons"), try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_entries")]
        }
        #expect(before == after)
    }

    @Test("the sex is read from the PESEL's 10th digit: even a woman, odd a man")
    func peselEncodesTheSex() {
        #expect(PESEL.sex("87110504684") == "female")
        #expect(PESEL.sex("84031203573") == "male")
        #expect(PESEL.sex("84031203574") == nil, "an invalid PESEL encodes nothing")
    }

    @Test("a sex given with a PESEL must agree with it, whether written as a code, a label or K/M")
    func sexMustAgreeWithThePESEL() throws {
        #expect(problems([("identity.pesel", "87110504684"), ("identity.gender", "K")]).isEmpty)
        #expect(problems([("identity.pesel", "84031203573"), ("identity.gender", "mężczyzna")]).isEmpty)
        let wrong = problems([("identity.pesel", "87110504684"), ("identity.gender", "M")])
        #expect(wrong.map(\.field) == ["identity.gender"])
        #expect(wrong.first?.reason.contains("10th digit: even for a woman, odd for a man") == true)
        // Against the PESEL already stored, too.
        #expect(throws: VaultError.self) {
            _ = try validator.validate([("identity.gender", "male")], existing: ["identity.pesel": "87110504684"])
        }
    }

    @Test("a date in the Polish notation DD.MM.YYYY is stored as YYYY-MM-DD, and then checked against the PESEL")
    func polishDateNotation() throws {
        let stored = try validator.validate([("identity.birth_date", "05.11.1987"), ("identity.pesel", "87110504684")])
        #expect(stored["identity.birth_date"] == "1987-11-05")
        #expect(problems([("identity.birth_date", "06.11.1987"), ("identity.pesel", "87110504684")]).map(\.field)
                == ["identity.birth_date"])
        #expect(problems([("identity.birth_date", "31.02.1987")]).first?.reason.contains("DD.MM.YYYY") == true)
        #expect(problems([("identity.birth_date", "5.11.1987")]).count == 1)
    }
}
