import Foundation
import GRDB
import SodiumKit

extension Session {
    /// Imports persons from a UTF-8 CSV file whose header names catalogue field ids (plus an
    /// optional `household` column with a household id, and an optional `external_id` that is
    /// only used to identify rows in reports).
    ///
    /// The policy decides `write` on the header's fields first. Then one streaming pass keeps
    /// memory flat: each row is validated and written in **one transaction** with one audit
    /// entry per person. All-or-nothing: any bad row is reported (`FILE:LINE: field: reason`)
    /// and the transaction is rolled back, so nothing is written — unless `rejects` is given,
    /// when the good rows are imported and the bad ones written there with their reasons.
    ///
    /// `progress` is called after each imported person with the number imported so far and
    /// the number of bytes of the file read.
    public func importPersons(from url: URL, purpose: String, rejects: URL? = nil,
                              progress: ((_ imported: Int, _ bytesRead: Int) -> Void)? = nil) throws(VaultError) -> ImportReport {
        try checkPurpose(purpose)
        // The rejects file is created before anything is read or written (a new file, never
        // through a symbolic link), so a bad path cannot fail the import after it committed.
        let rejectsFile = try rejects.map { (url) throws(VaultError) in try OutputFile.create(url.path, mode: 0o600) }
        do {
            let report = try importPersons(from: url, purpose: purpose, rejectsFile: rejectsFile, progress: progress)
            if report.rejectLines.isEmpty { rejectsFile?.discard() }
            return report.report
        } catch {
            rejectsFile?.discard()
            throw error
        }
    }

    /// The page cache of an import's transaction, in SQLite's units (negative: KiB): 64 MiB.
    static let importCacheSize = -65_536

    private func importPersons(from url: URL, purpose: String, rejectsFile: OutputFile?,
                               progress: ((_ imported: Int, _ bytesRead: Int) -> Void)?) throws(VaultError) -> (report: ImportReport, rejectLines: [String]) {
        let rejects = rejectsFile
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
        var headerProblems = validator.unknownFields(fieldColumns).map { $0.located(at: "\(name):1") }
        if Set(header).count != header.count { headerProblems.append(FieldProblem(field: "header", reason: "a column is named twice", location: "\(name):1")) }
        guard headerProblems.isEmpty else { throw .invalidFields(headerProblems) }
        let allowed = try authorize(.write, fields: fieldColumns + (header.contains("household") ? [Self.membershipField] : []),
                                    purpose: purpose, auditAction: "person.import")
        let keyring = try requireKeyring("import persons")

        // One streaming pass, in one transaction: each row is validated and, while the file
        // is still clean (or bad rows are to be skipped), written. A bad row in an
        // all-or-nothing import stops the writing, the rest is still checked so every problem
        // is reported, and the transaction is rolled back: the vault is left as it was.
        let catalog = vault.catalog
        let login = user.login
        var problems: [FieldProblem] = []
        var badRows = 0
        var rows = 0
        var rejectLines: [String] = []
        var rolledBack = false
        let imported: [String]
        do throws(VaultError) {
            imported = try vault.write(keyring: keyring) { db, audit in
                // The whole file is one transaction: with SQLite's default 2 MB page cache its dirty
                // pages spill to the write-ahead log and are read back, more so as the random indexes
                // (public ids, blind-index tags) outgrow it. The cap keeps import memory under 200 MB.
                let cache = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
                try db.execute(sql: "PRAGMA cache_size = \(Self.importCacheSize)")
                defer { try? db.execute(sql: "PRAGMA cache_size = \(cache)") }
                var ids: [String] = []
                var store = vault.personStore(db, keyring: keyring)
                var sealer: RecordSealer?
                let today = vault.clock.today
                let leader = try NoticeStore.leader(db)
                // Write order decides the value versions, so it is shuffled (a version must not
                // tell which field it is); one CSPRNG draw covers several persons' shuffles.
                var order = BufferedRandom(words: 64)
                while true {
                    let next: CSVReader.Record?
                    do { next = try reader.next() } catch let problem as CSVReader.Problem {
                        throw VaultError.invalidFields([FieldProblem(field: "file", reason: problem.reason, location: "\(name):\(problem.line)")])
                    }
                    guard let record = next else { break }
                    if record.fields.count == 1 && record.fields[0].isEmpty { continue }
                    rows += 1
                    let location = "\(name):\(record.line)"
                    var reasons: [FieldProblem] = []
                    var validated: [String: String] = [:]
                    var household: String?
                    if record.fields.count != header.count {
                        reasons.append(FieldProblem(field: "row", reason: "has \(record.fields.count) fields, the header has \(header.count)", location: location))
                    } else {
                        let values = zip(header, record.fields).filter { !special.contains($0.0) && !$0.1.isEmpty }.map { ($0.0, $0.1) }
                        if values.isEmpty { reasons.append(FieldProblem(field: "row", reason: "no field values", location: location)) }
                        do { validated = try validator.validate(values) } catch let error as VaultError {
                            if case let .invalidFields(list) = error {
                                reasons += list.map { $0.located(at: location) }
                            } else {
                                reasons.append(FieldProblem(field: "row", reason: error.description, location: location))
                            }
                        }
                        if let column = header.firstIndex(of: "household"), !record.fields[column].isEmpty {
                            household = record.fields[column]
                            if !RandomID.isValid(record.fields[column], prefix: "H") {
                                reasons.append(FieldProblem(field: "household", reason: "not a household id (H-XXXXXXXX)", location: location))
                            }
                        }
                    }
                    // One person, one record: a PESEL already in the vault (or earlier in this file) is refused.
                    if reasons.isEmpty, let pesel = validated["identity.pesel"], let other = try store.find(kind: .pesel, value: pesel).first {
                        reasons.append(FieldProblem(field: "identity.pesel", reason: "the vault already holds a person with this PESEL (\(other), imported earlier from this file or before); update that person instead", location: location))
                    }
                    if !reasons.isEmpty {
                        badRows += 1
                        problems += reasons
                        if rejects != nil {
                            rejectLines.append((record.fields + [reasons.map { "\($0.field): \($0.reason)" }.joined(separator: "; ")]).map(Self.csvQuote).joined(separator: ","))
                        }
                        continue
                    }
                    // An all-or-nothing import with a bad row will be rolled back: stop writing.
                    if !problems.isEmpty && rejects == nil { continue }
                    let now = vault.clock.now
                    let personID = try store.insertPerson(createdBy: login, now: now, fields: validated.count)
                    for (id, value) in validated.shuffled(using: &order) {
                        try store.writeField(person: personID, field: catalog.field(id)!, value: value)
                    }
                    var detail = "import=\(location)"
                    if let household {
                        guard try HouseholdStore.exists(db, household) else { throw VaultError.unknownHousehold(id: household) }
                        let households = try sealer ?? RecordSealer(db, keyring: keyring)
                        sealer = households
                        // The relation is whatever the row's household.role says, if anything.
                        try HouseholdStore.addMember(db, household: household, person: personID, sealer: households)
                        detail += " household=\(household)"
                    }
                    try NoticeStore.recordIntake(db, person: personID, categories: Array(Set(validated.keys.compactMap { catalog.field($0)?.category })).sorted(),
                                                 purpose: purpose, today: today, now: now, ids: vault.ids,
                                                 writer: audit.fieldWriter(db), leader: leader)
                    try audit.append(AuditDraft(actor: login, action: "person.create", personID: personID, fields: Array(validated.keys), purpose: purpose,
                                                detail: "\(detail) \(allowed)"), in: db, now: now)
                    store.forgetDataKeys()
                    ids.append(personID)
                    progress?(ids.count, reader.bytesRead)
                }
                if !problems.isEmpty && rejects == nil {
                    rolledBack = true
                    throw VaultError.invalidFields(problems)
                }
                return ids
            }
        } catch {
            guard rolledBack, case let .invalidFields(list) = error else { throw error }
            try vault.recordAndThrow(
                AuditDraft(actor: user.login, action: "person.import", purpose: purpose, decision: .denied, detail: "rows=\(rows) bad=\(badRows) reason=invalid"),
                .invalidFields(list))
        }
        if let rejects, !rejectLines.isEmpty {
            let text = ((header + ["reason"]).map(Self.csvQuote).joined(separator: ",") + "\n") + rejectLines.map { $0 + "\n" }.joined()
            try rejects.write(Array(text.utf8))
        }
        return (ImportReport(imported: imported, rejected: problems.map(\.description)), rejectLines)
    }

    /// One CSV field with RFC 4180 quoting: quoted when it holds a comma, quote or line break.
    public static func csvQuote(_ text: String) -> String {
        text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}
