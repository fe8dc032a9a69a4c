/// Writes a ``PolicySet`` as Cedar: policies, a schema and the entity data, so Cedar's own
/// validator and analysis tools can check the same policy the vault applies.
///
/// ## The mapping
///
/// Everything lives in the namespace `ZZK`:
///
/// - `ZZK::Principal::"<id>"`: one entity per `principals.yaml` id (a staff role or a cooperant
///   sector).
/// - `ZZK::Actor`: the requester. An actor entity's parents are the `Principal` entities of the
///   request's principal ids (their role, and their cooperant's sector if any). Actors are not
///   exported: the caller adds one per request.
/// - `ZZK::Category::"<id>"` and `ZZK::Sensitivity::"ordinary|art9|art10"`, and
///   `ZZK::Field::"<category.field>"` whose parents are its category and its sensitivity.
/// - `ZZK::Action::"read:<purpose id>"` and `ZZK::Action::"write:<purpose id>"`: one action per
///   ``PolicyAction`` and purpose, each applying to principal `Actor` and resource `Field`, with a
///   context record of the six boolean conditions named by ``PolicyCondition``'s raw values. They
///   belong to the action groups `ZZK::Action::"read"` and `ZZK::Action::"write"`, so a rule for
///   every purpose but one action is `action in ZZK::Action::"read"`.
///
/// Each rule becomes one Cedar policy annotated `@id("<rule id>")`, with its `why` as a comment
/// above it. A `*` leaves that part of the scope unconstrained. One principal or one field
/// selector goes into the scope (`principal in ZZK::Principal::"police"`,
/// `resource in ZZK::Category::"health"`); several go into the `when` clause, because Cedar's
/// grammar takes an entity list in the scope only for `action`
/// (`principal in [ZZK::Principal::"police", ZZK::Principal::"school"]`). Field selectors of
/// different kinds are joined with `||`, one set per entity type, since Cedar's strict validator
/// refuses a set literal that mixes entity types. The rule's conditions follow as
/// `context.<condition>` terms joined with `&&`.
///
/// ## Equivalence
///
/// Cedar decides as ``PolicyEvaluator`` does — default deny, any satisfied `forbid` overrides
/// every `permit` — so for every request the vault can make (an actor holding at least one
/// declared principal, a catalogued field, a declared purpose) the two agree on allow/deny, and
/// the `@id`s of Cedar's determining policies are ``PolicyDecision/decidingRules``.
/// `scripts/cedar-differential.py` checks this on random policies and requests. Outside that
/// domain they can differ: the vault denies an actor none of whose principal ids is declared,
/// and a field or purpose it does not know, while a Cedar policy with an unconstrained scope would
/// still match such a request (Cedar's request validation against the schema rejects an unknown
/// action).
public enum CedarExport {
    /// The Cedar namespace of every exported type.
    public static let namespace = "ZZK"

    /// The rules as Cedar policies, one per rule in file order, each annotated with its id.
    ///
    /// A permit for two principals, two purposes, a field and a category under two conditions
    /// becomes:
    ///
    /// ```cedar
    /// // Police see identity and the city for statutory violence work.
    /// @id("police-identity")
    /// permit (
    ///   principal,
    ///   action in [ZZK::Action::"read:case_assessment", ZZK::Action::"read:violence_prevention"],
    ///   resource
    /// )
    /// when {
    ///   principal in [ZZK::Principal::"police", ZZK::Principal::"school"] &&
    ///   (resource in ZZK::Field::"contact.city" || resource in ZZK::Category::"identity") &&
    ///   context.consent_or_statute &&
    ///   context.grant_valid
    /// };
    /// ```
    ///
    /// A `when` clause of at most 100 characters stays on one line:
    /// `when { context.person_restricted };`.
    public static func policies(_ policy: PolicySet) -> String {
        var out = """
            // ZZK Vault policy exported to Cedar by `zzk policy export --cedar`.
            // Policy set SHA-256: \(policy.hash)
            // Default deny; any satisfied forbid overrides every permit, as in the vault's own evaluator.
            // Schema: schema.cedarschema. Entity data (principals, categories, sensitivities, fields): entities.json.

            """
        for rule in policy.rules {
            out += "\n" + self.policy(rule)
        }
        return out
    }

    /// One rule as one Cedar policy, ending with `;` and a newline.
    static func policy(_ rule: PolicyRule) -> String {
        var scope: [String] = []
        var when: [String] = []

        let principals = unique(rule.principals)
        if principals.contains("*") {
            scope.append("principal")
        } else if principals.count == 1 {
            scope.append("principal in \(entity("Principal", principals[0]))")
        } else {
            scope.append("principal")
            when.append("principal in [\(principals.map { entity("Principal", $0) }.joined(separator: ", "))]")
        }

        let purposes = unique(rule.purposes)
        let actions = PolicyAction.allCases.filter(rule.actions.contains)
        if purposes.contains("*") {
            if actions.count == PolicyAction.allCases.count {
                scope.append("action")
            } else if actions.count == 1 {
                scope.append("action in \(entity("Action", actions[0].rawValue))")
            } else {
                scope.append("action in [\(actions.map { entity("Action", $0.rawValue) }.joined(separator: ", "))]")
            }
        } else {
            let ids = actions.flatMap { action in purposes.map { actionID(action, $0) } }
            if ids.count == 1 {
                scope.append("action == \(entity("Action", ids[0]))")
            } else {
                scope.append("action in [\(ids.map { entity("Action", $0) }.joined(separator: ", "))]")
            }
        }

        let selectors = unique(rule.fields)
        if selectors.contains(.all) {
            scope.append("resource")
        } else if selectors.count == 1 {
            scope.append("resource in \(resourceEntity(selectors[0]))")
        } else {
            scope.append("resource")
            // One set per entity type: Cedar's strict validator refuses a set mixing types.
            var groups: [[String]] = [[], [], []]
            for selector in selectors {
                switch selector {
                case .field: groups[0].append(resourceEntity(selector))
                case .category: groups[1].append(resourceEntity(selector))
                case .sensitivity: groups[2].append(resourceEntity(selector))
                case .all: break
                }
            }
            let terms = groups.filter { !$0.isEmpty }.map { group in
                group.count == 1 ? "resource in \(group[0])" : "resource in [\(group.joined(separator: ", "))]"
            }
            when.append(terms.count == 1 ? terms[0] : "(" + terms.joined(separator: " || ") + ")")
        }

        // In the order of PolicyCondition.allCases, so equal rules export equally.
        when += PolicyCondition.allCases.filter(rule.when.contains).map { "context.\($0.rawValue)" }

        var text = ""
        let why = rule.why.split(whereSeparator: \.isNewline).joined(separator: " ")
        if !why.isEmpty { text += "// \(why)\n" }
        text += "@id(\(quoted(rule.id)))\n"
        text += "\(rule.effect.rawValue) (\n  \(scope.joined(separator: ",\n  "))\n)"
        if !when.isEmpty {
            let line = "when { \(when.joined(separator: " && ")) }"
            // A long clause gets one term per line, so a reader can go through it.
            text += line.count <= 100 ? "\n" + line : "\nwhen {\n  \(when.joined(separator: " &&\n  "))\n}"
        }
        return text + ";\n"
    }

    /// The Cedar schema in the human-readable `.cedarschema` syntax.
    public static func schema(_ policy: PolicySet) -> String {
        var out = """
            // ZZK Vault policy schema, exported by `zzk policy export --cedar`.
            // Policy set SHA-256: \(policy.hash)
            namespace \(namespace) {
              // A principals.yaml id: a staff role or a cooperant sector.
              entity Principal;
              // The requester; its parents are the Principal entities of its role and its cooperant's sector.
              entity Actor in [Principal];
              // A category of fields.yaml: the unit of encryption.
              entity Category;
              // ordinary, art9 (RODO art. 9) or art10 (RODO art. 10).
              entity Sensitivity;
              // A field of fields.yaml, in its category and its sensitivity.
              entity Field in [Category, Sensitivity];
              // The facts a rule's `when` list may test, computed by the vault for each request.
              type Conditions = {

            """
        out += PolicyCondition.allCases.map { "    \($0.rawValue): Bool" }.joined(separator: ",\n")
        out += "\n  };\n"
        let purposes = policy.purposes.purposes.map(\.id)
        out += "  // Action groups: every read, every write.\n"
        out += "  action \(PolicyAction.allCases.map { quoted($0.rawValue) }.joined(separator: ", "));\n"
        if !purposes.isEmpty {
            for action in PolicyAction.allCases {
                out += "  // \(action == .read ? "Reading" : "Writing") a field, one action per purpose of purposes.yaml.\n"
                out += "  action \(purposes.map { quoted(actionID(action, $0)) }.joined(separator: ", ")) in [\(quoted(action.rawValue))] appliesTo {\n"
                out += "    principal: [Actor],\n    resource: [Field],\n    context: Conditions\n  };\n"
            }
        }
        return out + "}\n"
    }

    /// The Cedar action id of `action` for `purpose`, e.g. `read:case_assessment`.
    public static func actionID(_ action: PolicyAction, _ purpose: String) -> String {
        "\(action.rawValue):\(purpose)"
    }

    /// The entity data as Cedar's entities JSON, one entity per line: every principal, category
    /// and sensitivity, and every field with its category and sensitivity as parents. Actions come
    /// from the schema and actors from each request, so neither is listed.
    public static func entities(_ policy: PolicySet) -> String {
        func uid(_ type: String, _ id: String) -> String {
            "{\"type\": \(json("\(namespace)::\(type)")), \"id\": \(json(id))}"
        }
        func entity(_ type: String, _ id: String, parents: [String] = []) -> String {
            "{\"uid\": \(uid(type, id)), \"attrs\": {}, \"parents\": [\(parents.joined(separator: ", "))]}"
        }
        var lines: [String] = []
        lines += policy.principals.map { entity("Principal", $0.id) }
        lines += policy.catalog.categories.map { entity("Category", $0.id) }
        lines += Sensitivity.allCases.map { entity("Sensitivity", $0.rawValue) }
        lines += policy.catalog.fields.map {
            entity("Field", $0.id, parents: [uid("Category", $0.category), uid("Sensitivity", $0.sensitivity.rawValue)])
        }
        return "[\n" + lines.map { "  " + $0 }.joined(separator: ",\n") + "\n]\n"
    }

    /// A JSON string literal.
    static func json(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    private static func resourceEntity(_ selector: FieldSelector) -> String {
        switch selector {
        case let .field(id): return entity("Field", id)
        case let .category(id): return entity("Category", id)
        case let .sensitivity(value): return entity("Sensitivity", value.rawValue)
        case .all: return "resource"
        }
    }

    /// `ZZK::<type>::"<id>"`.
    static func entity(_ type: String, _ id: String) -> String {
        "\(namespace)::\(type)::\(quoted(id))"
    }

    /// A Cedar string literal.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\0": out += "\\0"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    private static func unique<T: Equatable>(_ items: [T]) -> [T] {
        var result: [T] = []
        for item in items where !result.contains(item) { result.append(item) }
        return result
    }
}
