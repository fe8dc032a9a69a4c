import Foundation
import GRDB
import SodiumKit

/// Creates and reads information notices (table `notices`) in the caller's transaction.
enum NoticeStore {
    /// A JSON array of ids. Ids (categories, purposes, cooperants) need no escaping, so they
    /// are written directly — an import writes one notice per person; anything else goes
    /// through `JSONEncoder`.
    static func json(_ list: [String]) -> String {
        let plain = list.allSatisfy { $0.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || $0 == 0x5F || $0 == 0x2D || $0 == 0x2E } }
        if plain { return "[" + list.map { "\"" + $0 + "\"" }.joined(separator: ",") + "]" }
        return String(decoding: (try? JSONEncoder().encode(list)) ?? Data("[]".utf8), as: UTF8.self)
    }
    static func list(_ text: String) -> [String] { (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? [] }

    /// A list column that is a JSON array, or sealed to the audit-reader key (``AuditFieldSeal``,
    /// bound to `binding`) and opened with `reader`; empty when the reader holds no key for it
    /// (an IOD before their hand-over), an integrity failure naming `object` when it holds the
    /// key and the list does not open (altered, or moved from another record).
    static func list(_ text: String, binding: [UInt8], reader: AuditFieldReader, object: @autoclosure () -> String) throws
        -> [String]
    {
        guard AuditFieldSeal.isSealed(text) else { return list(text) }
        if let opened = reader.open(text, binding: binding) { return opened }
        guard !reader.holdsKey(for: text) else {
            throw VaultError.integrityFailure(object: object(), detail: "its sealed list does not open with the audit-reader key "
                                                + "(altered, or copied from another record); ask the IOD to run zzk audit verify")
        }
        return []
    }

    /// `list` as stored: sealed with `writer` when the vault has an audit-reader key, else JSON.
    static func stored(_ list: [String], binding: [UInt8], writer: AuditFieldWriter?) throws -> String {
        try writer?.seal(list, binding: binding) ?? json(list)
    }

    /// Records that `cooperant` received `category` of `person` for `purpose` on `today`: the
    /// art. 14 notice is created (due in one month) or widened; a consent meeting settles it only
    /// for what that consent named (its cooperant, category and purpose). A settled notice is owed again
    /// when a new category or a new purpose arrives (art. 14(4)). Other cooperants' pending
    /// notices keep their due day: art. 14(3)(c) brings a notice forward only for the
    /// recipient's own onward disclosure, and the OPS's disclosure to another cooperant is not
    /// one. A consent of the person naming the cooperant whose meeting delivered the notices
    /// settles it at once.
    static func recordDisclosure(
        _ db: Database, person: String, cooperant: String, category: String, purpose: String, today: String, now: Date, ids: IDSource,
        keyring: VaultKeyring?
    ) throws {
        let atMeeting = try Bool.fetchOne(db.cachedStatement(sql: """
            SELECT EXISTS(SELECT 1 FROM consents c WHERE c.person_id = ? AND c.notices_delivered = 1 AND c.withdrawn_on IS NULL
            AND c.valid_from <= ? AND (c.valid_until IS NULL OR c.valid_until >= ?)
            AND EXISTS(SELECT 1 FROM json_each(c.cooperants) WHERE value IN (?, '*'))
            AND EXISTS(SELECT 1 FROM json_each(c.categories) WHERE value = ?)
            AND EXISTS(SELECT 1 FROM json_each(c.purposes) WHERE value = ?))
            """), arguments: [person, today, today, cooperant, category, purpose]) ?? false
        if let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT id, categories, purposes, delivered_on, exempt_ground FROM notices WHERE person_id = ? AND kind = 'art14' AND cooperant_id = ?"), arguments: [person, cooperant]) {
            let storedText: String = row["categories"]
            let id: String = row["id"]
            let binding = AuditFieldSeal.record("notice", id: id, person: person)
            // The leader's own notice lists every category it collected: sealed (as at intake)
            // whenever the vault has a reader key. A cooperant's lists only what its grants name.
            let writer: AuditFieldWriter?
            if AuditFieldSeal.isSealed(storedText) {
                guard let keyring else {
                    throw VaultError.invalidState(what: "notice \(id) keeps its categories sealed",
                                                  remedy: Remedy("A custodian records this disclosure"))
                }
                writer = try AuditReaderStore.newestWriter(db, keyring: keyring)
            } else {
                writer = try sealsLeader(db, cooperant: cooperant, keyring: keyring)
            }
            // The reader only for a sealed list: this runs for every key issued to a cooperant.
            let reader = try AuditFieldSeal.isSealed(storedText)
                ? keyring.map { try AuditReaderStore.reader(db, keyring: $0, login: "-", pair: nil) } ?? .none : .none
            let old = Set(try list(storedText, binding: binding, reader: reader, object: "notice \(id)"))
            let categories = Array(old.union([category])).sorted()
            let storedCategories = try Self.stored(categories, binding: binding, writer: writer)
            let oldPurposes = Set(list(row["purposes"]))
            let purposes = Array(oldPurposes.union([purpose])).sorted()
            let settled = (row["delivered_on"] as String?) != nil || (row["exempt_ground"] as String?) != nil
            if settled && (!old.contains(category) || !oldPurposes.contains(purpose)) && !atMeeting {
                // A new category or purpose the person was not told about: the notice is owed again.
                try db.cachedStatement(sql: """
                    UPDATE notices SET categories = ?, purposes = ?, disclosed_on = ?, due = ?, delivered_on = NULL, delivery_method = NULL,
                        exempt_ground = NULL, exemption_sealed = NULL WHERE id = ?
                    """).execute(arguments: [storedCategories, json(purposes), today, CalendarDate.adding(months: 1, to: today)!, id])
            } else {
                try db.cachedStatement(sql: "UPDATE notices SET categories = ?, purposes = ? WHERE id = ?")
                    .execute(arguments: [storedCategories, json(purposes), id])
            }
            return
        }
        let insert = try db.cachedStatement(sql: """
            INSERT INTO notices (id, person_id, kind, cooperant_id, categories, purposes, disclosed_on, due, delivered_on, delivery_method, created_at)
            VALUES (?, ?, 'art14', ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let writer = try sealsLeader(db, cooperant: cooperant, keyring: keyring)
        _ = try RandomID.inserting(prefix: "I", from: ids) { id in
            let categories = try stored([category], binding: AuditFieldSeal.record("notice", id: id, person: person), writer: writer)
            try insert.execute(arguments: [id, person, cooperant, categories, json([purpose]), today,
                                           CalendarDate.adding(months: 1, to: today)!, atMeeting ? today : nil,
                                           atMeeting ? Notice.Method.atConsentMeeting.rawValue : nil, Timestamp.string(now)])
        }
    }

    /// The sealer for a notice of `cooperant` when it is the PZK's leader (the OPS) and the vault
    /// has a reader key; nil for any other cooperant (their notices stay JSON).
    private static func sealsLeader(_ db: Database, cooperant: String, keyring: VaultKeyring?) throws -> AuditFieldWriter? {
        guard let keyring, try String.fetchOne(db.cachedStatement(sql: "SELECT id FROM cooperants WHERE is_leader = 1")) == cooperant
        else { return nil }
        return try AuditReaderStore.newestWriter(db, keyring: keyring)
    }

    /// Records the notice the OPS owes at intake: art. 13 when the person gave the data (due
    /// the day it is collected), art. 14 naming the source when someone else did (due within a
    /// month, art. 14(3)(a)).
    static func recordIntake(
        _ db: Database, person: String, categories: [String], purpose: String, today: String, now: Date, ids: IDSource,
        source: DataSource = .person, writer: AuditFieldWriter?, leader known: String? = nil
    ) throws {
        let leader = try known ?? Self.leader(db)
        let fromPerson = source == .person
        let insert = try db.cachedStatement(sql: """
            INSERT INTO notices (id, person_id, kind, cooperant_id, categories, purposes, disclosed_on, due, created_at, source)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (person_id, kind, cooperant_id) DO NOTHING
            """)
        _ = try RandomID.inserting(prefix: "I", from: ids) { id in
            let sealed = try stored(categories, binding: AuditFieldSeal.record("notice", id: id, person: person), writer: writer)
            try insert.execute(arguments: [id, person, fromPerson ? "art13" : "art14", leader, sealed, json([purpose]), today,
                                           fromPerson ? today : CalendarDate.adding(months: 1, to: today)!, Timestamp.string(now),
                                           fromPerson ? nil : source.code])
        }
    }

    /// The leader the intake notices name (`OPS` before the registry has one): a bulk import
    /// looks it up once and passes it to
    /// ``recordIntake(_:person:categories:purpose:today:now:ids:source:writer:leader:)``.
    static func leader(_ db: Database) throws -> String {
        try String.fetchOne(db.cachedStatement(sql: "SELECT id FROM cooperants WHERE is_leader = 1")) ?? "OPS"
    }

    /// Whether the cooperant's art. 14 notice to `person` is delivered or exempted.
    static func isSettled(_ db: Database, person: String, cooperant: String) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: """
            SELECT EXISTS(SELECT 1 FROM notices WHERE person_id = ? AND kind = 'art14' AND cooperant_id = ? AND (delivered_on IS NOT NULL OR exempt_ground IS NOT NULL))
            """), arguments: [person, cooperant]) ?? false
    }

    static func notice(_ db: Database, _ row: Row, reader: AuditFieldReader) throws -> Notice {
        let id: String = row["id"]
        let binding = AuditFieldSeal.record("notice", id: id, person: row["person_id"])
        var notice = Notice(id: id, personID: row["person_id"], kind: Notice.Kind(rawValue: row["kind"]) ?? .art14,
               cooperantID: row["cooperant_id"],
               categories: try list(row["categories"], binding: binding, reader: reader, object: "notice \(id)"), purposes: list(row["purposes"]), disclosedOn: row["disclosed_on"], due: row["due"],
               deliveredOn: row["delivered_on"], method: (row["delivery_method"] as String?).flatMap(Notice.Method.init(rawValue:)),
               exemption: (row["exempt_ground"] as String?).flatMap(Notice.ExemptionGround.init(rawValue:)),
               source: (row["source"] as String?).flatMap(DataSource.init(code:)),
               deliveredSHA256: row["delivered_sha256"], deliveredTemplate: row["delivered_template"])
        notice.arrangement = try AgreementStore.arrangements(
            db, cooperant: notice.cooperantID, isLeader: CooperantStore.isLeader(db, notice.cooperantID),
            today: notice.disclosedOn
        ).first { $0.purposes.contains("*") || !Set($0.purposes).isDisjoint(with: notice.purposes) }
        return notice
    }

    /// Keeps the text of every notice delivered in this transaction: rendered by `texts` from the
    /// registry and policy as they are now, sealed under the vault key, its SHA-256 in the row
    /// and in a `notice.text` audit entry.
    static func keepDeliveredTexts(_ db: Database, _ audit: AuditLog, ids pending: Set<String>, keyring: VaultKeyring, texts: NoticeTextSource,
                                   policy: PolicySet) throws {
        guard !pending.isEmpty else { return }
        let reader = try AuditReaderStore.reader(db, keyring: keyring, login: "-", pair: nil)
        let leader = try String.fetchOne(db.cachedStatement(sql: "SELECT id FROM cooperants WHERE is_leader = 1"))
        for id in pending.sorted() {
            // Kept once: a text already recorded in the log is never replaced.
            guard try keptDigest(db, id: id) == nil else { continue }
            guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM notices WHERE id = ?"), arguments: [id]) else { continue }
            let notice = try Self.notice(db, row, reader: reader)
            var controller = try CooperantStore.fetch(db, notice.cooperantID, keyring: keyring)
            controller?.noticeParameters = try NoticeParameterStore.latest(db, cooperant: notice.cooperantID)
            let sourceID: String? = switch notice.source {
            case let .institution(id): id
            case .familyMember: nil
            case .person, nil: leader
            }
            let source = try sourceID.flatMap { try CooperantStore.fetch(db, $0, keyring: keyring) }
            let (markdown, html) = texts.render(notice, controller, source, policy)
            let kept = String(decoding: try JSONEncoder().encode([markdown, html]), as: UTF8.self)
            let digest = Hex.encode(SHA256.hash(Array(markdown.utf8) + [0] + Array(html.utf8)))
            let sealed = try SecretStore.sealRecord(db, kept, kind: "notice", id: id, part: "delivered", keyring: keyring)
            try db.cachedStatement(sql: "UPDATE notices SET delivered_text_sealed = ?, delivered_sha256 = ?, delivered_template = ? WHERE id = ?")
                .execute(arguments: [sealed, digest, texts.template, id])
            try audit.append(AuditDraft(actor: "-", action: "notice.text", personID: notice.personID,
                                        detail: "notice=\(id) template=\(texts.template) sha256=\(digest)"), in: db)
        }
    }

    /// Notices delivered without a kept text (yet).
    static func pendingTexts(_ db: Database) throws -> Set<String> {
        Set(try String.fetchAll(db.cachedStatement(sql: "SELECT id FROM notices WHERE delivered_on IS NOT NULL AND delivered_template IS NULL")))
    }

    /// The SHA-256 the audit log recorded when notice `id`'s text was kept, or nil.
    static func keptDigest(_ db: Database, id: String) throws -> String? {
        let prefix = "notice=\(id) "
        let detail = try String.fetchOne(db.cachedStatement(sql: """
            SELECT detail FROM audit_entries WHERE action = 'notice.text' AND substr(detail, 1, ?) = ? ORDER BY seq LIMIT 1
            """), arguments: [prefix.count, prefix])
        return detail?.split(separator: " ").first { $0.hasPrefix("sha256=") }.map { String($0.dropFirst("sha256=".count)) }
    }

    /// The kept text of notice `id` (Markdown, HTML), checked against the SHA-256 the audit log
    /// recorded when it was kept; nil when none was kept. A text recorded but missing, or not
    /// matching, is an integrity failure.
    static func deliveredText(_ db: Database, id: String, keyring: VaultKeyring) throws -> (markdown: String, html: String)? {
        let recorded = try keptDigest(db, id: id)
        let sealed = try Data.fetchOne(db.cachedStatement(sql: "SELECT delivered_text_sealed FROM notices WHERE id = ?"), arguments: [id])
        guard let recorded else { return nil }
        guard let sealed else {
            throw VaultError.integrityFailure(object: "notice \(id)", detail: "the text kept at delivery is missing from the file")
        }
        let parts = (try? JSONDecoder().decode([String].self, from: Data(try SecretStore.openRecord(db, sealed, kind: "notice", id: id, part: "delivered",
                                                                                                     keyring: keyring).utf8))) ?? []
        guard parts.count == 2, Hex.encode(SHA256.hash(Array(parts[0].utf8) + [0] + Array(parts[1].utf8))) == recorded else {
            throw VaultError.integrityFailure(object: "notice \(id)", detail: "the text kept at delivery does not match the SHA-256 the audit log recorded")
        }
        return (parts[0], parts[1])
    }

    /// Unsettled notices (neither delivered nor exempted) past their due day, and those due from
    /// `today` to `soon`.
    static func openDeadlines(_ db: Database, today: String, soon: String) throws -> (overdue: Int, dueSoon: Int) {
        let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT COUNT(*) FILTER (WHERE due < ?) AS overdue, COUNT(*) FILTER (WHERE due >= ? AND due <= ?) AS soon
            FROM notices WHERE delivered_on IS NULL AND exempt_ground IS NULL
            """), arguments: [today, today, soon])
        return (row?["overdue"] ?? 0, row?["soon"] ?? 0)
    }
}
