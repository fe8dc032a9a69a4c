import Foundation
import Hummingbird
import ZZKDocuments
import ZZKVault

/// Changing a person's record (the fields the social worker may read and write for a purpose),
/// and their households.
extension PageRoutes {
    /// The person form's categories and inputs, filled with `values` (field id → stored value).
    func formCategories(language: DocumentLanguage, values: [String: String]) -> [[String: Any]] {
        let catalog = state.vault.catalog
        return catalog.categories.compactMap { category in
            let fields = catalog.fields.filter { $0.category == category.id && $0.category != "notes" }.map {
                field -> [String: Any] in
                let current = values[field.id] ?? ""
                var row: [String: Any] = ["id": field.id, "label": field.label.text(language), "value": current]
                switch field.type {
                case .enum, .boolean:
                    let codes = field.type == .boolean ? ["true", "false"] : field.values
                    row["choices"] = [
                        "options": codes.map {
                            [
                                "value": $0, "label": field.display($0, english: language == .en),
                                "selected": $0 == current,
                            ] as [String: Any]
                        }
                    ]
                case .date: row["inputType"] = "date"
                case .email: row["inputType"] = "email"
                case .phone: row["inputType"] = "tel"
                default: row["inputType"] = "text"
                }
                return row
            }
            return fields.isEmpty ? nil : ["label": category.label.text(language), "fields": fields]
        }
    }

    /// The record as a form, read (and audited) for the chosen purpose; only what that read
    /// returns is shown and can be changed.
    func editPerson(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try await withSession(request) { session in
            let id = try context.parameters.require("id")
            guard RecordID.isPerson(id) else { throw VaultError.malformedID(kind: "person", example: "P-7K3M9Q2X") }
            let language = PageRenderer.language(request)
            let purpose = request.uri.queryParameters["purpose"].map(String.init) ?? "case_assessment"
            let fieldIDs = state.vault.catalog.fields.filter { $0.category != "notes" }.map(\.id)
            let (person, missing) = try await session.handle.perform {
                session throws(VaultError) -> (Person, Set<String>) in
                let person = try session.showPerson(id, fields: nil, purpose: purpose)
                // Offered as new only when the user may read the field (so its absence means it
                // is empty, not hidden) and write it: nothing unseen is overwritten.
                let missing = fieldIDs.filter { field in
                    person.fields[field] == nil && session.decide(fieldID: field, purpose: purpose).allowed
                        && session.decide(fieldID: field, action: .write, purpose: purpose).allowed
                }
                return (person, Set(missing))
            }
            var categories = formCategories(language: language, values: person.fields)
            // Only the fields this read returned: the form never offers to overwrite what it could not show.
            categories = categories.compactMap { category in
                let fields = (category["fields"] as? [[String: Any]] ?? []).filter {
                    person.fields[$0["id"] as! String] != nil
                }
                guard !fields.isEmpty else { return nil }
                return category.merging(["fields": fields]) { $1 }
            }
            let newFields = formCategories(language: language, values: [:]).compactMap { category -> [String: Any]? in
                let fields = (category["fields"] as? [[String: Any]] ?? []).filter { missing.contains($0["id"] as! String) }
                return fields.isEmpty ? nil : category.merging(["fields": fields]) { $1 }
            }
            return renderer.page(
                "person-edit", title: text(request)["editPersonTitle"]!, request: request,
                user: PageUser(session: session),
                values: [
                    "personID": id, "csrf": session.csrfToken, "purpose": purpose, "categories": categories,
                    "purposeLabel": state.vault.purposes.purpose(purpose).map { $0.label.text(language) } ?? purpose,
                    "newFields": newFields, "hasNewFields": !newFields.isEmpty,
                ])
        }
    }

    /// Saves what changed: a value that differs from the one shown is set, one emptied is cleared.
    func updatePerson(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try await withSession(request) { session in
            let id = try context.parameters.require("id")
            guard RecordID.isPerson(id) else { throw VaultError.malformedID(kind: "person", example: "P-7K3M9Q2X") }
            let form = try await PageForm.fields(from: request, session: session)
            let purpose = form.first("purpose") ?? "case_assessment"
            var set: [(String, String)] = []
            var clear: [String] = []
            for field in state.vault.catalog.fields {
                guard let sent = form.pairs.first(where: { $0.name == field.id }) else { continue }
                let value = sent.value.trimmingCharacters(in: .whitespacesAndNewlines)
                let shown = form.pairs.first { $0.name == "was.\(field.id)" }?.value
                if value == (shown ?? "") { continue }
                if value.isEmpty { clear.append(field.id) } else { set.append((field.id, value)) }
            }
            guard !set.isEmpty || !clear.isEmpty else { return PageRenderer.redirect("/persons/\(id)?done=unchanged") }
            let (changes, cleared) = (set, clear)
            try await session.handle.perform { session throws(VaultError) in
                try session.updatePerson(id, set: changes, clear: cleared, purpose: purpose)
            }
            return PageRenderer.redirect("/persons/\(id)?done=updated")
        }
    }
}

/// Households: a person joins one (a new one, or one named by its id) with their relation.
extension PageRoutes {
    static func relationLabel(_ relation: Relation, _ language: DocumentLanguage) -> String {
        language == .en ? relation.englishLabel : relation.polishLabel
    }

    static func relations(_ language: DocumentLanguage) -> [[String: String]] {
        Relation.allCases.map { ["value": $0.rawValue, "label": relationLabel($0, language)] }
    }

    func joinHousehold(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try await withSession(request) { session in
            let id = try context.parameters.require("id")
            guard RecordID.isPerson(id) else { throw VaultError.malformedID(kind: "person", example: "P-7K3M9Q2X") }
            let form = try await PageForm.fields(from: request, session: session)
            guard let relation = Relation(rawValue: form.first("relation") ?? "") else {
                throw Problem.badRequest("choose the person's relation in the household")
            }
            let member = Household.Member(personID: id, relation: relation)
            let household = form.first("household")?.uppercased()
            let purpose = form.first("purpose") ?? "case_assessment"
            let joined = try await session.handle.perform { session throws(VaultError) -> String in
                if let household {
                    try session.addHouseholdMember(household, member, purpose: purpose)
                    return household
                }
                return try session.createHousehold(members: [member], purpose: purpose)
            }
            return PageRenderer.redirect("/households/\(joined)?done=household")
        }
    }

    /// A household's members with their relations (an audited read for the case assessment).
    func household(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try await withSession(request) { session in
            let id = try context.parameters.require("id")
            let language = PageRenderer.language(request)
            let t = text(request)
            let household = try await session.handle.perform { session throws(VaultError) in
                try session.household(id, purpose: "case_assessment")
            }
            return renderer.page(
                "household", title: t["householdTitle"]!, request: request, user: PageUser(session: session),
                values: [
                    "id": household.id,
                    "members": household.members.map {
                        ["personID": $0.personID, "relation": Self.relationLabel($0.relation, language)]
                    },
                ], message: Self.done(request, t))
        }
    }
}
