import Foundation
import GRDB
import SodiumKit

/// Grant envelopes: a person's category data key sealed to a specialist's X25519 public key.
///
/// Only the specialist's secret key (unlocked by their passphrase) opens an envelope, so what a
/// specialist can decrypt is exactly the set of envelopes addressed to them. An envelope exists
/// only while its grant is live — team open, membership and grant not expired, and (under the
/// `wait` notice gate) the cooperant's art. 14 notice settled; every other grant row keeps no
/// envelope, so the rule is enforced by keys and not only at read time.
enum GrantStore {
    /// One grant row as stored.
    struct Row: Hashable {
        var teamID: String
        var login: String
        var personID: String
        var category: String
    }

    /// Inserts a grant without an envelope; ``refresh(_:person:category:key:keyVersion:today:)``
    /// seals it once it is live.
    static func insert(_ db: Database, _ grant: Row, expiresOn: String, now: Date) throws {
        try db.cachedStatement(sql: """
            INSERT INTO grants (team_id, login, person_id, category, expires_on, created_at) VALUES (?, ?, ?, ?, ?, ?)
            """).execute(arguments: [grant.teamID, grant.login, grant.personID, grant.category, expiresOn, Timestamp.string(now)])
    }

    /// Brings the envelopes of (person, category) in line with `key` (version `keyVersion`):
    /// every live grant in `issuable` gets an envelope of the current key, every grant that is
    /// not live loses its envelope.
    ///
    /// `issuable` is what a ``GrantSync`` worked out in this transaction from checked rows
    /// (``GrantSync/issuable``): a grant row that no sync asked for — inserted or put back in
    /// the file — is never sealed a key. Before sealing to a specialist's public key, the user
    /// row's seal is checked as well, so a key swapped into the file receives nothing.
    static func refresh(_ db: Database, person: String, category: String, key: SecureBytes, keyVersion: Int64, today: String, keyring: VaultKeyring,
                        issuable: Set<Row>) throws {
        var sealer: RecordSealer?
        let gate = try VaultMeta.noticeGate(db)
        let rows = try GRDB.Row.fetchAll(db.cachedStatement(sql: """
            SELECT g.team_id, g.login, g.key_version, g.envelope IS NOT NULL AS sealed, u.public_key, u.cooperant_id,
                   (t.closed_at IS NULL AND m.removed_at IS NULL AND m.until >= ? AND g.expires_on >= ?) AS live
            FROM grants g JOIN users u ON u.login = g.login JOIN teams t ON t.id = g.team_id
            LEFT JOIN team_members m ON m.team_id = g.team_id AND m.login = g.login
            WHERE g.person_id = ? AND g.category = ?
            """), arguments: [today, today, person, category])
        for row in rows {
            let team: String = row["team_id"]
            let login: String = row["login"]
            var live: Bool = row["live"] ?? false
            if live, gate == .wait {
                let cooperant: String? = row["cooperant_id"]
                live = try cooperant.map { try NoticeStore.isSettled(db, person: person, cooperant: $0) } ?? false
            }
            if live {
                let current = (row["sealed"] as Bool) && (row["key_version"] as Int64?) == keyVersion
                guard !current, issuable.contains(Row(teamID: team, login: login, personID: person, category: category)) else { continue }
                let users = try sealer ?? RecordSealer(db, keyring: keyring)
                sealer = users
                try users.verify(.user(login: login))
                let envelope = try GrantEnvelope.seal(key, person: person, category: category, keyVersion: keyVersion,
                                                      to: Array(row["public_key"] as Data))
                try db.cachedStatement(sql: "UPDATE grants SET envelope = ?, key_version = ? WHERE team_id = ? AND login = ? AND person_id = ? AND category = ?").execute(
                               arguments: [Data(envelope), keyVersion, team, login, person, category])
            } else if row["sealed"] as Bool {
                try db.cachedStatement(sql: "UPDATE grants SET envelope = NULL, key_version = NULL WHERE team_id = ? AND login = ? AND person_id = ? AND category = ?").execute(
                               arguments: [team, login, person, category])
            }
        }
    }

    /// Refreshes every category of `person` that holds a data key, issuing envelopes only to
    /// grants in `issuable` (see ``GrantSync/issueEnvelopes(persons:)``).
    static func refresh(_ db: Database, person: String, store: inout PersonStore, today: String, issuable: Set<Row>) throws {
        for category in try String.fetchAll(db.cachedStatement(sql: "SELECT DISTINCT category FROM grants WHERE person_id = ?"), arguments: [person]) {
            guard let (key, version) = try store.dataKey(person: person, category: category, create: false) else { continue }
            try refresh(db, person: person, category: category, key: key, keyVersion: version, today: today, keyring: store.keyring, issuable: issuable)
        }
    }

    /// Whether any grant names `person` (so a new data key of theirs may be owed envelopes).
    static func exists(_ db: Database, person: String) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS(SELECT 1 FROM grants WHERE person_id = ?)"), arguments: [person]) ?? false
    }

    /// The envelope `login` holds for (person, category) at `keyVersion`, if any grant is live on `today`.
    static func envelope(_ db: Database, login: String, person: String, category: String, keyVersion: Int64, today: String) throws -> [UInt8]? {
        try Data.fetchOne(db.cachedStatement(sql: """
            SELECT envelope FROM grants WHERE login = ? AND person_id = ? AND category = ? AND key_version = ? AND envelope IS NOT NULL
            AND expires_on >= ? LIMIT 1
            """), arguments: [login, person, category, keyVersion, today]).map { Array($0) }
    }
}

extension GrantStore {
    /// The cooperants holding keys (issued envelopes, valid on `day`) to `person`'s data, with the
    /// categories and the last day any of their keys is valid; for the art. 15 answer.
    static func holders(_ db: Database, person: String, on day: String) throws -> [(cooperant: String, categories: [String], until: String)] {
        let rows = try GRDB.Row.fetchAll(db.cachedStatement(sql: """
            SELECT u.cooperant_id, g.category, g.expires_on FROM grants g JOIN users u ON u.login = g.login
            WHERE g.person_id = ? AND u.cooperant_id IS NOT NULL AND g.envelope IS NOT NULL AND g.expires_on >= ?
            ORDER BY u.cooperant_id, g.category
            """), arguments: [person, day])
        var held: [String: (categories: Set<String>, until: String)] = [:]
        for row in rows {
            let cooperant: String = row[0]
            var entry = held[cooperant] ?? ([], "")
            entry.categories.insert(TeamNoteKeys.catalogCategory(row[1]))
            entry.until = max(entry.until, row[2] as String)
            held[cooperant] = entry
        }
        return held.keys.sorted().map { ($0, held[$0]!.categories.sorted(), held[$0]!.until) }
    }
}
