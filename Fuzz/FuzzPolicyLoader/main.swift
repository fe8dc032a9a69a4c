// libFuzzer target: the policy loader, PolicySet.parse (docs/fuzzing.md).
//
// Input: the first byte picks the file the rest replaces in the default policy set —
// 'f' fields.yaml (the catalogue), 'p' principals.yaml, 'u' purposes.yaml, anything else
// rules.yaml; the other three files stay as shipped, so a rules file is checked against the
// real catalogue. Parsing the three unchanged files again for every input would cost most of
// the time, so they are parsed once and the input goes through the same steps PolicySet.parse
// takes (catalogue, purposes, principals, then the rules checked against them). An input
// that passes is then loaded whole with PolicySet.parse, evaluated and linted.
import FuzzSupport
import ZZKVault

let defaults = DefaultPolicies.files
let defaultCatalog = try! FieldCatalog.parse(defaults["fields.yaml"]!, file: "Policies/fields.yaml")
let defaultPurposes = try! PurposeCatalog.parse(defaults["purposes.yaml"]!, file: "Policies/purposes.yaml")
let defaultPrincipals = try! PolicySet.parsePrincipals(defaults["principals.yaml"]!, file: "Policies/principals.yaml")

/// Whether the set with `name` replaced by `text` passes the loader's checks, as PolicySet.parse runs them.
func passes(_ name: String, _ text: String) throws(VaultError) {
    var catalog = defaultCatalog, purposes = defaultPurposes, principals = defaultPrincipals
    var rules = defaults["rules.yaml"]!
    switch name {
    case "fields.yaml": catalog = try FieldCatalog.parse(text, file: "Policies/" + name)
    case "purposes.yaml": purposes = try PurposeCatalog.parse(text, file: "Policies/" + name)
    case "principals.yaml": principals = try PolicySet.parsePrincipals(text, file: "Policies/" + name)
    default: rules = text
    }
    _ = try PolicySet.parseRules(rules, file: "Policies/rules.yaml", catalog: catalog, purposes: purposes, principals: principals)
}

FuzzDriver.run { bytes in
    guard let selector = bytes.first else { return }
    let name = switch selector {
    case UInt8(ascii: "f"): "fields.yaml"
    case UInt8(ascii: "p"): "principals.yaml"
    case UInt8(ascii: "u"): "purposes.yaml"
    default: "rules.yaml"
    }
    let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
    do throws(VaultError) { try passes(name, text) } catch {
        _ = error.description
        return
    }
    var files = defaults
    files[name] = text
    let policy = try! PolicySet.parse(files)
    let evaluator = PolicyEvaluator(policy: policy)
    for principal in policy.principals.prefix(3) {
        for field in policy.catalog.fields.prefix(3) {
            for purpose in policy.purposes.purposes.prefix(2) {
                for action in PolicyAction.allCases {
                    _ = evaluator.decide(AccessRequest(principals: [principal.id], action: action, fieldID: field.id,
                                                       purpose: purpose.id, facts: Set(PolicyCondition.allCases.prefix(2))))
                }
            }
        }
    }
    _ = PolicyAnalysis(policy: policy).lint()
}
