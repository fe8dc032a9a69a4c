import Testing
@testable import ZZKVault

@Suite("Loading the field catalogue and purposes")
struct CatalogLoaderTests {
    private func loadError(_ yaml: String) -> VaultError? {
        do {
            _ = try FieldCatalog.parse(yaml, file: "fields.yaml")
            return nil
        } catch { return error }
    }

    @Test("the default catalogue and purposes load")
    func defaultsLoad() throws {
        let catalog = try FieldCatalog.parse(DefaultPolicies.files["fields.yaml"]!, file: "fields.yaml")
        #expect(catalog.fields.count > 40)
        #expect(catalog.field(indexedAs: .pesel)?.id == "identity.pesel")
        #expect(catalog.field(indexedAs: .surname)?.id == "identity.last_name")
        let purposes = try PurposeCatalog.parse(DefaultPolicies.files["purposes.yaml"]!, file: "purposes.yaml")
        #expect(purposes.purpose("case_assessment") != nil)
    }

    @Test("an undeclared category is reported with file, line, column and a suggestion")
    func undeclaredCategory() {
        let yaml = """
            version: 1
            categories:
              - id: identity
                label: {pl: "Tożsamość", en: "Identity"}
            fields:
              - id: identiti.first_name
                type: text
                max_length: 10
                label: {pl: "Imię", en: "First name"}
            """
        guard case let .policyInvalid(file, line, column, reason)? = loadError(yaml) else {
            Issue.record("expected policyInvalid")
            return
        }
        #expect(file == "fields.yaml")
        #expect(line == 6)
        #expect(column > 1)
        #expect(reason.contains("Did you mean 'identity'"))
    }

    @Test("a field whose sensitivity differs from its category's is refused")
    func sensitivityOverrideRefused() {
        let yaml = """
            version: 1
            categories:
              - id: violence
                label: {pl: "Przemoc", en: "Violence"}
            fields:
              - id: violence.injuries
                type: text
                max_length: 10
                sensitivity: art9
                label: {pl: "Obrażenia", en: "Injuries"}
            """
        guard case let .policyInvalid(_, line, _, reason)? = loadError(yaml) else {
            Issue.record("expected policyInvalid")
            return
        }
        #expect(line == 9)
        #expect(reason.contains("one data key protects a whole category"))
    }

    @Test("duplicate ids, unknown keys, bad types and YAML syntax errors are located")
    func otherErrors() {
        let base = "version: 1\ncategories:\n  - id: a\n    label: {pl: p, en: e}\nfields:\n"
        let dup = base + "  - {id: a.x, type: date, label: {pl: p, en: e}}\n  - {id: a.x, type: date, label: {pl: p, en: e}}\n"
        if case let .policyInvalid(_, line, _, reason)? = loadError(dup) {
            #expect(line == 7)
            #expect(reason.contains("duplicate"))
        } else { Issue.record("duplicate not reported") }
        if case let .policyInvalid(_, _, _, reason)? = loadError(base + "  - {id: a.x, type: dat, label: {pl: p, en: e}}\n") {
            #expect(reason.contains("Did you mean 'date'"))
        } else { Issue.record("bad type not reported") }
        if case let .policyInvalid(_, _, _, reason)? = loadError(base + "  - {id: a.x, type: date, lable: {pl: p, en: e}}\n") {
            #expect(reason.contains("unknown key 'lable'"))
        } else { Issue.record("unknown key not reported") }
        if case let .policyInvalid(_, line, _, reason)? = loadError("version: 1\ncategories: [\n") {
            #expect(line >= 2)
            #expect(reason.contains("YAML syntax"))
        } else { Issue.record("syntax error not reported") }
    }

    @Test("a purpose with an unknown legal basis is refused with a suggestion")
    func badLegalBasis() {
        let yaml = "version: 1\npurposes:\n  - id: p\n    label: {pl: p, en: e}\n    legal_bases: [art6-1-x]\n"
        do {
            _ = try PurposeCatalog.parse(yaml, file: "purposes.yaml")
            Issue.record("expected an error")
        } catch let VaultError.policyInvalid(_, line, _, reason) {
            #expect(line == 5)
            #expect(reason.contains("unknown legal basis"))
        } catch { Issue.record("unexpected \(error)") }
    }
}
