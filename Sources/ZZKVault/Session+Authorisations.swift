import Foundation
import GRDB

extension Session {
    /// Records (or replaces) a specialist's authorisation; grants outside it are revoked and
    /// re-keyed at once. Administrators only.
    public func authorise(_ login: String, categories: [String], until: String) throws(VaultError) {
        try User.validateLogin(login)
        try checkDate(until, name: .option("until"))
        try requireRole([.admin], operation: "record authorisations", action: "user.authorise", hint: "The administrator records authorisations (upoważnienia) signed by the OPS director.")
        let catalog = vault.catalog
        var problems: [FieldProblem] = []
        for category in categories where category != "*" && catalog.category(category) == nil {
            let hint = NearestName.suggestion(for: category, among: catalog.categories.map(\.id)).map { " Did you mean '\($0)'?" } ?? ""
            problems.append(FieldProblem(parameter: .option("categories"), reason: "unknown category '\(FieldValidator.displayableID(category))'.\(hint)", location: login))
        }
        if categories.isEmpty { problems.append(FieldProblem(parameter: .option("categories"), reason: "name at least one category", location: login)) }
        guard problems.isEmpty else { throw .invalidFields(problems) }
        let keyring = try requireKeyring("record authorisations")
        let list = Array(Set(categories)).sorted()
        try vault.write(keyring: keyring) { db, audit in
            guard let record = try UserStore.fetch(db, login: login) else { throw VaultError.unknownUser(login: login) }
            guard record.role == .specialist else {
                throw VaultError.invalidArgument(name: "login", reason: "\(login) has role \(record.role.rawValue); authorisations are recorded for cooperants' specialists (OPS staff are authorised by their role)")
            }
            let json = String(decoding: try JSONEncoder().encode(list), as: UTF8.self)
            try db.cachedStatement(sql: """
                INSERT INTO authorisations (login, categories, valid_until, granted_by, granted_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (login) DO UPDATE SET categories = excluded.categories, valid_until = excluded.valid_until,
                    granted_by = excluded.granted_by, granted_at = excluded.granted_at
                """).execute(arguments: [login, json, until, user.login, Timestamp.string(vault.clock.now)])
            try RecordSealer(db, keyring: keyring).seal(.authorisation(login: login), change: true)
            var sync = try grantSync(db, keyring: keyring)
            let report = try sync.syncAll()
            try audit.append(AuditDraft(actor: user.login, action: "user.authorise",
                                        detail: "login=\(login) categories=\(list.joined(separator: ",")) until=\(until) \(report.detail)"), in: db)
        }
    }

    /// The specialist's authorisation, if one is recorded.
    public func authorisation(_ login: String) throws(VaultError) -> Authorisation? {
        try User.validateLogin(login)
        return try vault.read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM authorisations WHERE login = ?"), arguments: [login]).map {
                Authorisation(login: login, categories: (try? JSONDecoder().decode([String].self, from: Data(($0["categories"] as String).utf8))) ?? [],
                              validUntil: $0["valid_until"], grantedBy: $0["granted_by"])
            }
        }
    }
}
