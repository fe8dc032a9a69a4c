import Foundation
import GRDB

/// The `authorisations` table: one row per user (``Authorisation``); the signatory sealed with
/// the case-records key.
enum AuthorisationStore {
    static func upsert(_ db: Database, _ authorisation: Authorisation, signatorySealed: Data) throws {
        try db.cachedStatement(sql: """
            INSERT INTO authorisations (login, categories, purposes, valid_from, valid_until, \
            document_number, document_date,
                signatory_sealed, declaration_basis, declaration_on, granted_by, granted_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (login) DO UPDATE SET categories = excluded.categories, purposes = excluded.purposes,
                valid_from = excluded.valid_from, valid_until = excluded.valid_until,
                document_number = excluded.document_number, document_date = excluded.document_date,
                signatory_sealed = excluded.signatory_sealed, declaration_basis = excluded.declaration_basis,
                declaration_on = excluded.declaration_on, granted_by = excluded.granted_by, \
            granted_at = excluded.granted_at
            """).execute(arguments: [
                authorisation.login, json(authorisation.categories), json(authorisation.purposes),
                authorisation.validFrom, authorisation.validUntil, authorisation.document?.number,
                authorisation.document?.date, signatorySealed,
                authorisation.declaration?.bases.map(\.rawValue).joined(separator: ","),
                authorisation.declaration?.signedOn, authorisation.grantedBy, authorisation.grantedAt,
            ])
    }

    /// The user's authorisation; the signatory opened when `keyring` is given. A record made
    /// before purposes, start and documents were recorded reads as every purpose, from the day
    /// it was recorded, without a document or declaration.
    static func fetch(_ db: Database, login: String, keyring: VaultKeyring?) throws -> Authorisation? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM authorisations WHERE login = ?"),
                                         arguments: [login]) else { return nil }
        let grantedAt: String = row["granted_at"]
        var document: Authorisation.Document?
        if let number: String = row["document_number"], let date: String = row["document_date"] {
            let signatory = try keyring.flatMap { keyring -> String? in
                guard let sealed: Data = row["signatory_sealed"] else { return nil }
                return try SecretStore.openRecord(db, sealed, kind: "authorisation", id: login, part: "signatory",
                                                  keyring: keyring)
            }
            document = Authorisation.Document(number: number, date: date, signatory: signatory)
        }
        var declaration: Authorisation.Declaration?
        if let bases: String = row["declaration_basis"], let on: String = row["declaration_on"] {
            declaration = Authorisation.Declaration(
                bases: bases.split(separator: ",").compactMap { ConfidentialityBasis(rawValue: String($0)) },
                signedOn: on)
        }
        return Authorisation(
            login: login, categories: list(row["categories"]),
            purposes: (row["purposes"] as String?).map(list) ?? ["*"],
            validFrom: row["valid_from"] ?? String(grantedAt.prefix(10)), validUntil: row["valid_until"],
            document: document, declaration: declaration, grantedBy: row["granted_by"], grantedAt: grantedAt)
    }

    private static func json(_ list: [String]) -> String {
        String(decoding: (try? JSONEncoder().encode(list)) ?? Data("[]".utf8), as: UTF8.self)
    }

    private static func list(_ text: String) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
    }
}
