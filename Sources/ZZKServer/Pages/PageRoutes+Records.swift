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
            let fields = catalog.fields.filter {
                $0.category == category.id && $0.category != FieldCatalog.teamNotesCategory
            }.map { field -> [String: Any] in
                let current = values[field.id] ?? ""
                var row: [String: Any] = ["id": field.id, "label": field.label.text(language), "value": current]
                switch field.type {
                case .enum, .boolean:
                    var codes = field.type == .boolean ? ["true", "false"] : field.values
                    // A stored value the catalogue no longer lists stays selected, never silently cleared.
                    if !current.isEmpty && !codes.contains(current) { codes.insert(current, at: 0) }
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
                case .text where Self.isMultiline(field): row["multiline"] = true
                default: row["inputType"] = "text"
                }
                return row
            }
            return fields.isEmpty ? nil : ["label": category.label.text(language), "fields": fields]
        }
    }

    /// Long text fields may hold line breaks (the validator's rule): a textarea, never an input
    /// that would drop them.
    static func isMultiline(_ field: FieldDefinition) -> Bool { field.type == .text && (field.maxLength ?? 0) > 200 }

    /// Line ends as the vault stores them (a browser sends a textarea's as CR LF).
    static func normalised(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The record as a form, read (and audited) for the chosen purpose; only what that read
    /// returns is shown and can be changed.
    func editPerson(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try await withSession(request) { session in
            let id = try context.parameters.require("id")
            guard RecordID.isPerson(id) else { throw VaultError.malformedID(kind: "person", example: "P-7K3M9Q2X") }
            let language = PageRenderer.language(request)
            let purpose = request.uri.queryParameters["purpose"].map(String.init) ?? "case_assessment"
            let fieldIDs = state.vault.catalog.fields.filter { $0.category != FieldCatalog.teamNotesCategory }.map(\.id)
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
            // Each carries the value shown (`was.<id>`), which the save compares against.
            categories = categories.compactMap { category in
                let fields = (category["fields"] as? [[String: Any]] ?? []).filter {
                    person.fields[$0["id"] as! String] != nil
                }.map { $0.merging(["shown": true]) { $1 } }
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

    /// Saves what changed: a value that differs from the one the form showed is set, one emptied
    /// is cleared. The record is read again first (audited): a field whose stored value is no
    /// longer the one the form showed — a colleague saved meanwhile — refuses the whole save
    /// (409, nothing written), and a field that read does not return is never written.
    func updatePerson(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try await withSession(request) { session in
            let id = try context.parameters.require("id")
            guard RecordID.isPerson(id) else { throw VaultError.malformedID(kind: "person", example: "P-7K3M9Q2X") }
            let form = try await PageForm.fields(from: request, session: session)
            let purpose = form.first("purpose") ?? "case_assessment"
            var edits: [(field: String, shown: String, value: String)] = []
            for field in state.vault.catalog.fields where field.category != FieldCatalog.teamNotesCategory {
                guard let sent = form.pairs.first(where: { $0.name == field.id }) else { continue }
                let value = Self.normalised(sent.value)
                let shown = Self.normalised(form.pairs.first { $0.name == "was.\(field.id)" }?.value ?? "")
                if value != shown { edits.append((field.id, shown, value)) }
            }
            guard !edits.isEmpty else { return PageRenderer.redirect("/persons/\(id)?done=unchanged") }
            let changes = edits
            let outcome = try await session.handle.perform { session throws(VaultError) -> Bool in
                let current = try session.showPerson(id, fields: nil, purpose: purpose).fields
                for edit in changes {
                    let stored = current[edit.field]
                    // Changed meanwhile, or a value this read cannot see (so the form never showed it).
                    if (stored ?? "") != edit.shown { return false }
                    if stored == nil && !session.decide(fieldID: edit.field, purpose: purpose).allowed { return false }
                }
                try session.updatePerson(
                    id, set: changes.filter { !$0.value.isEmpty }.map { ($0.field, $0.value) },
                    clear: changes.filter { $0.value.isEmpty }.map(\.field), purpose: purpose)
                return true
            }
            guard outcome else {
                throw Problem(
                    status: .conflict, code: "changed-meanwhile", title: "Changed meanwhile",
                    detail: "the record changed after the form was opened; open the form again and repeat your change")
            }
            return PageRenderer.redirect("/persons/\(id)?done=updated")
        }
    }
}

/// Households: a person joins one (a new one, or one named by its id) with their relation.
extension PageRoutes {
    /// A relation by its label; a dash where the reader's keys do not open the member's
    /// `household.role` (or none was recorded).
    static func relationLabel(_ relation: Relation?, _ language: DocumentLanguage) -> String {
        guard let relation else { return "—" }
        return language == .en ? relation.englishLabel : relation.polishLabel
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
