import Foundation
import Hummingbird
import ZZKDocuments
import ZZKVault

/// The policy's versions for the IOD and the administrator: the one in force and the proposals
/// waiting, each with what it changes and what lint reports; the IOD approves or rejects them
/// here (an administrator proposes with `zzk policy apply`, and may withdraw a proposal).
extension PageRoutes {
    func policy(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try await withSession(request) { session in
            let t = text(request)
            let language = PageRenderer.language(request)
            let (versions, decisions) = try await session.handle.perform { session throws(VaultError) in
                let versions = try session.policyVersions()
                // What each proposal changes, decision by decision: the IOD approves what rules do, not their ids.
                var decisions: [String: (changes: [PolicyAnalysis.Change], labels: PolicySet)] = [:]
                if let active = versions.last(where: { $0.state == .active }) {
                    let current = try PolicySet.parse(try session.policyTexts(hash: active.hash), directory: "(in force)")
                    for proposal in versions where proposal.state == .proposed {
                        let proposed = try PolicySet.parse(try session.policyTexts(hash: proposal.hash), directory: "proposal")
                        decisions[proposal.hash] = (PolicyAnalysis(policy: proposed).changes(since: current), proposed)
                    }
                }
                return (versions, decisions)
            }
            let running = state.vault.policy.hash
            let active = versions.last { $0.state == .active }
            let proposals = versions.filter { $0.state == .proposed }.map { version -> [String: Any] in
                let changes = version.changes
                return [
                    "hash": version.hash, "short": String(version.hash.prefix(12)), "proposedBy": version.proposedBy,
                    "proposedAt": version.proposedAt, "files": changes?.files.joined(separator: ", ") ?? "",
                    "added": changes?.rulesAdded.joined(separator: ", ") ?? "",
                    "removed": changes?.rulesRemoved.joined(separator: ", ") ?? "",
                    "changed": changes?.rulesChanged.joined(separator: ", ") ?? "",
                    "findings": (version.findings ?? []).map {
                        ["text": $0.description, "warning": $0.severity == .warning]
                    },
                    "hasFindings": !(version.findings ?? []).isEmpty,
                    "decisions": Self.decisionRows(decisions[version.hash], t: t, language: language),
                    "decisionCount": decisions[version.hash]?.changes.count ?? 0,
                    "moreDecisions": max(0, (decisions[version.hash]?.changes.count ?? 0) - Self.decisionRowLimit),
                    "hasMoreDecisions": (decisions[version.hash]?.changes.count ?? 0) > Self.decisionRowLimit,
                ]
            }
            var values: [String: Any] = [
                "csrf": session.csrfToken, "isDPO": session.user.role == .dpo, "proposals": proposals,
                "noProposals": proposals.isEmpty,
                "activeHash": active?.hash ?? running,
                "activeBy": active?.approvedBy.map { "\($0), \(active?.approvedAt ?? "")" } ?? t["policyNotApproved"]!,
            ]
            // An approved version takes effect when the service is started again.
            if let active, active.hash != running { values["restartNeeded"] = String(running.prefix(12)) }
            return renderer.page(
                "policy", title: t["policyTitle"]!, request: request, user: PageUser(session: session), values: values,
                message: Self.done(request, t))
        }
    }

    /// Decision changes shown per proposal; the rest are counted.
    static let decisionRowLimit = 200

    /// Each changed decision with the policy's labels: who, which field, for which purpose, before and after.
    static func decisionRows(
        _ decisions: (changes: [PolicyAnalysis.Change], labels: PolicySet)?, t: [String: String], language: DocumentLanguage
    ) -> [[String: Any]] {
        guard let (changes, policy) = decisions else { return [] }
        return changes.prefix(decisionRowLimit).map { change in
            [
                "action": t["decision.\(change.action.rawValue)"] ?? change.action.rawValue,
                "principal": policy.principals.first { $0.id == change.principal }?.label.text(language) ?? change.principal,
                "field": policy.catalog.field(change.field)?.label.text(language) ?? change.field,
                "purpose": policy.purposes.purpose(change.purpose)?.label.text(language) ?? change.purpose,
                "before": change.before, "after": change.after,
            ]
        }
    }

    func approvePolicy(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try await decidePolicy(request, context: context, approve: true)
    }

    func rejectPolicy(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try await decidePolicy(request, context: context, approve: false)
    }

    /// The IOD's decision on the proposal named in the path (the vault checks role and hash).
    private func decidePolicy(_ request: Request, context: ZZKRequestContext, approve: Bool) async throws -> Response {
        try await withSession(request) { session in
            _ = try await PageForm.fields(from: request, session: session)
            let hash = try context.parameters.require("hash")
            _ = try await session.handle.perform { session throws(VaultError) in
                approve ? try session.approvePolicy(hash: hash) : try session.rejectPolicy(hash: hash)
            }
            return PageRenderer.redirect("/policy?done=\(approve ? "policyApproved" : "policyRejected")")
        }
    }
}
