import Foundation
import GRDB
import SodiumKit

extension Session {
    /// The principal ids this user acts as: their role, and for a specialist the sector of
    /// their cooperant as registered in the PZK registry (none if it is not registered).
    func principals(_ db: Database) throws -> [String] {
        try Self.principals(db, of: user)
    }

    /// The principal ids `user` acts as (see ``principals(_:)``).
    static func principals(_ db: Database, of user: User) throws -> [String] {
        guard user.role == .specialist, let cooperant = user.cooperantID,
              let sector = try String.fetchOne(db.cachedStatement(sql: "SELECT sector FROM cooperants WHERE id = ?"),
                                               arguments: [cooperant])
        else { return [user.role.rawValue] }
        return [user.role.rawValue, sector]
    }

    /// Opens the person's values of `fields` with the grant envelopes addressed to this user,
    /// each row found by its locator under the category's key: nil when an envelope for a
    /// category (at its current key version) is missing or expired — for any category when the
    /// fields were asked for by name (`named`), for all of them otherwise. Fields without a
    /// value are left out.
    func openThroughGrants(_ db: Database, fields: [String], named: Bool, person: String, today: String) throws
        -> [String: String]?
    {
        var byCategory: [String: [String]] = [:]
        for field in fields {
            guard let category = vault.catalog.field(field)?.category else { continue }
            byCategory[category, default: []].append(field)
        }
        var values: [String: String] = [:]
        // A specialist holds no key to check the custodians' seal: a format-1 row is accepted only
        // while the signed log says the vault was not migrated, and a row at its plain field id only
        // while its rows were not moved to their locators.
        var migrated: Bool?  // asked of the log only when a row in an older format turns up
        let located = try FieldFormatMigration.locatorsDone(db)
        var opened = 0
        // Each category's key and locators first, then the person's rows in one statement for all of
        // them (a read of every field took one pass over the person's rows per category), checked
        // category by category as before. A category that ends the read (an envelope missing for
        // named fields, or one that does not open) still ends it after the rows of the categories
        // before it were checked, so the same problem is reported first.
        var keys: [(category: String, key: SecureBytes, version: Int64, locators: Int)] = []
        var at: [String: String] = [:]
        func checkRows() throws {
            var rowsOf: [String: [PersonStore.SealedField]] = [:]
            for field in try at.isEmpty ? [] : PersonStore.rows(db, person: person, at: at) {
                guard let category = vault.catalog.field(field.fieldID)?.category else { continue }
                rowsOf[category, default: []].append(field)
            }
            for (category, key, version, locators) in keys {
                // In the order PersonStore.rows gives for the category alone: by locator for a few.
                var rows = rowsOf[category] ?? []
                if locators <= 4 { rows.sort { $0.locator < $1.locator } }
                for field in rows {
                    let object = "field \(field.fieldID) of person \(person)"
                    guard field.keyVersion == version else {
                        throw VaultError.integrityFailure(
                            object: object, detail: "it is sealed under another key version than its data key")
                    }
                    if field.format != FieldCodec.currentFormat {
                        if migrated == nil { migrated = try FieldFormatMigration.isDone(db) }
                    }
                    if field.format != FieldCodec.currentFormat, migrated == true {
                        throw VaultError.integrityFailure(
                            object: object,
                            detail: "it is in format \(field.format) after the vault was migrated. "
                                + PersonStore.restore)
                    }
                    values[field.fieldID] = try FieldCodec.open(
                        field.sealed, key: key, person: person, field: field.fieldID, version: field.version,
                        keyVersion: version, format: field.format)
                }
            }
        }
        for (category, wanted) in byCategory.sorted(by: { $0.key < $1.key }) {
            guard let version = try PersonStore.keyVersion(db, person: person, category: category),
                  let envelope = try GrantStore.envelope(db, login: user.login, person: person, category: category,
                                                         keyVersion: version, today: today)
            else {
                if named { try checkRows(); return nil }
                continue
            }
            opened += 1
            var mine: [String: String] = [:]
            do {
                let key = try openEnvelope(envelope, person: person, category: category, keyVersion: version,
                                           legacy: !located)
                let locator = try FieldLocator(dataKey: key)
                for field in wanted {
                    mine[try locator.locator(person: person, field: field)] = field
                    if !located { mine[field] = field }
                }
                keys.append((category, key, version, mine.count))
            } catch {
                try checkRows()
                throw error
            }
            at.merge(mine) { first, _ in first }
        }
        try checkRows()
        return opened == 0 && !byCategory.isEmpty ? nil : values
    }

    /// The data key in a grant envelope of this user, checked against the place it was issued
    /// for (``GrantEnvelope``); `legacy` accepts an envelope an earlier release issued, before
    /// the migration re-issued them all.
    func openEnvelope(_ envelope: [UInt8], person: String, category: String, keyVersion: Int64,
                      legacy: Bool) throws -> SecureBytes {
        let object = "grant envelope of \(user.login) for '\(category)' of person \(person)"
        guard let content = try? keyPair.open(envelope) else {
            throw VaultError.integrityFailure(
                object: object, detail: "it does not open with your key (altered, or sealed to someone else)")
        }
        guard let key = try GrantEnvelope.key(in: content, person: person, category: category, keyVersion: keyVersion,
                                              legacy: legacy) else {
            throw VaultError.integrityFailure(
                object: object,
                detail: "it was issued for another category, person or key version: moved in the file, "
                    + "or put back from a copy")
        }
        return key
    }

    /// The conditions that, had they held, would have let the refused reads through: the
    /// union of the `when` lists of the permits that would then decide, minus what held.
    /// Empty when a forbid decided or no permit could ever match.
    static func missingConditions(_ refused: [(String, PolicyDecision, FactInputs)], principals: [String], purpose: Purpose,
                                  evaluator: PolicyEvaluator, catalog: FieldCatalog) -> String {
        var missing: Set<PolicyCondition> = []
        let hopeful: Set<PolicyCondition> = [.activeTeamMember, .consentOrStatute, .explicitBasis, .grantValid]
        for (fieldID, decision, inputs) in refused where decision.reason == "default-deny" {
            guard let field = catalog.field(fieldID) else { continue }
            let actual = inputs.facts(field: field, purpose: purpose)
            let would = evaluator.decide(AccessRequest(principals: principals, action: .read, fieldID: fieldID, purpose: purpose.id, facts: actual.union(hopeful)))
            guard would.allowed else { continue }
            for id in would.decidingRules {
                if let rule = evaluator.policy.rules.first(where: { $0.id == id }) { missing.formUnion(Set(rule.when).subtracting(actual)) }
            }
        }
        return PolicyCondition.allCases.filter(missing.contains).map(\.rawValue).joined(separator: ",")
    }

    /// `missing` (comma-separated condition ids) in words a specialist can act on.
    static func describe(missing: String) -> String {
        missing.split(separator: ",").map { condition -> String in
            switch PolicyCondition(rawValue: String(condition)) {
            case .activeTeamMember: return "to be an active member of an open ZZK team for this person"
            case .consentOrStatute: return "a valid consent of this person covering your institution, this category and purpose (or a purpose with a statutory basis)"
            case .explicitBasis: return "explicit consent or a statute for special-category data"
            case .grantValid: return "a live grant (not expired, not revoked) for this category"
            case .personRestricted: return "the person not to be under restriction"
            case .breakGlass: return "break-glass (an emergency, reviewed by the DPO)"
            case nil: return String(condition)
            }
        }.joined(separator: "; ")
    }
}
