import Foundation
import GRDB
import SodiumKit

/// Grant envelopes: a person's category data key sealed to a specialist's X25519 public key.
///
/// Only the specialist's secret key (unlocked by their passphrase) opens an envelope, so what a
/// specialist can decrypt is exactly the set of envelopes addressed to them.
enum GrantStore {
    /// One grant row as stored.
    struct Row: Hashable {
        var teamID: String
        var login: String
        var personID: String
        var category: String
    }

    /// Seals `key` (version `keyVersion`) into every grant of (person, category), replacing
    /// older envelopes. Called when the key is created or replaced.
    static func seal(_ db: Database, person: String, category: String, key: SecureBytes, keyVersion: Int64) throws {
        let rows = try GRDB.Row.fetchAll(db, sql: """
            SELECT g.team_id, g.login, u.public_key FROM grants g JOIN users u ON u.login = g.login
            WHERE g.person_id = ? AND g.category = ?
            """, arguments: [person, category])
        for row in rows {
            let envelope = try SealedBox.seal(key, to: Array(row["public_key"] as Data))
            try db.execute(sql: "UPDATE grants SET envelope = ?, key_version = ? WHERE team_id = ? AND login = ? AND person_id = ? AND category = ?",
                           arguments: [Data(envelope), keyVersion, row["team_id"] as String, row["login"] as String, person, category])
        }
    }

    /// Inserts a grant, with its envelope if the category already holds a data key.
    static func insert(_ db: Database, _ grant: Row, expiresOn: String, store: inout PersonStore, now: Date) throws {
        try db.execute(sql: """
            INSERT INTO grants (team_id, login, person_id, category, expires_on, created_at) VALUES (?, ?, ?, ?, ?, ?)
            """, arguments: [grant.teamID, grant.login, grant.personID, grant.category, expiresOn, Timestamp.string(now)])
        guard let (key, version) = try store.dataKey(person: grant.personID, category: grant.category, create: false) else { return }
        guard let publicKey = try Data.fetchOne(db, sql: "SELECT public_key FROM users WHERE login = ?", arguments: [grant.login]) else { return }
        try db.execute(sql: "UPDATE grants SET envelope = ?, key_version = ? WHERE team_id = ? AND login = ? AND person_id = ? AND category = ?",
                       arguments: [Data(try SealedBox.seal(key, to: Array(publicKey))), version, grant.teamID, grant.login, grant.personID, grant.category])
    }

    /// The envelope `login` holds for (person, category) at `keyVersion`, if any grant is live on `today`.
    static func envelope(_ db: Database, login: String, person: String, category: String, keyVersion: Int64, today: String) throws -> [UInt8]? {
        try Data.fetchOne(db, sql: """
            SELECT envelope FROM grants WHERE login = ? AND person_id = ? AND category = ? AND key_version = ? AND envelope IS NOT NULL
            AND expires_on >= ? LIMIT 1
            """, arguments: [login, person, category, keyVersion, today]).map { Array($0) }
    }
}
