import Foundation
import GRDB

extension Session {
    /// Imports persons from a UTF-8 CSV file whose header names catalogue field ids (plus an
    /// optional `household` column with a household id, and an optional `external_id` that is
    /// only used to identify rows in reports).
    ///
    /// Two streaming passes keep memory flat: the first validates every row and the policy's
    /// `write` decision for the header's fields; the second writes everything in **one
    /// transaction** with one audit entry per person. All-or-nothing: any bad row is reported
    /// (`FILE:LINE: field: reason`) and nothing is written — unless `rejects` is given, when the
    /// good rows are imported and the bad ones written there with their reasons.
    public func importPersons(from url: URL, purpose: String, rejects: URL? = nil,
                              progress: ((Int) -> Void)? = nil) throws(VaultError) -> ImportReport {
        try checkPurpose(purpose)
        if let rejects, FileManager.default.fileExists(atPath: rejects.path) {
            throw .fileError(path: rejects.path, reason: "already exists; give a new file for the rejected rows")
        }
        let name = url.lastPathComponent
        var reader = try CSVReader(url: url)
        let header: [String]
        do {
            guard let first = try reader.next() else { throw VaultError.invalidArgument(name: "file", reason: "\(name) is empty; the first line names the field ids") }
            header = first.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        } catch let problem as CSVReader.Problem {
            throw .invalidFields([FieldProblem(field: "header", reason: problem.reason, location: "\(name):\(problem.line)")])
        } catch let error as VaultError { throw error } catch { throw .invalidArgument(name: "file", reason: "unreadable") }
        let special: Set<String> = ["household", "external_id"]
        let fieldColumns = header.filter { !special.contains($0) }
        let validator = FieldValidator(catalog: vault.catalog)
        var headerProblems = validator.unknownFields(fieldColumns).map { FieldProblem(field: $0.field, reason: $0.reason, location: "\(name):1") }
        if Set(header).count != header.count { headerProblems.append(FieldProblem(field: "header", reason: "a column is named twice", location: "\(name):1")) }
        guard headerProblems.isEmpty else { throw .invalidFields(headerProblems) }
        let allowed = try authorize(.write, fields: fieldColumns + (header.contains("household") ? [Self.membershipField] : []),
                                    purpose: purpose, auditAction: "person.import")
        let keyring = try requireKeyring("import persons")

        // Pass 1: validate every row.
        var bad: [Int: [FieldProblem]] = [:]
        var problems: [FieldProblem] = []
        var rows = 0
        do {
            while let record = try reader.next() {
                if record.fields.count == 1 && record.fields[0].isEmpty { continue }
                rows += 1
                let location = "\(name):\(record.line)"
                var reasons: [FieldProblem] = []
                if record.fields.count != header.count {
                    reasons.append(FieldProblem(field: "row", reason: "has \(record.fields.count) fields, the header has \(header.count)", location: location))
                } else {
                    let values = zip(header, record.fields).filter { !special.contains($0.0) && !$0.1.isEmpty }.map { ($0.0, $0.1) }
                    if values.isEmpty { reasons.append(FieldProblem(field: "row", reason: "no field values", location: location)) }
                    do { _ = try validator.validate(values) } catch {
                        if case let .invalidFields(list) = error {
                            reasons += list.map { FieldProblem(field: $0.field, reason: $0.reason, location: location) }
                        } else {
                            reasons.append(FieldProblem(field: "row", reason: error.description, location: location))
                        }
                    }
                    if let column = header.firstIndex(of: "household"), !record.fields[column].isEmpty, !RandomID.isValid(record.fields[column], prefix: "H") {
                        reasons.append(FieldProblem(field: "household", reason: "not a household id (H-XXXXXXXX)", location: location))
                    }
                }
                if !reasons.isEmpty {
                    bad[record.line] = reasons
                    problems += reasons
                }
            }
        } catch {
            throw .invalidFields([FieldProblem(field: "file", reason: error.reason, location: "\(name):\(error.line)")])
        }
        if !problems.isEmpty && rejects == nil {
            try vault.recordAndThrow(
                AuditDraft(actor: user.login, action: "person.import", purpose: purpose, decision: .denied, detail: "rows=\(rows) bad=\(bad.count) reason=invalid"),
                .invalidFields(problems))
        }

        // Pass 2: write the good rows in one transaction.
        var second = try CSVReader(url: url)
        let catalog = vault.catalog
        let login = user.login
        var rejectLines: [String] = []
        let imported: [String] = try vault.write(keyring: keyring) { db, audit in
            _ = try second.next()
            var ids: [String] = []
            var store = PersonStore(db: db, keyring: keyring, catalog: catalog)
            let today = CalendarDate.today()
            while let record = try second.next() {
                if record.fields.count == 1 && record.fields[0].isEmpty { continue }
                if let reasons = bad[record.line] {
                    rejectLines.append((record.fields + [reasons.map { "\($0.field): \($0.reason)" }.joined(separator: "; ")]).map(Self.csvQuote).joined(separator: ","))
                    continue
                }
                let values = zip(header, record.fields).filter { !special.contains($0.0) && !$0.1.isEmpty }.map { ($0.0, $0.1) }
                let validated = try validator.validate(values)
                let personID = RandomID.make(prefix: "P")
                try store.insertPerson(personID, createdBy: login, now: Date())
                for (id, value) in validated.sorted(by: { $0.key < $1.key }) { try store.writeField(person: personID, field: catalog.field(id)!, value: value) }
                var detail = "import=\(name):\(record.line)"
                if let column = header.firstIndex(of: "household"), !record.fields[column].isEmpty {
                    let household = record.fields[column]
                    guard try HouseholdStore.exists(db, household) else { throw VaultError.unknownHousehold(id: household) }
                    try HouseholdStore.addMember(db, household: household, person: personID, relation: .otherRelative)
                    detail += " household=\(household)"
                }
                try NoticeStore.recordIntake(db, person: personID, categories: Array(Set(validated.keys.compactMap { catalog.field($0)?.category })).sorted(),
                                             purpose: purpose, today: today)
                try audit.append(AuditDraft(actor: login, action: "person.create", personID: personID, fields: Array(validated.keys), purpose: purpose,
                                            detail: "\(detail) \(allowed)"), in: db)
                ids.append(personID)
                progress?(ids.count)
            }
            return ids
        }
        if let rejects, !rejectLines.isEmpty {
            let text = ((header + ["reason"]).map(Self.csvQuote).joined(separator: ",") + "\n") + rejectLines.map { $0 + "\n" }.joined()
            try KeyDirectory.writeNew(Array(text.utf8), to: rejects, mode: 0o600)
        }
        return ImportReport(imported: imported, rejected: problems.map(\.description))
    }

    /// One CSV field with RFC 4180 quoting: quoted when it holds a comma, quote or line break.
    public static func csvQuote(_ text: String) -> String {
        text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}
