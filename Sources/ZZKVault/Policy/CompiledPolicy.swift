import Foundation

/// What parsing a policy's four texts gives, in a form kept between processes
/// (``PolicyCacheStore``): everything of a ``PolicySet`` but its texts and hash, which come
/// from the checked `policy_versions` row every time.
///
/// Stored as a compact binary record (``ByteWriter``) rather than JSON: decoding the default
/// policy's 50 kB of JSON took about 2 ms of every open, this about a tenth of that. A change to
/// what is stored here changes the record: bump ``PolicyCacheStore/format`` with it.
struct CompiledPolicy: Equatable {
    var catalog: FieldCatalog
    var purposes: PurposeCatalog
    var principals: [Principal]
    var rules: [PolicyRule]

    init(_ policy: PolicySet) {
        catalog = policy.catalog
        purposes = policy.purposes
        principals = policy.principals
        rules = policy.rules
    }

    /// The policy set of these parts, with the `hash` and `texts` they were parsed from.
    func policySet(hash: String, texts: [String: String]) -> PolicySet {
        PolicySet(catalog: catalog, purposes: purposes, principals: principals, rules: rules, hash: hash, texts: texts)
    }

    // MARK: - The binary record

    /// Encoded for the cache; equal policies give equal bytes.
    func encoded() -> [UInt8] {
        var out = ByteWriter()
        out.list(catalog.categories) { out, category in
            out.string(category.id)
            out.string(category.sensitivity.rawValue)
            Self.write(category.label, to: &out)
        }
        out.list(catalog.fields) { out, field in Self.write(field, to: &out) }
        out.list(purposes.purposes) { out, purpose in Self.write(purpose, to: &out) }
        out.list(principals) { out, principal in
            out.string(principal.id)
            out.string(principal.kind.rawValue)
            Self.write(principal.label, to: &out)
        }
        out.list(rules) { out, rule in Self.write(rule, to: &out) }
        return out.bytes
    }

    /// Decoded from ``encoded()``'s bytes; nil when they are not a compiled policy of this format.
    static func decoded(_ bytes: [UInt8]) -> CompiledPolicy? {
        var input = ByteReader(bytes)
        do throws(ByteReader.Malformed) {
            let categories = try input.list { input throws(ByteReader.Malformed) in
                FieldCategory(id: try input.string(), sensitivity: try input.raw(Sensitivity.self),
                              label: try readLabel(&input))
            }
            let fields = try input.list { input throws(ByteReader.Malformed) in try readField(&input) }
            let purposes = try input.list { input throws(ByteReader.Malformed) in try readPurpose(&input) }
            let principals = try input.list { input throws(ByteReader.Malformed) in
                Principal(id: try input.string(), kind: try input.raw(Principal.Kind.self),
                          label: try readLabel(&input))
            }
            let rules = try input.list { input throws(ByteReader.Malformed) in try readRule(&input) }
            guard input.isAtEnd, let catalog = FieldCatalog(categories: categories, fields: fields) else { return nil }
            return CompiledPolicy(catalog: catalog, purposes: PurposeCatalog(purposes: purposes),
                                  principals: principals, rules: rules)
        } catch {
            return nil
        }
    }

    private init(catalog: FieldCatalog, purposes: PurposeCatalog, principals: [Principal], rules: [PolicyRule]) {
        self.catalog = catalog
        self.purposes = purposes
        self.principals = principals
        self.rules = rules
    }

    private static func write(_ label: LocalizedLabel, to out: inout ByteWriter) {
        out.string(label.pl)
        out.string(label.en)
    }

    private static func readLabel(_ input: inout ByteReader) throws(ByteReader.Malformed) -> LocalizedLabel {
        LocalizedLabel(pl: try input.string(), en: try input.string())
    }

    private static func write(_ field: FieldDefinition, to out: inout ByteWriter) {
        out.string(field.id)
        out.string(field.category)
        out.string(field.sensitivity.rawValue)
        out.string(field.type.rawValue)
        write(field.label, to: &out)
        out.optional(field.maxLength) { $0.int($1) }
        out.strings(field.values)
        out.optional(field.min) { $0.int($1) }
        out.optional(field.max) { $0.int($1) }
        out.optional(field.index) { $0.string($1.rawValue) }
        out.list(field.valueLabels.sorted { $0.key < $1.key }) { out, pair in
            out.string(pair.key)
            write(pair.value, to: &out)
        }
    }

    private static func readField(_ input: inout ByteReader) throws(ByteReader.Malformed) -> FieldDefinition {
        let id = try input.string(), category = try input.string()
        let sensitivity = try input.raw(Sensitivity.self), type = try input.raw(FieldType.self)
        let label = try readLabel(&input)
        let maxLength = try input.optional { input throws(ByteReader.Malformed) in try input.int() }
        let values = try input.strings()
        let min = try input.optional { input throws(ByteReader.Malformed) in try input.int() }
        let max = try input.optional { input throws(ByteReader.Malformed) in try input.int() }
        let index = try input.optional { input throws(ByteReader.Malformed) in try input.raw(BlindIndexKind.self) }
        let pairs = try input.list { input throws(ByteReader.Malformed) in (try input.string(), try readLabel(&input)) }
        let valueLabels = Dictionary(pairs) { first, _ in first }
        guard valueLabels.count == pairs.count else { throw ByteReader.Malformed() }
        return FieldDefinition(id: id, category: category, sensitivity: sensitivity, type: type, label: label,
                               maxLength: maxLength, values: values, min: min, max: max, index: index,
                               valueLabels: valueLabels)
    }

    private static func write(_ purpose: Purpose, to out: inout ByteWriter) {
        out.string(purpose.id)
        write(purpose.label, to: &out)
        out.strings(purpose.legalBases)
        for label in [purpose.subjects, purpose.retention, purpose.externalRecipients] {
            out.optional(label) { write($1, to: &$0) }
        }
        out.list(purpose.schedule) { out, rule in
            out.string(rule.material.rawValue)
            out.string(rule.clock.rawValue)
            out.int(rule.years)
            out.optional(rule.jrwa) { $0.string($1) }
            out.optional(rule.archivalCategory) { $0.string($1) }
        }
    }

    private static func readPurpose(_ input: inout ByteReader) throws(ByteReader.Malformed) -> Purpose {
        let id = try input.string(), label = try readLabel(&input), legalBases = try input.strings()
        let subjects = try input.optional { input throws(ByteReader.Malformed) in try readLabel(&input) }
        let retention = try input.optional { input throws(ByteReader.Malformed) in try readLabel(&input) }
        let recipients = try input.optional { input throws(ByteReader.Malformed) in try readLabel(&input) }
        let schedule = try input.list { input throws(ByteReader.Malformed) in
            RetentionRule(material: try input.raw(RetentionRule.Material.self),
                          clock: try input.raw(RetentionRule.Clock.self), years: try input.int(),
                          jrwa: try input.optionalString(), archivalCategory: try input.optionalString())
        }
        return Purpose(id: id, label: label, legalBases: legalBases, subjects: subjects, retention: retention,
                       externalRecipients: recipients, schedule: schedule)
    }

    private static func write(_ rule: PolicyRule, to out: inout ByteWriter) {
        out.string(rule.id)
        out.string(rule.effect.rawValue)
        out.list(rule.actions) { $0.string($1.rawValue) }
        out.strings(rule.principals)
        out.list(rule.fields) { $0.string($1.description) }
        out.strings(rule.purposes)
        out.list(rule.when) { $0.string($1.rawValue) }
        out.string(rule.why)
        out.string(rule.location)
    }

    private static func readRule(_ input: inout ByteReader) throws(ByteReader.Malformed) -> PolicyRule {
        let id = try input.string(), effect = try input.raw(PolicyEffect.self)
        let actions = try input.list { input throws(ByteReader.Malformed) in try input.raw(PolicyAction.self) }
        let principals = try input.strings()
        let fields = try input.list { input throws(ByteReader.Malformed) in
            guard let selector = FieldSelector(try input.string()) else { throw ByteReader.Malformed() }
            return selector
        }
        let purposes = try input.strings()
        let when = try input.list { input throws(ByteReader.Malformed) in try input.raw(PolicyCondition.self) }
        return PolicyRule(id: id, effect: effect, actions: actions, principals: principals, fields: fields,
                          purposes: purposes, when: when, why: try input.string(), location: try input.string())
    }
}
