import Foundation
import GRDB
import SodiumKit

/// The registry as the IOD, who holds no vault key, may read it (records of processing,
/// notice texts): the leader's name and IOD contact in the clear (art. 13(1)(a)–(b) and 37(7)
/// RODO make them public), and every cooperant's registry entry (address and contacts may name
/// people) sealed to each IOD's own public key. Kept in `vault_meta` (`controller`,
/// `registry_for_dpo`); the digest of both is in the latest `registry.publish` audit entry and
/// checked on every read, so a copy forged in the file (anyone can seal to a public key) is
/// refused instead of printed.
struct PublishedRegistry {
    struct Controller: Codable {
        var name: String
        var dpoContact: String

        enum CodingKeys: String, CodingKey {
            case name
            case dpoContact = "dpo_contact"
        }
    }

    var controller: Controller?
    /// Cooperant id → IOD login → sealed box of `[name, address, contact, dpo_contact]`.
    var boxes: [String: [String: String]]

    /// Writes the publication for `registry` and the IOD accounts `dpos` (login, public key),
    /// and its digest in a `registry.publish` audit entry.
    static func publish(_ db: Database, _ audit: AuditLog, registry: [Cooperant], dpos: [(String, [UInt8])], actor: String) throws {
        var boxes: [String: [String: String]] = [:]
        for cooperant in registry {
            let details = try SecureBytes(copying: Array(try JSONEncoder().encode([cooperant.name, cooperant.address, cooperant.contact,
                                                                                    cooperant.dpoContact])))
            for (login, key) in dpos {
                boxes[cooperant.id, default: [:]][login] = Data(try SealedBox.seal(details, to: key)).base64EncodedString()
            }
        }
        let leader = registry.first(where: \.isLeader).map { Controller(name: $0.name.isEmpty ? $0.id : $0.name, dpoContact: $0.dpoContact) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let controllerText = leader.map { String(decoding: (try? encoder.encode($0)) ?? Data(), as: UTF8.self) } ?? ""
        let boxesText = String(decoding: try encoder.encode(boxes), as: UTF8.self)
        for (key, value) in [("controller", controllerText), ("registry_for_dpo", boxesText)] {
            try db.cachedStatement(sql: """
                INSERT INTO vault_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value
                """).execute(arguments: [key, value])
        }
        try audit.append(AuditDraft(actor: actor, action: "registry.publish",
                                    detail: "cooperants=\(registry.count) dpos=\(dpos.count) sha256=\(digest(controllerText, boxesText))"), in: db)
    }

    /// The publication, checked against its audit entry; empty when none was made.
    static func read(_ db: Database) throws -> PublishedRegistry {
        let controllerText = try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM vault_meta WHERE key = 'controller'"))
        let boxesText = try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM vault_meta WHERE key = 'registry_for_dpo'"))
        let recorded = try String.fetchOne(db.cachedStatement(sql: """
            SELECT detail FROM audit_entries WHERE action = 'registry.publish' AND decision = 'allowed' ORDER BY seq DESC LIMIT 1
            """))
        guard controllerText != nil || boxesText != nil || recorded != nil else { return PublishedRegistry(controller: nil, boxes: [:]) }
        guard let recorded, recorded.hasSuffix("sha256=\(digest(controllerText ?? "", boxesText ?? ""))") else {
            throw VaultError.integrityFailure(object: "the registry published for the IOD",
                                              detail: "it differs from the one recorded in the audit log. A custodian re-publishes it by saving the leader's registry entry again")
        }
        let controller = controllerText.flatMap { try? JSONDecoder().decode(Controller.self, from: Data($0.utf8)) }
        let boxes = boxesText.flatMap { try? JSONDecoder().decode([String: [String: String]].self, from: Data($0.utf8)) } ?? [:]
        return PublishedRegistry(controller: controller, boxes: boxes)
    }

    /// The registry entry `id` as the IOD `login` opens it with their key pair; nil without a box.
    func entry(_ id: String, login: String, keyPair: SealedBox.KeyPair) -> [String]? {
        guard let box = boxes[id]?[login].flatMap({ Data(base64Encoded: $0) }), let opened = try? keyPair.open(Array(box)),
              let parts = try? JSONDecoder().decode([String].self, from: opened.withUnsafeBytes { Data($0) }), parts.count == 4 else { return nil }
        return parts
    }

    private static func digest(_ controller: String, _ boxes: String) -> String {
        Hex.encode(SHA256.hash(Array(controller.utf8) + [0] + Array(boxes.utf8)))
    }
}
