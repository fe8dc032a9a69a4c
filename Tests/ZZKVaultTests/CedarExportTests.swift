import Foundation
import Testing
@testable import ZZKVault

/// A small policy with every rule shape the Cedar export has to write.
private enum CedarWorld {
    static let files = [
        "fields.yaml": PolicyWorld.fields,
        "purposes.yaml": PolicyWorld.purposes,
        "principals.yaml": PolicyWorld.principals,
        "rules.yaml": """
            version: 1
            rules:
              - {id: police-violence, effect: permit, who: [police, school], fields: [identity.pesel, "category:identity", "sensitivity:art10"], purposes: [violence_prevention, case_assessment], when: [grant_valid, consent_or_statute], why: Police see identity and convictions under the statute.}
              - {id: restricted, effect: forbid, who: ["*"], fields: ["*"], purposes: ["*"], when: [person_restricted], why: Restriction closes everything.}
              - {id: sw-names, effect: permit, actions: [write, read], who: [social-worker], fields: [identity.last_name, identity.pesel], purposes: [case_assessment], why: Case work needs the name.}
              - {id: no-health-school, effect: forbid, actions: [read], who: [school], fields: ["sensitivity:art9"], purposes: ["*"], why: Schools never see health data.}
              - {id: 'odd/"id"\\x', effect: permit, who: [dpo, "*"], fields: ["category:health"], purposes: [case_assessment], why: "A why on\\ntwo lines."}
            """,
    ]

    static func policy() throws -> PolicySet { try PolicySet.parse(files) }
}

@Suite("Cedar export")
struct CedarExportTests {
    @Test("the policies are exact Cedar: scopes, sets in `when`, conditions, forbids, '*' listed out and escaped ids")
    func policiesText() throws {
        let policy = try CedarWorld.policy()
        let expected = """
            // ZZK Vault policy exported to Cedar by `zzk policy export --cedar`.
            // Policy set SHA-256: \(policy.hash)
            // Default deny; any satisfied forbid overrides every permit, as in the vault's own evaluator.
            // Schema: schema.cedarschema. Entity data (principals, categories, sensitivities, fields): entities.json.

            // Police see identity and convictions under the statute.
            @id("police-violence")
            permit (
              principal,
              action in [ZZK::Action::"read:violence_prevention", ZZK::Action::"read:case_assessment"],
              resource
            )
            when {
              principal in [ZZK::Principal::"police", ZZK::Principal::"school"] &&
              (resource in ZZK::Field::"identity.pesel" || resource in ZZK::Category::"identity" || resource in ZZK::Sensitivity::"art10") &&
              context.consent_or_statute &&
              context.grant_valid
            };

            // Restriction closes everything.
            @id("restricted")
            forbid (
              principal,
              action,
              resource
            )
            when {
              principal in [
                ZZK::Principal::"admin", ZZK::Principal::"social-worker", ZZK::Principal::"network-worker",
                ZZK::Principal::"specialist", ZZK::Principal::"dpo", ZZK::Principal::"police",
                ZZK::Principal::"school"
              ] &&
              resource in [
                ZZK::Field::"identity.last_name", ZZK::Field::"identity.pesel", ZZK::Field::"health.diagnosis",
                ZZK::Field::"justice.probation"
              ] &&
              context.person_restricted
            };

            // Case work needs the name.
            @id("sw-names")
            permit (
              principal in ZZK::Principal::"social-worker",
              action in [ZZK::Action::"read:case_assessment", ZZK::Action::"write:case_assessment"],
              resource
            )
            when { resource in [ZZK::Field::"identity.last_name", ZZK::Field::"identity.pesel"] };

            // Schools never see health data.
            @id("no-health-school")
            forbid (
              principal in ZZK::Principal::"school",
              action in ZZK::Action::"read",
              resource in ZZK::Sensitivity::"art9"
            );

            // A why on two lines.
            @id("odd/\\"id\\"\\\\x")
            permit (
              principal,
              action == ZZK::Action::"read:case_assessment",
              resource in ZZK::Category::"health"
            )
            when {
              principal in [
                ZZK::Principal::"admin", ZZK::Principal::"social-worker", ZZK::Principal::"network-worker",
                ZZK::Principal::"specialist", ZZK::Principal::"dpo", ZZK::Principal::"police",
                ZZK::Principal::"school"
              ]
            };

            """
        #expect(CedarExport.policies(policy) == expected)
    }

    @Test("no exported rule leaves principal or resource open: '*' lists the declared principals and catalogued fields")
    func closedScopes() throws {
        for policy in [try CedarWorld.policy(), try PolicySet.parse(DefaultPolicies.files)] {
            let blocks = CedarExport.policies(policy).components(separatedBy: ";\n").dropLast()
            #expect(blocks.count == policy.rules.count)
            for (rule, block) in zip(policy.rules, blocks) {
                // A bare scope is only written with a `when` term that lists what it may be.
                if block.contains("\n  principal,\n") { #expect(block.contains("principal in ["), "\(rule.id)") }
                if block.contains("\n  resource\n)") { #expect(block.contains("resource in "), "\(rule.id)") }
                if rule.principals.contains("*") {
                    for principal in policy.principals {
                        #expect(block.contains(CedarExport.entity("Principal", principal.id)), "\(rule.id)")
                    }
                }
                if rule.fields.contains(.all) {
                    for field in policy.catalog.fields {
                        #expect(block.contains(CedarExport.entity("Field", field.id)), "\(rule.id)")
                    }
                }
            }
        }
    }

    @Test("every rule id appears in exactly one @id annotation")
    func everyRuleOnce() throws {
        for policy in [try CedarWorld.policy(), try PolicySet.parse(DefaultPolicies.files)] {
            let text = CedarExport.policies(policy)
            #expect(text.components(separatedBy: "\n@id(").count - 1 == policy.rules.count)
            for rule in policy.rules {
                let annotation = "@id(\(CedarExport.quoted(rule.id)))\n"
                #expect(text.components(separatedBy: annotation).count == 2, "rule \(rule.id)")
            }
            #expect(text.components(separatedBy: ";\n").count - 1 == policy.rules.count)
        }
    }

    @Test("the schema declares the entity types, the conditions, and a read and a write action per purpose in their groups")
    func schemaText() throws {
        let policy = try CedarWorld.policy()
        let expected = """
            // ZZK Vault policy schema, exported by `zzk policy export --cedar`.
            // Policy set SHA-256: \(policy.hash)
            namespace ZZK {
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
                active_team_member: Bool,
                consent_or_statute: Bool,
                explicit_basis: Bool,
                grant_valid: Bool,
                person_restricted: Bool,
                break_glass: Bool
              };
              // Action groups: every read, every write.
              action "read", "write";
              // Reading a field, one action per purpose of purposes.yaml.
              action "read:case_assessment", "read:violence_prevention" in ["read"] appliesTo {
                principal: [Actor],
                resource: [Field],
                context: Conditions
              };
              // Writing a field, one action per purpose of purposes.yaml.
              action "write:case_assessment", "write:violence_prevention" in ["write"] appliesTo {
                principal: [Actor],
                resource: [Field],
                context: Conditions
              };
            }

            """
        #expect(CedarExport.schema(policy) == expected)
    }

    @Test("the entities list every principal, category and sensitivity, and every field under its category and sensitivity")
    func entitiesJSON() throws {
        let policy = try CedarWorld.policy()
        let data = Data(CedarExport.entities(policy).utf8)
        let list = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        func uid(_ value: Any?) -> String {
            let map = value as? [String: String] ?? [:]
            return "\(map["type"] ?? "?")::\"\(map["id"] ?? "?")\""
        }
        var parents: [String: [String]] = [:]
        for entity in list {
            parents[uid(entity["uid"])] = (entity["parents"] as? [Any] ?? []).map(uid)
            #expect((entity["attrs"] as? [String: Any])?.isEmpty == true)
        }
        #expect(list.count == 7 + 3 + 3 + 4)
        for principal in policy.principals { #expect(parents["ZZK::Principal::\"\(principal.id)\""] == []) }
        for category in ["identity", "health", "justice"] { #expect(parents["ZZK::Category::\"\(category)\""] == []) }
        for sensitivity in ["ordinary", "art9", "art10"] { #expect(parents["ZZK::Sensitivity::\"\(sensitivity)\""] == []) }
        #expect(parents["ZZK::Field::\"identity.pesel\""] == ["ZZK::Category::\"identity\"", "ZZK::Sensitivity::\"ordinary\""])
        #expect(parents["ZZK::Field::\"health.diagnosis\""] == ["ZZK::Category::\"health\"", "ZZK::Sensitivity::\"art9\""])
        #expect(parents["ZZK::Field::\"justice.probation\""] == ["ZZK::Category::\"justice\"", "ZZK::Sensitivity::\"art10\""])
    }

    @Test("Cedar and JSON string literals escape quotes, backslashes and control characters")
    func quoting() {
        #expect(CedarExport.quoted("plain-id_1.x") == "\"plain-id_1.x\"")
        #expect(CedarExport.quoted("a\"b\\c") == "\"a\\\"b\\\\c\"")
        #expect(CedarExport.quoted("line\nnext\ttab\u{1}") == "\"line\\nnext\\ttab\\u{1}\"")
        #expect(CedarExport.quoted("żółw") == "\"żółw\"")
        #expect(CedarExport.json("a\"b\\c\n\u{1}ż") == "\"a\\\"b\\\\c\\n\\u0001ż\"")
    }
}
