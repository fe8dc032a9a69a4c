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
/// above it. A `*` among the principals stands for every declared principal, and a `*` among
/// the fields for every catalogued field, listed by name (see *Closed scopes*); a `*` among the
/// purposes leaves the action to the action groups. One principal or one field
/// selector goes into the scope (`principal in ZZK::Principal::"police"`,
/// `resource in ZZK::Category::"health"`); several go into the `when` clause, because Cedar's
/// grammar takes an entity list in the scope only for `action`
/// (`principal in [ZZK::Principal::"police", ZZK::Principal::"school"]`). Field selectors of
/// different kinds are joined with `||`, one set per entity type, since Cedar's strict validator
/// refuses a set literal that mixes entity types. The rule's conditions follow as
/// `context.<condition>` terms joined with `&&`.
///
/// ## Closed scopes
///
/// The vault matches rules only against what it declares: an actor's undeclared principal ids
/// are skipped, and a field outside the catalogue matches no rule. Cedar's `Actor` and `Field`
/// types are open (any id), so a bare `principal` or `resource` would also match an actor
/// holding no declared principal, or a field the vault does not know, and a Cedar analysis of
/// the export would overstate access. So no exported rule leaves them bare: `*` becomes
/// `principal in [every declared Principal]` and `resource in [every catalogued Field]`. Actions
/// need no such list: the schema declares one per purpose, and Cedar validates requests
/// against it, so an undeclared purpose cannot be asked.
///
/// Forbids are closed the same way. On the vault's domain (an actor holding at least one
/// declared principal, a catalogued field) the added terms are true, so they change nothing.
/// Outside it the vault matches no rule at all, permit or forbid, and denies with no deciding
/// rule; a closed forbid stays silent there too, so Cedar reports the same default deny,
/// whereas an open one would name a determining policy the vault does not. Closing a forbid
/// cannot let anything through, since every permit is closed the same way.
///
/// ## Equivalence
///
/// Cedar decides as ``PolicyEvaluator`` does — default deny, any satisfied `forbid` overrides
/// every `permit` — so for every request (the principal an actor whose parents are
/// `Principal`s, the resource a `Field`, a declared action) the two agree on allow/deny, and
/// the `@id`s of Cedar's determining policies are ``PolicyDecision/decidingRules``, given the
/// exported entity data (which places each catalogued field in its category and sensitivity).
/// `scripts/cedar-differential.py` checks this on random policies and requests.
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
    /// `when { context.person_restricted };`. A `*` is written out as the list of every
    /// declared principal or catalogued field, wrapped at 100 columns:
    ///
    /// ```cedar
    /// // Restriction closes everything.
    /// @id("restricted")
    /// forbid (
    ///   principal,
    ///   action,
    ///   resource
    /// )
    /// when {
    ///   principal in [
    ///     ZZK::Principal::"admin", ZZK::Principal::"social-worker", ZZK::Principal::"police"
    ///   ] &&
    ///   resource in [ZZK::Field::"identity.last_name", ZZK::Field::"identity.pesel"] &&
    ///   context.person_restricted
    /// };
    /// ```
    public static func policies(_ policy: PolicySet) -> String {
        var out = """
            // ZZK Vault policy exported to Cedar by `zzk policy export --cedar`.
            // Policy set SHA-256: \(policy.hash)
            // Default deny; any satisfied forbid overrides every permit, as in the vault's own evaluator.
            // Schema: schema.cedarschema. Entity data (principals, categories, sensitivities, fields): entities.json.

            """
        for rule in policy.rules {
            out += "\n" + self.policy(rule, in: policy)
        }
        return out
    }

    /// One rule of `policy` as one Cedar policy, ending with `;` and a newline.
    static func policy(_ rule: PolicyRule, in policy: PolicySet) -> String {
        var scope: [String] = []
        var when: [String] = []

        // A `*` is every declared principal, never a bare `principal` (see "Closed scopes").
        var principals = unique(rule.principals)
        if principals.contains("*") { principals = policy.principals.map(\.id) }
        if principals.count == 1 {
            scope.append("principal in \(entity("Principal", principals[0]))")
        } else {
            scope.append("principal")
            let list = principals.map { entity("Principal", $0) }
            when.append(list.isEmpty ? "false" : "principal in \(set(list))")
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

        // A `*` is every catalogued field, never a bare `resource` (see "Closed scopes").
        var selectors = unique(rule.fields)
        if selectors.contains(.all) { selectors = policy.catalog.fields.map { .field($0.id) } }
        if selectors.isEmpty {
            scope.append("resource")
            when.append("false")
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
                group.count == 1 ? "resource in \(group[0])" : "resource in \(set(group))"
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
            let fits = line.count <= 100 && !line.contains("\n")
            text += fits ? "\n" + line : "\nwhen {\n  \(when.joined(separator: " &&\n  "))\n}"
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

    /// A Cedar set literal of `items` for a term of a `when` clause: on one line when it fits in
    /// 80 characters, else one item after another in lines of at most 100 columns, indented
    /// under the term, with the closing bracket on its own line.
    static func set(_ items: [String]) -> String {
        let flat = "[\(items.joined(separator: ", "))]"
        guard flat.count > 80 else { return flat }
        var lines: [String] = []
        var line = ""
        for item in items {
            if !line.isEmpty, 4 + line.count + 2 + item.count + 1 > 100 {
                lines.append(line + ",")
                line = ""
            }
            line += line.isEmpty ? item : ", " + item
        }
        lines.append(line)
        return "[\n" + lines.map { "    " + $0 }.joined(separator: "\n") + "\n  ]"
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
