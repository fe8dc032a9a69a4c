import ArgumentParser
import Foundation
import ZZKVault

struct PolicyDecideCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decide", abstract: "Decide a batch of requests (JSON lines on standard input) — for differential testing",
        discussion: """
            Each input line is one request, e.g. \
            {"principals":["specialist","police"],"action":"read","field":"identity.pesel","purpose":"case_assessment","facts":["grant_valid"]} \
            ("action" is read or write; read when left out); \
            "facts" lists the conditions that hold, every other one is false. Each output line is its decision, \
            e.g. {"allowed":true,"rules":["r1"]}, with the ids of the rules that decided it. Empty lines are \
            skipped. No vault is opened and nothing is audited.
            """)
    @Option(name: .long, help: ArgumentHelp(
        "Decide with the policy in this folder (default: the built-in default policy).", valueName: "DIR"),
        completion: .directory)
    var policies: String?

    struct Request: Decodable {
        var principals: [String]
        var action: PolicyAction?
        var field: String
        var purpose: String
        var facts: [String]
    }

    struct Answer: Encodable {
        var allowed: Bool
        var rules: [String]
    }

    func run() throws {
        let policy = try PolicySource.load(policies, vault: nil)
        let evaluator = PolicyEvaluator(policy: policy)
        let decoder = JSONDecoder()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var lineNumber = 0
        while let line = readLine(strippingNewline: true) {
            lineNumber += 1
            if line.allSatisfy(\.isWhitespace) { continue }
            let request: Request
            do {
                request = try decoder.decode(Request.self, from: Data(line.utf8))
            } catch {
                throw CommandFailure(message: "standard input line \(lineNumber) is not a request {\"principals\":[...],\"field\":...,\"purpose\":...,\"facts\":[...]}")
            }
            var facts: Set<PolicyCondition> = []
            for name in request.facts {
                guard let condition = PolicyCondition(rawValue: name) else {
                    throw CommandFailure(message: "standard input line \(lineNumber): unknown fact '\(name)'; facts are \(PolicyCondition.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                facts.insert(condition)
            }
            let decision = evaluator.decide(AccessRequest(principals: request.principals, action: request.action ?? .read, fieldID: request.field, purpose: request.purpose, facts: facts))
            print(String(decoding: try encoder.encode(Answer(allowed: decision.allowed, rules: decision.decidingRules)), as: UTF8.self))
        }
    }
}
