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
}
