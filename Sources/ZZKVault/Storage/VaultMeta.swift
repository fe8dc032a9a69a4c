import Foundation
import GRDB

/// Reads the `vault_meta` key/value table.
enum VaultMeta {
    /// The current vault-key epoch (incremented by every rotation).
    static func vaultKeyEpoch(_ db: Database) throws -> Int64 {
        guard let text = try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM vault_meta WHERE key = 'vault_key_epoch'")), let epoch = Int64(text) else {
            throw VaultError.integrityFailure(object: "vault_meta", detail: "the vault key epoch is missing")
        }
        return epoch
    }

    /// The notice gate setting (default `wait`).
    static func noticeGate(_ db: Database) throws -> NoticeGate {
        try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM vault_meta WHERE key = 'notice_gate'")).flatMap(NoticeGate.init(rawValue:)) ?? .wait
    }

    /// Whether custodians must log in with a second factor (default no).
    static func secondFactorRequiredForCustodians(_ db: Database) throws -> Bool {
        try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM vault_meta WHERE key = 'totp_required_for_custodians'")) == "1"
    }

    /// Whether every indexed surname has its folded tag (vaults made before that index get them
    /// at the first surname search).
    static func foldedSurnamesComplete(_ db: Database) throws -> Bool {
        try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM vault_meta WHERE key = 'surname_folded_index'")) == "1"
    }

    static func markFoldedSurnamesComplete(_ db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO vault_meta (key, value) VALUES ('surname_folded_index', '1') ON CONFLICT (key) DO UPDATE SET value = '1'
            """).execute()
    }

    /// The controller's (the leader's) public identity for the IOD, who holds no vault key:
    /// `name` and `dpo_contact` in the clear (art. 13(1)(a)–(b) and 37(7) RODO make them
    /// public), and the full registry entry (address and contacts, which may name people)
    /// sealed to each IOD's own public key under `boxes`.
    struct PublishedController: Codable {
        var name: String
        var dpoContact: String
        var boxes: [String: String]

        enum CodingKeys: String, CodingKey {
            case name, boxes
            case dpoContact = "dpo_contact"
        }
    }

    static func controller(_ db: Database) throws -> PublishedController? {
        guard let text = try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM vault_meta WHERE key = 'controller'")) else { return nil }
        return try? JSONDecoder().decode(PublishedController.self, from: Data(text.utf8))
    }

    static func setController(_ db: Database, _ published: PublishedController) throws {
        let text = String(decoding: try JSONEncoder().encode(published), as: UTF8.self)
        try db.cachedStatement(sql: """
            INSERT INTO vault_meta (key, value) VALUES ('controller', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value
            """).execute(arguments: [text])
    }
}
